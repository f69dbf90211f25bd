import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import { collect, createRealTutor, makeTurn, type RealTutor } from "../load/real-tutor.js";

const TSX = import.meta.resolve("tsx");
const REPO = path.resolve(import.meta.dirname, "../..");
let real: RealTutor | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await real?.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  real = undefined;
});

/**
 * Another process (as `npm run mastery -- fit` would be) holding the database's write lock for `holdMs`.
 * It must be another process: the store's busy wait blocks this one's event loop.
 */
async function holdWriteLock(file: string, holdMs: number): Promise<{ released: Promise<void> }> {
  const script = `
    import Database from "better-sqlite3";
    const db = new Database(${JSON.stringify(file)});
    db.exec("BEGIN IMMEDIATE");
    db.prepare("INSERT INTO bindings (scope, course_id) VALUES ('lock-holder', 'x') ON CONFLICT DO NOTHING").run();
    process.stdout.write("locked\\n");
    setTimeout(() => { db.exec("COMMIT"); db.close(); }, ${holdMs});`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  return { released: new Promise((resolve) => child.on("exit", () => resolve())) };
}

async function quizWaitingForAnswer(): Promise<{ answer: string }> {
  real = await createRealTutor({ ollamaUrl: "http://127.0.0.1:9" });
  const quiz = await collect(real.tutor.handle(makeTurn("ann", "/quiz")));
  const question = quiz.find((event) => event.type === "message");
  // Any well-formed answer records an attempt: a choice letter, or a number.
  const choice =
    question?.type === "message" ? question.actions.find((action) => action.command.startsWith("/answer"))?.command : undefined;
  return { answer: choice ?? "/answer 42" };
}

describe("the database busy or locked", () => {
  it("waits for another process's write lock (busy timeout), then completes the turn and records the attempt", async () => {
    const { answer } = await quizWaitingForAnswer();
    const lock = await holdWriteLock(real!.databaseFile, 400);
    const events = await collect(real!.tutor.handle(makeTurn("ann", answer)));
    await lock.released;
    expect(events.filter((event) => event.type === "message")).toHaveLength(1);
    expect(await real!.store.listAttempts({ studentId: "test:user:ann" })).toHaveLength(1);
  });

  it("when the lock outlasts the timeout: a clear notice, nothing half-written, and the same answer works afterwards", async () => {
    const { answer } = await quizWaitingForAnswer();
    const lock = await holdWriteLock(real!.databaseFile, 5600);
    const refused = await collect(real!.tutor.handle(makeTurn("ann", answer)));
    expect(refused).toEqual([expect.objectContaining({ type: "notice", text: expect.stringMatching(/try again/i) })]);
    expect(await real!.store.listAttempts({ studentId: "test:user:ann" })).toHaveLength(0);
    await lock.released;
    // The quiz item is still waiting: the student loses nothing by sending the answer again.
    const events = await collect(real!.tutor.handle(makeTurn("ann", answer)));
    expect(events.filter((event) => event.type === "message")).toHaveLength(1);
    expect(await real!.store.listAttempts({ studentId: "test:user:ann" })).toHaveLength(1);
  });
});

describe("a crash during writes", () => {
  it("loses no acknowledged attempt when the process is killed mid-way (SIGKILL)", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tutor-crash-"));
    dirs.push(dir);
    const file = path.join(dir, "tutor.db");
    const child = spawn(process.execPath, ["--import", TSX, path.join(import.meta.dirname, "record-attempts-child.ts"), file], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const acknowledged = new Set<string>();
    let buffered = "";
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve) =>
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop()!;
        for (const line of lines) acknowledged.add(`item-${line.slice(4)}`);
        if (acknowledged.size >= 150) {
          child.kill("SIGKILL");
          resolve();
        }
      }),
    );
    expect(await exited).toBe("SIGKILL");

    const db = new Database(file);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
    const store = new SqliteProfileStore(file);
    try {
      const stored = new Set((await store.listAttempts({})).map((attempt) => attempt.itemId));
      const missing = [...acknowledged].filter((item) => !stored.has(item));
      expect(missing).toEqual([]);
      // Each attempt moved its skill's mastery in the same transaction.
      const perStudent = new Map<string, number>();
      for (const attempt of await store.listAttempts({})) perStudent.set(attempt.studentId, (perStudent.get(attempt.studentId) ?? 0) + 1);
      for (const [studentId, count] of perStudent) expect((await store.getMastery("c", studentId))[0]?.attempts).toBe(count);
    } finally {
      await store.close();
    }
  });
});
