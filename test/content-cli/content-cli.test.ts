import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TINY_FILES, TINY_LESSON, TINY_MANIFEST, TINY_QUIZ, writeTinyCourse } from "../content/tiny-course.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "content-cli-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function writeCourse(files: Record<string, string | Uint8Array>): Promise<string> {
  const content = path.join(dir, "content");
  await writeTinyCourse(content, files);
  return content;
}

/** Runs `npm run content -- <args>` as a teacher would (tsx on src/cli/content.ts), in a temp dir. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join(ROOT, "src/cli/content.ts"), ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TUTOR_DATA_DIR: path.join(dir, "data"), ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, out, err }));
  });
}

describe("npm run content", () => {
  it("check: a good course exits 0 and reports findability", async () => {
    const content = await writeCourse(TINY_FILES);
    const { code, out } = await runCli(["check"], { TUTOR_CONTENT_DIR: content });
    expect(out).toContain("OK: 1 course(s), no errors.");
    expect(out).toMatch(/tiny: Findability: \d+\/\d+ sections/);
    expect(code).toBe(0);
  });

  it("check: a broken course exits 1 with every error as file:line and its fix", async () => {
    const content = await writeCourse({
      ...TINY_FILES,
      "lessons/01-alpha.md": TINY_LESSON.replace("level: beginner", "level: expert"),
      "quizzes/01.yaml": TINY_QUIZ.replace("answer: A", "answer: Z"),
    });
    const { code, out } = await runCli(["check", "--content", content]);
    const errors = out.split("\n").filter((line) => line.startsWith("error: "));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^error: tiny\/lessons\/01-alpha\.md:4: level: .* Fix: use one of: beginner, intermediate, advanced$/);
    expect(errors[1]).toMatch(/^error: tiny\/quizzes\/01\.yaml:7: items\[0\]\.answer: .* Fix: /);
    expect(out).toContain("2 error(s).");
    expect(code).toBe(1);
  });

  it("stats: counts and coverage problems (untaught, unpractised, unreachable, cycles)", async () => {
    const manifest = `${TINY_MANIFEST.replace("prerequisites: [alpha]", "prerequisites: [alpha, delta]")}  - id: gamma
    name: Gamma
    description: Needs delta.
    prerequisites: [delta]
  - id: delta
    name: Delta
    description: Needs gamma.
    prerequisites: [gamma]
`;
    const content = await writeCourse({ ...TINY_FILES, "course.yaml": manifest });
    const { code, out } = await runCli(["stats"], { TUTOR_CONTENT_DIR: content });
    expect(out).toContain("tiny: 4 skills, 1 lessons, 0 teacher notes, 2 quiz items, 2 passages");
    expect(out).toContain("tiny: skills without lessons: gamma, delta");
    expect(out).toContain("tiny: skills without quiz items: gamma, delta");
    expect(out).toContain("tiny: unreachable skills: beta, gamma, delta");
    expect(out).toContain("tiny: prerequisite cycles: gamma → delta");
    expect(out).toMatch(/error: tiny\/course\.yaml:\d+: skills\[2\]\.prerequisites\[0\]: the prerequisites form a cycle/);
    expect(code).toBe(1);
  });

  it("build: writes the index into TUTOR_DATA_DIR and exits 0", async () => {
    const content = await writeCourse(TINY_FILES);
    const { code, out } = await runCli(["build"], { TUTOR_CONTENT_DIR: content });
    expect(out).toContain(`tiny: 2 passages indexed in ${path.join(dir, "data", "index", "tiny")}`);
    expect(code).toBe(0);
  });

  it("exits 2 on usage and configuration errors", async () => {
    expect((await runCli([])).code).toBe(2);
    const unknown = await runCli(["frobnicate"], { TUTOR_CONTENT_DIR: dir });
    expect(unknown.err).toContain('Unknown command "frobnicate"');
    expect(unknown.code).toBe(2);
    const missing = await runCli(["check"], { TUTOR_CONTENT_DIR: path.join(dir, "nowhere") });
    expect(missing.err).toContain("does not exist. Fix:");
    expect(missing.code).toBe(2);
    const badConfig = await runCli(["check"], { TUTOR_EMBEDDER: "magic" });
    expect(badConfig.err).toContain("TUTOR_EMBEDDER");
    expect(badConfig.code).toBe(2);
    // Four CLI starts of some 5 s each on a loaded machine.
  }, 60_000);
});
