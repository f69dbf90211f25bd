import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isStoreBusy, StoreBusyError } from "../../src/errors.js";
import { DEFAULT_BKT_PARAMS } from "../../src/tutor/mastery/bkt.js";
import { skillUpdate } from "../../src/tutor/skill-update.js";
import type { GradedAnswer } from "../../src/tutor/store/profile-store.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { collect, onlyMessage, turnOf } from "../tutor/turns.js";

/** Settles with `promise`, telling meanwhile whether it has. */
function watched<T>(promise: Promise<T>) {
  const state = { settled: false, promise };
  promise.then(
    () => {
      state.settled = true;
    },
    () => {
      state.settled = true;
    },
  );
  return state;
}

/** A second connection to the same file, as another tutor process or `npm run mastery -- fit` would hold it. */
function otherProcess(file: string) {
  const db = new Database(file, { timeout: 0 });
  return {
    db,
    holdWriteLock: () => db.exec("BEGIN IMMEDIATE"),
    release: () => db.exec("COMMIT"),
    close: () => {
      if (db.inTransaction) db.exec("ROLLBACK");
      db.close();
    },
  };
}

describe("SqliteProfileStore while another connection holds the write lock", () => {
  let dir: string;
  let file: string;
  let store: SqliteProfileStore;
  let other: ReturnType<typeof otherProcess>;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tutor-lock-wait-"));
    file = path.join(dir, "tutor.db");
    store = new SqliteProfileStore(file);
    other = otherProcess(file);
  });
  afterEach(async () => {
    other.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const graded = (studentId: string): GradedAnswer => ({
    attempt: { courseId: "c1", studentId, skillId: "loops", itemId: "loops-1", correct: true, answer: "B", hintsUsed: 0, at: 1000 },
    // From a prior of 0.97 the right answer masters the skill: it schedules a review too.
    update: skillUpdate({ skillId: "loops", correct: true, at: 1000 }, { ...DEFAULT_BKT_PARAMS, prior: 0.97 }),
    classScopes: ["test:class:1"],
    conversationId: "dm",
    pendingAfter: undefined,
  });

  it("a graded answer waits on timers while other students' reads complete, then lands whole and exactly once", async () => {
    await store.setPendingItem("c1", "ada", "dm", { itemId: "loops-1", hints: [], wrongAttempts: 0, wrongAnswers: [], askedAt: 500 });
    await store.recordGradedAnswer(graded("bob"));
    other.holdWriteLock();
    const writing = watched(store.recordGradedAnswer(graded("ada")));
    // Another student's reads go through meanwhile: the waiting write does not hold the event loop.
    expect(await store.getMastery("c1", "bob")).toMatchObject([{ skillId: "loops", attempts: 1 }]);
    expect(await store.listAttempts({ studentId: "bob" })).toHaveLength(1);
    expect(await store.getPendingItem("c1", "ada", "dm")).toMatchObject({ itemId: "loops-1" });
    expect(writing.settled).toBe(false);
    // Nothing of it is in the file yet.
    expect(other.db.prepare("SELECT COUNT(*) AS n FROM attempts WHERE student_id = 'ada'").get()).toEqual({ n: 0 });

    other.release();
    await writing.promise;
    expect(await store.listAttempts({ studentId: "ada" })).toHaveLength(1);
    expect(await store.getMastery("c1", "ada")).toMatchObject([{ skillId: "loops", attempts: 1, correct: 1 }]);
    expect(await store.getReviewCards("c1", "ada")).toHaveLength(1);
    expect(await store.getPendingItem("c1", "ada", "dm")).toBeUndefined();
    expect(await store.listClassMembers("c1", "test:class:1")).toEqual(["ada", "bob"]);
  });

  it("a waiting transaction is run whole once the lock is free: forgetStudent also removes what the other connection committed meanwhile", async () => {
    await store.recordGradedAnswer(graded("ada"));
    other.holdWriteLock();
    // The other connection adds a record of ada's while forgetStudent waits: the retried transaction removes it too.
    other.db
      .prepare("INSERT INTO memory (course_id, student_id, conversation_id, role, content, at) VALUES ('c1', 'ada', 'dm', 'user', 'hi', 1)")
      .run();
    const forgetting = watched(store.forgetStudent("ada"));
    expect(await store.getMastery("c1", "ada")).toHaveLength(1);
    expect(forgetting.settled).toBe(false);
    other.release();
    // mastery, attempt, review card, class membership, and the memory entry committed meanwhile.
    expect(await forgetting.promise).toBe(5);
    expect((await store.exportStudent("ada")).memory).toEqual([]);
  });

  it("gives up with StoreBusyError after its bound, having written nothing, and works again once the lock is free", async () => {
    await store.close();
    store = new SqliteProfileStore(file, { lockWaitMs: 30 });
    other.holdWriteLock();
    const failure = await store.recordGradedAnswer(graded("ada")).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreBusyError);
    expect(isStoreBusy(failure)).toBe(true);
    other.release();
    expect(await store.listAttempts({ studentId: "ada" })).toEqual([]);
    await store.recordGradedAnswer(graded("ada"));
    expect(await store.listAttempts({ studentId: "ada" })).toHaveLength(1);
  });
});

describe("the tutor while another process holds the profile database's write lock", () => {
  let fixture: TutorFixture;
  let other: ReturnType<typeof otherProcess>;
  beforeEach(async () => {
    fixture = await createTutorFixture();
    other = otherProcess(path.join(fixture.dataDir, "tutor.db"));
  });
  afterEach(async () => {
    other.close();
    await fixture.close();
  });

  it("one student's answer waits for the lock while another student's turn is answered; the answer is then graded once", async () => {
    onlyMessage(await collect(fixture.handler, turnOf("ada", "/quiz")));
    other.holdWriteLock();
    const answering = watched(collect(fixture.handler, turnOf("ada", "C")));
    const progress = onlyMessage(await collect(fixture.handler, turnOf("bob", "/progress")));
    expect(progress.text.length).toBeGreaterThan(0);
    expect(answering.settled).toBe(false);
    other.release();
    expect(onlyMessage(await answering.promise).text).toContain("✅ Correct!");
    expect(await fixture.store.listAttempts({ studentId: "test:user:ada" })).toHaveLength(1);
  });
});
