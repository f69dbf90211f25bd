import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { collect, createRealTutor, makeTurn, type RealTutor } from "../load/real-tutor.js";
import { SAMPLE_CONTENT_DIR } from "../support/tutor-fixture.js";

const MAIN = path.resolve(import.meta.dirname, "../../src/main.ts");
/** tsx by absolute URL: the child runs in a temp dir, where bare `tsx` would not resolve. */
const TSX = import.meta.resolve("tsx");
const LONG_REPLY = `${Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ")} THE-END`;

let ollama: FakeOllama | undefined;
let real: RealTutor | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await real?.close();
  await ollama?.stop();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  real = ollama = undefined;
});

describe("tutor.shutdown", () => {
  it("cuts a reply still streaming after the grace period with a notice, and refuses new turns", async () => {
    ollama = await startFakeOllama({ respond: () => LONG_REPLY, tokensPerSecond: 50 });
    real = await createRealTutor({ ollamaUrl: ollama.url });
    ollama.failNext({ kind: "hang", afterChunks: 3 });
    const events: ReplyEvent[] = [];
    let firstDelta!: () => void;
    const streaming = new Promise<void>((resolve) => (firstDelta = resolve));
    const turn = (async () => {
      for await (const event of real!.tutor.handle(makeTurn("ann", "what is a for loop?"))) {
        events.push(event);
        if (event.type === "delta") firstDelta();
      }
    })();
    await streaming;
    const stopping = real.tutor.shutdown(100);
    const refused = await collect(real.tutor.handle(makeTurn("bob", "what is a list?")));
    expect(refused).toEqual([{ type: "notice", text: messagesFor("en").t("shutdown.restarting"), audience: "conversation" }]);
    expect(await stopping).toEqual({ finishedInGrace: false });
    await turn;
    const message = events.find((event) => event.type === "message");
    expect(message?.type === "message" && message.text).toMatch(/^word0 word1 word2/);
    expect(message?.type === "message" && message.text).toContain("cut off");
    expect(events.at(-1)).toEqual({ type: "notice", text: messagesFor("en").t("shutdown.cut-by-restart"), audience: "conversation" });
  });

  it("lets a reply finish within the grace period", async () => {
    ollama = await startFakeOllama({ respond: () => LONG_REPLY, tokensPerSecond: 200 });
    real = await createRealTutor({ ollamaUrl: ollama.url });
    const reply = collect(real.tutor.handle(makeTurn("ann", "what is a for loop?")));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await real.tutor.shutdown(10_000)).toEqual({ finishedInGrace: true });
    const events = await reply;
    const message = events.find((event) => event.type === "message");
    expect(message?.type === "message" && message.text).toBe(LONG_REPLY);
    expect(events.some((event) => event.type === "notice")).toBe(false);
  });
});

describe("SIGTERM to the running tutor (terminal chat in a child process)", () => {
  it("finishes the answer in progress, exits with 0 and leaves the database intact", async () => {
    ollama = await startFakeOllama({ respond: () => LONG_REPLY, firstTokenDelayMs: 100, tokensPerSecond: 25 });
    const dir = await mkdtemp(path.join(os.tmpdir(), "tutor-sigterm-"));
    dirs.push(dir);
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(DISCORD|SLACK|TUTOR|OLLAMA)_/.test(key)));
    const child = spawn(process.execPath, ["--import", TSX, MAIN], {
      cwd: dir,
      env: { ...env, OLLAMA_HOST: ollama.url, TUTOR_DATA_DIR: path.join(dir, "data"), TUTOR_CONTENT_DIR: SAMPLE_CONTENT_DIR },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const midAnswer = new Promise<void>((resolve) =>
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes("word3")) resolve();
      }),
    );
    child.stdin.write("what is a for loop?\n");
    await midAnswer;
    expect(stdout).not.toContain("THE-END");
    child.kill("SIGTERM");
    const code = await exited;
    expect({ code, stderr: code === 0 ? "" : stderr }).toEqual({ code: 0, stderr: "" });
    // Finished well within the grace period: the whole answer reached the student.
    expect(stdout).toContain("THE-END");
    expect(stderr).toContain("stopping: finishing replies in progress");

    const db = new Database(path.join(dir, "data", "tutor.db"), { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const saved = db.prepare("SELECT content FROM memory WHERE role = 'assistant'").all() as Array<{ content: string }>;
      expect(saved.map((row) => row.content)).toEqual([LONG_REPLY]);
    } finally {
      db.close();
    }
    // A child process that loads tsx and opens the sample course: some 30 s on a loaded machine.
  }, 90_000);
});
