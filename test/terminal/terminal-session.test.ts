import { spawn } from "node:child_process";
import { mkdtemp, open, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loadCourse } from "../../src/retrieval/content/load-course.js";
import type { MultipleChoiceItem } from "../../src/retrieval/content/schema.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { runTutor } from "../support/run-tutor.js";
import { SAMPLE_CONTENT_DIR } from "../support/tutor-fixture.js";

const REPO = path.resolve(import.meta.dirname, "../..");
// Each test starts the tutor as a process (tsx, the sample course): over 20 s on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

/** The first item a new student is given: the first item of the course's root skill (deterministic). */
async function firstItem(): Promise<MultipleChoiceItem> {
  const load = await loadCourse(path.join(SAMPLE_CONTENT_DIR, "python-basics"), SAMPLE_CONTENT_DIR);
  const root = load.course!.manifest.skills.find((skill) => skill.prerequisites.length === 0)!;
  const item = load.course!.items.find((doc) => doc.item.skill === root.id && doc.item.difficulty === "beginner")!.item;
  if (item.type !== "multiple_choice") throw new Error(`expected a multiple-choice first item, got ${item.type}`);
  return item;
}

let dir: string;
let env: Record<string, string>;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tutor-terminal-"));
  const config = path.join(dir, "tutor.config.yaml");
  await writeFile(config, "");
  env = { TUTOR_DATA_DIR: path.join(dir, "data"), TUTOR_CONTENT_DIR: SAMPLE_CONTENT_DIR, TUTOR_CONFIG: config, OLLAMA_TIMEOUT_MS: "10000" };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the terminal chat, as the README runs it", () => {
  let fake: FakeOllama;
  beforeAll(async () => {
    fake = await startFakeOllama({ respond: () => "A for loop repeats its block for each item of a sequence [1]." });
  });
  afterAll(async () => {
    await fake.stop();
  });

  it("answers with citations, runs a quiz, shows mastery change, and forgets on request", async () => {
    const item = await firstItem();
    const wrong = item.answer === "A" ? "B" : "A";
    const run = await runTutor({ ...env, OLLAMA_HOST: fake.url }, [
      "How does a for loop work?",
      "/quiz",
      wrong,
      "/hint",
      item.answer,
      "/progress",
      "/export",
      "/forget-me",
      "/forget-me confirm",
      "/progress",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout;

    // A streamed, cited answer.
    expect(out).toContain("A for loop repeats its block for each item of a sequence [1].");
    expect(out).toMatch(/Sources:\n {2}- .+ \(lessons\/\d\d-[a-z-]+\.md:\d+-\d+\)/);
    const system = (fake.requests.find((request) => request.path === "/api/chat")?.body as { messages: Array<{ content: string }> })
      .messages[0]!.content;
    expect(system).toContain("Course passages");

    // The quiz item, its choices as commands, then the miss, the hint and the late right answer.
    expect(out).toContain(item.prompt.trim());
    expect(out).toContain(`${item.answer}: /answer ${item.answer}`);
    expect(out).toContain(`❌ Not quite. ${wrong} is not right.`);
    expect(out).toContain("Mastery of Values and types: 20% → 18%.");
    expect(out).toContain(`💡 Hint 1 of ${item.hints.length}: ${item.hints[0]}`);
    expect(out).toContain("✅ Correct!");
    expect(out).toContain("Mastery of Values and types stays at 18% (only the first try counts).");

    // Progress before and after forgetting.
    const progress = out.split("**Your progress in Python Basics**");
    expect(progress).toHaveLength(3);
    expect(progress[1]).toContain("18% Values and types — 0/1 right, recent ✗");
    expect(out).toMatch(/📎 Everything I keep about you.*Saved to .*my-tutor-data\.json/);
    expect(await readdir(path.join(dir, "data", "exports"))).toContain("my-tutor-data.json");
    expect(out).toContain("Are you sure?");
    expect(out).toContain("Yes, delete my data: /forget-me confirm");
    expect(out).toMatch(/Done: I deleted everything I kept about you \(\d+ records\)/);
    expect(progress[2]).toContain("20% Values and types — not practised yet");
  });
});

describe("the terminal chat with Ollama down", () => {
  it("says to run `ollama serve` once and answers from the passages", async () => {
    // Port 9 (discard) is privileged: no test server can be listening there, unlike a freed ephemeral port.
    const run = await runTutor({ ...env, OLLAMA_HOST: "http://127.0.0.1:9" }, ["How does a for loop work?", "What is a list?", "/quiz"]);
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out.match(/`ollama serve`/g)).toHaveLength(1);
    expect(out.match(/Here is what the course says:/g)).toHaveLength(2);
    expect(out).toMatch(/Sources:\n {2}- .+ \(lessons\/\d\d-[a-z-]+\.md:\d+-\d+\)/);
    expect(out).toContain("**Question** · Values and types");
  });
});

describe("the terminal's operator and teacher commands", () => {
  it("is a teacher when the config names `terminal` among the course's teachers", async () => {
    await writeFile(env.TUTOR_CONFIG!, "teachers:\n  python-basics: [terminal]\n");
    const run = await runTutor({ ...env, OLLAMA_HOST: "http://127.0.0.1:9" }, ["/content list"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Files of python-basics:\n- course\.yaml/);
  });
});

describe("logs in the terminal chat", () => {
  it("go to TUTOR_DATA_DIR/tutor.log when stderr is the chat's own screen, never between the replies", async () => {
    const transcript = path.join(dir, "transcript.txt");
    const out = await open(transcript, "w");
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), ...env, OLLAMA_HOST: "http://127.0.0.1:9" },
        stdio: ["pipe", out.fd, out.fd],
      });
      child.on("error", reject);
      child.on("close", resolve);
      child.stdin!.end("/content list\n");
    });
    await out.close();
    expect(code).toBe(0);
    const screen = await readFile(transcript, "utf8");
    expect(screen).toContain("That command is for teachers of this course.");
    expect(screen).not.toMatch(/ (?:INFO|WARN|ERROR) /);
    const logged = await readFile(path.join(dir, "data", "tutor.log"), "utf8");
    expect(logged).toContain("WARN course python-basics has no teachers");
    expect(logged).toContain("tutor: a teacher command was refused");
  });
});
