import { statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_BKT_PARAMS } from "../../src/tutor/mastery/bkt.js";
import { skillUpdate } from "../../src/tutor/skill-update.js";
import type { GradedAnswer } from "../../src/tutor/store/profile-store.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import { waitFor } from "../support/wait-for.js";

let dir: string;
let file: string;
let store: SqliteProfileStore | undefined;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tutor-wal-"));
  file = path.join(dir, "tutor.db");
});
afterEach(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

const sizeOf = (name: string) => statSync(name, { throwIfNoEntry: false })?.size ?? 0;
const walSize = () => sizeOf(`${file}-wal`);

/** A wrong first try of student `n`: an attempt, a mastery record and a pending item, each a few pages of the WAL. */
const wrongAnswer = (n: number): GradedAnswer => ({
  attempt: { courseId: "c1", studentId: `s${n}`, skillId: "loops", itemId: "loops-1", correct: false, answer: "A", hintsUsed: 0, at: n },
  update: skillUpdate({ skillId: "loops", correct: false, at: n }, DEFAULT_BKT_PARAMS),
  classScopes: ["test:class:1"],
  conversationId: "dm",
  pendingAfter: { itemId: "loops-1", hints: [], wrongAttempts: 1, wrongAnswers: ["A"], askedAt: n },
});

/** Records wrong answers until the WAL holds more than `bytes`, from student `from` on; the next student's number. */
async function writeUntilWalPasses(bytes: number, from = 0): Promise<number> {
  let n = from;
  while (walSize() <= bytes) {
    await store!.recordGradedAnswer(wrongAnswer(n++));
    // Some 10 pages an answer: far more than enough, unless something keeps the WAL below `bytes`.
    if (n - from > bytes / 4096) throw new Error(`the WAL stayed at ${walSize()} bytes or less after ${n - from} answers`);
  }
  return n;
}

describe("the WAL is checkpointed off the request path", () => {
  it("a commit never checkpoints: past SQLite's auto-checkpoint threshold (1000 pages) the database file is as it was", async () => {
    // A checkpoint thread that does not look in this test's time: whatever reaches the database file, a commit put there.
    store = new SqliteProfileStore(file, { walCheckpoints: { everyMs: 3_600_000 } });
    await store.recordGradedAnswer(wrongAnswer(0));
    const before = sizeOf(file);
    const reader = new Database(file, { readonly: true });
    const pageSize = reader.pragma("page_size", { simple: true }) as number;
    reader.close();
    await writeUntilWalPasses(1500 * (pageSize + 24), 1);
    expect(sizeOf(file)).toBe(before);
    expect((await store.listAttempts({ courseId: "c1" })).length).toBeGreaterThan(1);
  });

  it("once writes pause, the thread copies the WAL into the database file and the next write starts it over, cut back to its limit", async () => {
    const walLimitBytes = 256 * 1024;
    store = new SqliteProfileStore(file, { walCheckpoints: { everyMs: 10, walLimitBytes } });
    const before = sizeOf(file);
    const next = await writeUntilWalPasses(walLimitBytes / 2);
    // The copy makes the database file grow by the pages the answers took.
    await waitFor(() => sizeOf(file) > before, "the WAL copied into the database file");
    // Once all of it is copied, a write starts the WAL over from its beginning: it stops growing, and a file past the limit is cut back.
    // Answers a pause apart (the thread checkpoints in a pause): once all of the WAL is copied, the next write starts
    // it over from its beginning, into the file as it is (a write at its end would make it grow); a file past the
    // limit is cut back to it.
    let n = next;
    const paced = { timeoutMs: 10_000, pauseMs: 50 };
    await waitFor(
      async () => {
        const before = walSize();
        await store!.recordGradedAnswer(wrongAnswer(n++));
        return walSize() <= before;
      },
      "the WAL started over",
      paced.timeoutMs,
      paced.pauseMs,
    );
    n = await writeUntilWalPasses(walLimitBytes, n);
    await waitFor(
      async () => {
        await store!.recordGradedAnswer(wrongAnswer(n++));
        return walSize() <= walLimitBytes;
      },
      "the WAL cut back to its limit",
      paced.timeoutMs,
      paced.pauseMs,
    );
    expect(await store.listAttempts({ courseId: "c1" })).toHaveLength(n);
  });

  it("under writes without a pause, the WAL is started over once past its limit instead of growing on", async () => {
    const walLimitBytes = 256 * 1024;
    store = new SqliteProfileStore(file, { walCheckpoints: { everyMs: 10, walLimitBytes } });
    let n = 0;
    let largest = 0;
    // Writes back to back until the WAL file has been smaller than it was (started over, cut back to the limit).
    await waitFor(
      async () => {
        await store!.recordGradedAnswer(wrongAnswer(n++));
        const size = walSize();
        if (size < largest) return true;
        largest = size;
        return false;
      },
      "the WAL started over while answers kept coming",
      10_000,
      0,
    );
    expect(largest).toBeGreaterThan(walLimitBytes);
    expect(await store.listAttempts({ courseId: "c1" })).toHaveLength(n);
  });

  it("close() ends the checkpoint thread: the process is left with the store's file closed and its WAL folded in", async () => {
    store = new SqliteProfileStore(file, { walCheckpoints: { everyMs: 10 } });
    await writeUntilWalPasses(64 * 1024);
    await store.close();
    store = undefined;
    // The last connection to close checkpoints and removes the WAL: none of the thread's stayed open.
    expect(sizeOf(`${file}-wal`)).toBe(0);
  });
});
