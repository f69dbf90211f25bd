import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_BKT_PARAMS, updateKnowledge } from "../../src/tutor/mastery/bkt.js";
import { scheduleReview } from "../../src/tutor/reviews/schedule-review.js";
import { skillUpdate } from "../../src/tutor/skill-update.js";
import type { GradedAnswer, PendingItem } from "../../src/tutor/store/profile-store.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";

let dir: string;
let file: string;
let store: SqliteProfileStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tutor-graded-"));
  file = path.join(dir, "tutor.db");
  store = new SqliteProfileStore(file);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const pending: PendingItem = { itemId: "loops-1", hints: ["asked"], wrongAttempts: 0, wrongAnswers: [], askedAt: 500 };

/** What the tutor's BKT does with the answers below (the store applies it inside the transaction). */
const params = DEFAULT_BKT_PARAMS;

/** A right first try that masters the skill from a teacher's 0.94: it schedules the skill's first review and ends the pending item. */
const graded = (): GradedAnswer => ({
  attempt: { courseId: "c1", studentId: "s1", skillId: "loops", itemId: "loops-1", correct: true, answer: "B", hintsUsed: 0, at: 1000 },
  update: skillUpdate({ skillId: "loops", correct: true, at: 1000 }, params),
  classScopes: ["test:class:1"],
  conversationId: "dm",
  pendingAfter: undefined,
});

/** Everything a graded answer can change, read through the store. */
async function state() {
  return {
    attempts: await store.listAttempts({ studentId: "s1" }),
    mastery: await store.getMastery("c1", "s1"),
    cards: await store.getReviewCards("c1", "s1"),
    pending: await store.getPendingItem("c1", "s1", "dm"),
    members: await store.listClassMembers("c1", "test:class:1"),
  };
}

describe("recordGradedAnswer: a graded answer is one transaction", () => {
  it("writes the attempt, mastery, class membership, review card and pending item together, across reopening", async () => {
    await store.setPendingItem("c1", "s1", "dm", pending);
    await store.setOverride("c1", "s1", "loops", 0.94, "checked in class", "t1");
    // The teacher's value is what the answer builds on; it masters the skill, which schedules a first review.
    const first = await store.recordGradedAnswer(graded());
    const masteredAt = updateKnowledge(0.94, true, params);
    expect(first).toEqual({ pKnownBefore: 0.94, pKnownAfter: masteredAt });
    const firstCard = scheduleReview(undefined, { skillId: "loops", correct: true, pKnownAfter: masteredAt, at: 1000 })!;
    expect(firstCard).toBeDefined();
    const second = await store.recordGradedAnswer({
      ...graded(),
      attempt: { ...graded().attempt, itemId: "loops-2", correct: false, answer: "A", at: 2000 },
      update: skillUpdate({ skillId: "loops", correct: false, at: 2000 }, params),
      pendingAfter: { ...pending, itemId: "loops-2", wrongAttempts: 1, wrongAnswers: ["A"] },
    });
    const lapsedTo = updateKnowledge(masteredAt, false, params);
    expect(second).toEqual({ pKnownBefore: masteredAt, pKnownAfter: lapsedTo });
    await store.close();
    store = new SqliteProfileStore(file);
    const after = await state();
    expect(after.attempts.map((a) => [a.itemId, a.correct])).toEqual([
      ["loops-1", true],
      ["loops-2", false],
    ]);
    // The attempt ended the teacher's override; the wrong answer was a lapse of the review the first one scheduled.
    expect(after.mastery).toEqual([{ skillId: "loops", pKnown: lapsedTo, attempts: 2, correct: 1, updatedAt: 2000 }]);
    expect(after.cards).toEqual([scheduleReview(firstCard, { skillId: "loops", correct: false, pKnownAfter: lapsedTo, at: 2000 })]);
    expect(after.cards[0]!.lapses).toBe(1);
    expect(after.pending).toEqual({ ...pending, itemId: "loops-2", wrongAttempts: 1, wrongAnswers: ["A"] });
    expect(after.members).toEqual(["s1"]);
  });

  it("starts a skill with no record from the update's prior", async () => {
    const change = await store.recordGradedAnswer({
      ...graded(),
      update: skillUpdate({ skillId: "loops", correct: false, at: 1000 }, params),
    });
    expect(change).toEqual({ pKnownBefore: params.prior, pKnownAfter: updateKnowledge(params.prior, false, params) });
    expect((await state()).cards).toEqual([]);
  });

  it("keeps nothing of the grade when one of its writes (the review card) fails, and the same answer can be recorded afterwards", async () => {
    await store.setPendingItem("c1", "s1", "dm", pending);
    await store.recordGradedAnswer({
      ...graded(),
      attempt: { ...graded().attempt, itemId: "loops-0", correct: false, at: 900 },
      update: skillUpdate({ skillId: "loops", correct: false, at: 900 }, params),
      pendingAfter: pending,
    });
    // From a teacher's 0.94 the right answer masters the skill, so it writes a review card.
    await store.setOverride("c1", "s1", "loops", 0.94, "checked in class", "t1");
    const before = await state();
    // A constraint the review card breaks, as a full disk or a bug would make its write fail.
    const db = new Database(file);
    db.exec(`CREATE TRIGGER no_cards BEFORE INSERT ON review_cards BEGIN SELECT RAISE(ABORT, 'review card refused'); END`);
    // In a class the student is new to: the membership is one more write that must not stay.
    await expect(store.recordGradedAnswer({ ...graded(), classScopes: ["test:class:1", "test:class:2"] })).rejects.toThrow(
      /review card refused/,
    );
    expect(await state()).toEqual(before);
    // Another connection sees no trace either: nothing was committed.
    expect(db.prepare("SELECT COUNT(*) AS n FROM attempts WHERE item_id = 'loops-1'").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT COUNT(*) AS n FROM class_members").get()).toEqual({ n: 1 });
    db.exec("DROP TRIGGER no_cards");
    db.close();
    await store.recordGradedAnswer(graded());
    expect((await state()).attempts).toHaveLength(2);
    expect((await state()).pending).toBeUndefined();
    expect((await state()).cards).toHaveLength(1);
  });
});
