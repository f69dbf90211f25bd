import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_BKT_PARAMS, updateKnowledge } from "../../src/tutor/mastery/bkt.js";
import { summarizeClass } from "../../src/tutor/mastery/class-summary.js";
import { scheduleReview } from "../../src/tutor/reviews/schedule-review.js";
import { skillUpdate } from "../../src/tutor/skill-update.js";
import {
  MAX_WRONG_ANSWERS,
  type Attempt,
  type GradedAnswer,
  type PendingItem,
  type ProfileStore,
} from "../../src/tutor/store/profile-store.js";
import type { ClaimStore } from "../../src/tutor/store/claim-store.js";
import type { TutoringThreadStore } from "../../src/tutor/store/tutoring-thread-store.js";
import { COURSE, classRecordsInMemoryOf, comparable, populateClassTerm, ROOM, SCHOOL } from "../support/class-term.js";

export type StoreUnderTestStore = ProfileStore & TutoringThreadStore & ClaimStore;

/** A store on data of its own, and what the contract needs to look at that data from outside the store. */
export interface StoreUnderTest {
  store: StoreUnderTestStore;
  /** Closes the store and opens a new one on the same data (a restart). */
  reopen(): Promise<StoreUnderTestStore>;
  /** Rows of `table` about `studentId`, read through a connection of its own (what is committed). */
  rowsFor(table: string, studentId: string): Promise<number>;
  /** Makes every write of a review card fail, as a full disk or a bug would, until the returned function is called. */
  refuseReviewCards(): Promise<() => Promise<void>>;
  /** Closes what is open and removes the data. */
  destroy(): Promise<void>;
}

const attempt = (over: Partial<Attempt> = {}): Attempt => ({
  courseId: "c1",
  studentId: "s1",
  skillId: "loops",
  itemId: "loops-1",
  correct: true,
  answer: "B",
  hintsUsed: 0,
  at: 1000,
  ...over,
});

const pending: PendingItem = { itemId: "loops-1", hints: ["asked"], wrongAttempts: 0, wrongAnswers: [], askedAt: 500 };

/** What the tutor's BKT does with the answers below (the store applies it inside the transaction). */
const params = DEFAULT_BKT_PARAMS;

/** A graded first try of loops-1 (right unless said otherwise) that ends the pending item. */
const graded = (over: Partial<Attempt> = {}): GradedAnswer => {
  const answered = attempt(over);
  return {
    attempt: answered,
    update: skillUpdate(answered, params),
    classScopes: ["test:class:1"],
    conversationId: "dm",
    pendingAfter: undefined,
  };
};
/** The review card a right answer from a teacher's 0.94 schedules (it masters the skill). */
const firstCard = () =>
  scheduleReview(undefined, { skillId: "loops", correct: true, pKnownAfter: updateKnowledge(0.94, true, params), at: 1000 })!;

/**
 * What every ProfileStore and TutoringThreadStore does, whatever stands behind it: run by each store's test file
 * with `open` making a store on fresh, empty data.
 */
export function describeProfileStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name}: the ProfileStore contract`, () => {
    let subject: StoreUnderTest;
    let store: StoreUnderTestStore;
    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.destroy();
    });
    const reopen = async () => {
      store = await subject.reopen();
    };

    it("recordAttempt keeps the attempt and the new mastery, and both survive reopening", async () => {
      await store.recordAttempt(attempt({ correct: false, answer: "A", at: 1000 }), 0.12);
      await store.recordAttempt(attempt({ correct: true, answer: "B", at: 2000, hintsUsed: 1 }), 0.4);
      await reopen();
      expect(await store.getMastery("c1", "s1")).toEqual([{ skillId: "loops", pKnown: 0.4, attempts: 2, correct: 1, updatedAt: 2000 }]);
      expect(await store.listAttempts({ studentId: "s1" })).toEqual([
        attempt({ correct: false, answer: "A", at: 1000 }),
        attempt({ correct: true, answer: "B", at: 2000, hintsUsed: 1 }),
      ]);
    });

    it("recordAttempt is atomic: when the mastery write fails, the attempt is not kept either", async () => {
      await store.recordAttempt(attempt(), 0.3);
      // A p(known) the column refuses (NOT NULL) makes the second statement of the transaction fail.
      await expect(store.recordAttempt(attempt({ itemId: "loops-2", at: 2000 }), null as unknown as number)).rejects.toThrow();
      await reopen();
      expect((await store.listAttempts({ studentId: "s1" })).map((a) => a.itemId)).toEqual(["loops-1"]);
      expect(await store.getMastery("c1", "s1")).toMatchObject([{ attempts: 1, pKnown: 0.3 }]);
    });

    it("filters attempts by course, student and skill", async () => {
      await store.recordAttempt(attempt(), 0.3);
      await store.recordAttempt(attempt({ courseId: "c2" }), 0.3);
      await store.recordAttempt(attempt({ studentId: "s2" }), 0.3);
      await store.recordAttempt(attempt({ skillId: "lists", itemId: "lists-1" }), 0.3);
      expect(await store.listAttempts({ courseId: "c1", studentId: "s1" })).toHaveLength(2);
      expect((await store.listAttempts({ courseId: "c1", studentId: "s1", skillId: "lists" })).map((a) => a.itemId)).toEqual(["lists-1"]);
      expect((await store.listAttempts({ courseId: "c2" })).map((a) => a.courseId)).toEqual(["c2"]);
      expect(await store.listAttempts({})).toHaveLength(4);
    });

    it("narrow attempt reads: the last answer's time, the newest items, the newest few per skill", async () => {
      expect(await store.lastAttemptAt("c1", "s1")).toBeUndefined();
      expect(await store.recentItemIds("c1", "s1", 3)).toEqual([]);
      const items = ["loops-1", "lists-1", "loops-2", "loops-3", "lists-2", "loops-4"];
      for (const [i, itemId] of items.entries())
        await store.recordAttempt(attempt({ itemId, skillId: itemId.split("-")[0], at: 1000 + i }), 0.4);
      await store.recordAttempt(attempt({ studentId: "s2", itemId: "loops-9", at: 9000 }), 0.4);
      await store.recordAttempt(attempt({ courseId: "c2", itemId: "loops-8", at: 8000 }), 0.4);
      expect(await store.lastAttemptAt("c1", "s1")).toBe(1005);
      expect(await store.recentItemIds("c1", "s1", 3)).toEqual(["loops-4", "lists-2", "loops-3"]);
      const latest = (await store.listAttempts({ courseId: "c1", studentId: "s1", latestPerSkill: 2 })).map((a) => a.itemId);
      expect(latest).toEqual(["lists-1", "loops-3", "lists-2", "loops-4"]);
    });

    it("memory entries appended together land in order, in one call", async () => {
      const user = (content: string, at: number) => ({ role: "user" as const, content, at });
      const assistant = (content: string, at: number) => ({ role: "assistant" as const, content, at });
      await store.appendMemory("c1", "s1", "conv", [user("q", 1), assistant("a", 1)], 4);
      await store.appendMemory("c1", "s1", "conv", [user("q2", 2), assistant("a2", 2), user("q3", 3)], 4);
      expect((await store.getMemory("c1", "s1", "conv", 10)).map((m) => m.content)).toEqual(["a", "q2", "a2", "q3"]);
    });

    it("memory is trimmed to `keep` per conversation, oldest dropped, order kept", async () => {
      for (let i = 1; i <= 7; i++)
        await store.appendMemory("c1", "s1", "conv", { role: i % 2 ? "user" : "assistant", content: `m${i}`, at: i }, 4);
      await store.appendMemory("c1", "s1", "other-conv", { role: "user", content: "elsewhere", at: 1 }, 4);
      await reopen();
      expect((await store.getMemory("c1", "s1", "conv", 100)).map((m) => m.content)).toEqual(["m4", "m5", "m6", "m7"]);
      expect((await store.getMemory("c1", "s1", "conv", 2)).map((m) => m.content)).toEqual(["m6", "m7"]);
      expect(await store.getMemory("c1", "s1", "other-conv", 100)).toEqual([{ role: "user", content: "elsewhere", at: 1 }]);
      expect(await subject.rowsFor("memory", "s1")).toBe(5);
    });

    it("pending items: one per student, course and conversation; cleared with undefined; only the latest wrong answers", async () => {
      await store.setPendingItem("c1", "s1", "conv", { itemId: "loops-1", hints: [], wrongAttempts: 0, wrongAnswers: [], askedAt: 5 });
      const later: PendingItem = { itemId: "loops-1", hints: ["guard", "asked"], wrongAttempts: 1, wrongAnswers: ["B"], askedAt: 6 };
      await store.setPendingItem("c1", "s1", "conv", later);
      await store.setPendingItem("c1", "s1", "conv-2", { itemId: "lists-1", hints: [], wrongAttempts: 0, wrongAnswers: [], askedAt: 7 });
      await reopen();
      expect(await store.getPendingItem("c1", "s1", "conv")).toEqual(later);
      expect(await store.getPendingItem("c2", "s1", "conv")).toBeUndefined();
      await store.setPendingItem("c1", "s1", "conv", undefined);
      expect(await store.getPendingItem("c1", "s1", "conv")).toBeUndefined();
      expect((await store.getPendingItem("c1", "s1", "conv-2"))?.itemId).toBe("lists-1");
      const answers = ["1", "2", "3", "4", "5", "6", "7"];
      await store.setPendingItem("c1", "s1", "conv", { ...later, wrongAttempts: 7, wrongAnswers: answers, giveUpOffered: true });
      expect(await store.getPendingItem("c1", "s1", "conv")).toEqual({
        ...later,
        wrongAttempts: 7,
        wrongAnswers: answers.slice(-MAX_WRONG_ANSWERS),
        giveUpOffered: true,
      });
    });

    it("bindings and teaching styles per class scope: set, replaced, cleared, kept across reopening", async () => {
      expect(await store.getBinding("discord:guild:1")).toBeUndefined();
      await store.setBinding("discord:guild:1", "python-basics");
      await store.setBinding("discord:guild:1", "algebra");
      await store.setBinding("slack:team:T", "python-basics");
      expect(await store.getTeachingStyle("discord:guild:1")).toBeUndefined();
      await store.setTeachingStyle("discord:guild:1", "direct");
      await store.setTeachingStyle("slack:team:T", "direct");
      await store.setTeachingStyle("slack:team:T", "socratic");
      await reopen();
      expect(await store.getBinding("discord:guild:1")).toBe("algebra");
      expect(await store.getBinding("slack:team:T")).toBe("python-basics");
      expect(await store.getTeachingStyle("discord:guild:1")).toBe("direct");
      expect(await store.getTeachingStyle("slack:team:T")).toBe("socratic");
      await store.setTeachingStyle("discord:guild:1", undefined);
      expect(await store.getTeachingStyle("discord:guild:1")).toBeUndefined();
    });

    it("a teacher's override wins until the student's next attempt on that skill clears it", async () => {
      await store.recordAttempt(attempt(), 0.3);
      await store.setOverride("c1", "s1", "loops", 0.9, "passed the oral exam", "teacher:1");
      expect((await store.getMastery("c1", "s1"))[0]).toMatchObject({
        pKnown: 0.3,
        override: { value: 0.9, reason: "passed the oral exam", by: "teacher:1" },
      });
      await store.setOverride("c1", "s1", "lists", 0.8, "skipped ahead", "teacher:1");
      await store.recordAttempt(attempt({ at: 3000 }), 0.45);
      const [lists, loops] = await store.getMastery("c1", "s1");
      expect(loops).toEqual({ skillId: "loops", pKnown: 0.45, attempts: 2, correct: 2, updatedAt: 3000 });
      expect(lists?.override?.value).toBe(0.8);
      expect(lists).toMatchObject({ attempts: 0, correct: 0 });
    });

    it("skill parameters round-trip", async () => {
      const params = { prior: 0.3, learn: 0.2, guess: 0.25, slip: 0.05, forget: 0.01 };
      await store.saveSkillParams("c1", new Map([["loops", { params, attemptsUsed: 120 }]]));
      await store.saveSkillParams("c1", new Map([["loops", { params: { ...params, prior: 0.35 }, attemptsUsed: 130 }]]));
      await reopen();
      expect(await store.getSkillParams("c1")).toEqual(new Map([["loops", { ...params, prior: 0.35 }]]));
      expect((await store.getSkillParams("c2")).size).toBe(0);
    });

    it("review cards: saved, replaced, listed by due date", async () => {
      const first = scheduleReview(undefined, { skillId: "loops", correct: true, pKnownAfter: 0.97, at: 1000 })!;
      const other = scheduleReview(undefined, { skillId: "lists", correct: true, pKnownAfter: 0.97, at: 500 })!;
      await store.saveReviewCard("c1", "s1", first);
      await store.saveReviewCard("c1", "s1", other);
      const again = scheduleReview(first, { skillId: "loops", correct: true, pKnownAfter: 0.98, at: first.due })!;
      await store.saveReviewCard("c1", "s1", again);
      await reopen();
      expect(await store.getReviewCards("c1", "s1")).toEqual([other, again].sort((a, b) => a.due - b.due));
      expect(await store.getReviewCards("c2", "s1")).toEqual([]);
    });

    it("tutoring threads: remembered, refreshed, kept across reopening", async () => {
      expect(await store.isTutoringThread("discord:thread:1")).toBe(false);
      await store.rememberThread("discord:thread:1", Date.now());
      await store.rememberThread("discord:thread:1", Date.now());
      await reopen();
      expect(await store.isTutoringThread("discord:thread:1")).toBe(true);
      expect(await store.isTutoringThread("slack:thread:C1:1.2")).toBe(false);
    });

    it("claimOnce: the first claim of a key wins, every other fails until it expires, across reopening", async () => {
      expect(await store.claimOnce("slack:event:Ev1", 1000, 5000)).toBe(true);
      expect(await store.claimOnce("slack:event:Ev1", 1001, 5001)).toBe(false);
      expect(await store.claimOnce("slack:event:Ev2", 1002, 5002)).toBe(true);
      await reopen();
      expect(await store.claimOnce("slack:event:Ev1", 4999, 9000)).toBe(false);
      // At its expiry the key is free; the refused claims did not move it.
      expect(await store.claimOnce("slack:event:Ev1", 5000, 9000)).toBe(true);
      expect(await store.claimOnce("slack:event:Ev1", 8999, 12_000)).toBe(false);
    });

    it("claimOnce: of many claims of one key made at once, exactly one wins", async () => {
      const keys = ["turn:a", "turn:b", "turn:c"];
      const results = await Promise.all(
        keys.flatMap((key) => Array.from({ length: 8 }, async () => ({ key, won: await store.claimOnce(key, 1000, 2000) }))),
      );
      for (const key of keys) expect(results.filter((result) => result.key === key && result.won)).toHaveLength(1);
    });

    it("the last answer's pitch: one per conversation, exported and forgotten with the student", async () => {
      const pitch = { question: "what is a list?", skillId: "lists", pKnown: 0.2, level: "novice" as const, at: 7 };
      await store.setAnswerPitch("c1", "s1", "conv", { ...pitch, question: "older" });
      await store.setAnswerPitch("c1", "s1", "conv", pitch);
      await store.setAnswerPitch("c1", "s2", "conv", { ...pitch, skillId: "loops" });
      await reopen();
      expect(await store.getAnswerPitch("c1", "s1", "conv")).toEqual(pitch);
      expect(await store.getAnswerPitch("c1", "s1", "other")).toBeUndefined();
      expect((await store.exportStudent("s1")).answerPitches).toEqual([{ courseId: "c1", conversationId: "conv", ...pitch }]);
      expect(await store.forgetStudent("s1")).toBe(1);
      expect(await store.getAnswerPitch("c1", "s1", "conv")).toBeUndefined();
      expect((await store.getAnswerPitch("c1", "s2", "conv"))?.skillId).toBe("loops");
    });

    async function fillTwoStudents(): Promise<void> {
      for (const studentId of ["s1", "s2"]) {
        for (const courseId of ["c1", "c2"]) {
          await store.recordGradedAnswer({
            ...graded({ studentId, courseId, answer: `${studentId}-${courseId}`, correct: false }),
            classScopes: [`test:class:${courseId}`],
            conversationId: `${studentId}-conv`,
            pendingAfter: { ...pending, askedAt: 9 },
          });
          await store.appendMemory(
            courseId,
            studentId,
            `${studentId}-conv`,
            { role: "user", content: `${studentId} asks in ${courseId}`, at: 10 },
            10,
          );
        }
      }
      await store.setOverride("c1", "s1", "lists", 0.7, "reason", "t");
      await store.saveReviewCard("c1", "s1", firstCard());
    }

    it("export includes everything of the student, in every course, and nothing of another", async () => {
      await fillTwoStudents();
      const data = await store.exportStudent("s1");
      expect(data.studentId).toBe("s1");
      expect(data.mastery.map((m) => `${m.courseId}/${m.skillId}`).sort()).toEqual(["c1/lists", "c1/loops", "c2/loops"]);
      expect(data.attempts.map((a) => a.answer)).toEqual(["s1-c1", "s1-c2"]);
      expect(data.pendingItems.map((p) => `${p.courseId}/${p.conversationId}`).sort()).toEqual(["c1/s1-conv", "c2/s1-conv"]);
      expect(data.pendingItems[0]).toMatchObject({ ...pending, askedAt: 9 });
      expect(data.memory.map((m) => m.content)).toEqual(["s1 asks in c1", "s1 asks in c2"]);
      expect(data.reviews).toEqual([{ courseId: "c1", ...firstCard() }]);
      expect(data.classes).toEqual([
        { courseId: "c1", scope: "test:class:c1" },
        { courseId: "c2", scope: "test:class:c2" },
      ]);
      expect(JSON.stringify(data)).not.toContain("s2");
    });

    it("forgetStudent deletes every record of that student in every course and none of others", async () => {
      await fillTwoStudents();
      await store.setBinding("discord:guild:1", "c1");
      const tables = ["mastery", "attempts", "pending_items", "memory", "review_cards", "class_members"];
      const count = async (studentId: string) =>
        Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await subject.rowsFor(table, studentId)] as const)));
      const others = await count("s2");
      expect(others).toEqual({ mastery: 2, attempts: 2, pending_items: 2, memory: 2, review_cards: 0, class_members: 2 });
      // s1: 3 mastery records, 2 attempts, 2 pending items, 2 memory entries, 1 review card, 2 class memberships.
      expect(await store.forgetStudent("s1")).toBe(12);
      await reopen();
      expect(await count("s1")).toEqual(Object.fromEntries(tables.map((table) => [table, 0])));
      expect(await count("s2")).toEqual(others);
      expect(await store.exportStudent("s1")).toEqual({ studentId: "s1", mastery: [], attempts: [], pendingItems: [], memory: [] });
      expect(await store.getBinding("discord:guild:1")).toBe("c1");
      expect(await store.forgetStudent("s1")).toBe(0);
    });

    /** Everything a graded answer can change, read through the store. */
    const state = async () => ({
      attempts: await store.listAttempts({ studentId: "s1" }),
      mastery: await store.getMastery("c1", "s1"),
      cards: await store.getReviewCards("c1", "s1"),
      pending: await store.getPendingItem("c1", "s1", "dm"),
      members: await store.listClassMembers("c1", "test:class:1"),
    });

    it("recordGradedAnswer writes the attempt, mastery (built on and ending an override), class membership, review card and pending item together", async () => {
      await store.setPendingItem("c1", "s1", "dm", pending);
      await store.setOverride("c1", "s1", "loops", 0.94, "checked in class", "t1");
      // The teacher's value is what the answer builds on; it masters the skill, which schedules a first review.
      const masteredAt = updateKnowledge(0.94, true, params);
      expect(await store.recordGradedAnswer(graded())).toEqual({ pKnownBefore: 0.94, pKnownAfter: masteredAt });
      const second = await store.recordGradedAnswer({
        ...graded({ itemId: "loops-2", correct: false, answer: "A", at: 2000 }),
        pendingAfter: { ...pending, itemId: "loops-2", wrongAttempts: 1, wrongAnswers: ["A"] },
      });
      const lapsedTo = updateKnowledge(masteredAt, false, params);
      expect(second).toEqual({ pKnownBefore: masteredAt, pKnownAfter: lapsedTo });
      await reopen();
      const after = await state();
      expect(after.attempts.map((a) => [a.itemId, a.correct])).toEqual([
        ["loops-1", true],
        ["loops-2", false],
      ]);
      // The attempt ended the teacher's override; the wrong answer was a lapse of the review the first one scheduled.
      expect(after.mastery).toEqual([{ skillId: "loops", pKnown: lapsedTo, attempts: 2, correct: 1, updatedAt: 2000 }]);
      expect(after.cards).toEqual([scheduleReview(firstCard(), { skillId: "loops", correct: false, pKnownAfter: lapsedTo, at: 2000 })]);
      expect(after.cards[0]!.lapses).toBe(1);
      expect(after.pending).toEqual({ ...pending, itemId: "loops-2", wrongAttempts: 1, wrongAnswers: ["A"] });
      expect(after.members).toEqual(["s1"]);
    });

    it("recordGradedAnswer starts a skill with no record from the update's prior", async () => {
      const change = await store.recordGradedAnswer(graded({ correct: false }));
      expect(change).toEqual({ pKnownBefore: params.prior, pKnownAfter: updateKnowledge(params.prior, false, params) });
      expect((await state()).cards).toEqual([]);
    });

    it("recordGradedAnswer keeps nothing when one of its writes fails, and the same answer can be recorded afterwards", async () => {
      await store.setPendingItem("c1", "s1", "dm", pending);
      await store.recordGradedAnswer({ ...graded({ itemId: "loops-0", correct: false, at: 900 }), pendingAfter: pending });
      // From a teacher's 0.94 the right answer masters the skill, so it writes a review card.
      await store.setOverride("c1", "s1", "loops", 0.94, "checked in class", "t1");
      const before = await state();
      const allowReviewCards = await subject.refuseReviewCards();
      // In a class the student is new to: the membership is one more write that must not stay.
      await expect(store.recordGradedAnswer({ ...graded(), classScopes: ["test:class:1", "test:class:2"] })).rejects.toThrow(
        /review card refused/,
      );
      expect(await state()).toEqual(before);
      // Another connection sees no trace either: nothing was committed.
      expect(await subject.rowsFor("attempts", "s1")).toBe(1);
      expect(await subject.rowsFor("class_members", "s1")).toBe(1);
      await allowReviewCards();
      await store.recordGradedAnswer(graded());
      const after = await state();
      expect(after.attempts).toHaveLength(2);
      expect(after.pending).toBeUndefined();
      expect(after.cards).toHaveLength(1);
    });

    it("classRecords matches the in-memory computation over every attempt, for the whole course and for a smaller class", async () => {
      await populateClassTerm(store, 1);
      for (const scope of [SCHOOL, ROOM]) {
        const records = await store.classRecords(COURSE, scope);
        const reference = await classRecordsInMemoryOf(store, scope);
        expect(comparable(records)).toEqual(comparable(reference));
        const summary = summarizeClass(records);
        const old = summarizeClass(reference);
        expect({ ...summary, struggles: summary.struggles.map((s) => s.skillId) }).toEqual({
          ...old,
          struggles: old.struggles.map((s) => s.skillId),
        });
        summary.struggles.forEach((struggle, i) => {
          expect(struggle.meanPKnown).toBeCloseTo(old.struggles[i]!.meanPKnown, 12);
          expect(struggle.missRate).toBe(old.struggles[i]!.missRate);
        });
      }
      // The data has all that the view shows: stuck students, repeated wrong answers (merged across case), overrides.
      const school = summarizeClass(await store.classRecords(COURSE, SCHOOL));
      expect(school.students).toBe(24);
      expect(school.stuck.length).toBeGreaterThan(0);
      expect(school.wrongAnswers.length).toBeGreaterThan(0);
      expect(school.struggles.map((s) => s.skillId)).toContain("never-answered");
      await store.forgetStudent("test:user:1");
      expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(comparable(await classRecordsInMemoryOf(store, SCHOOL)));
      // An empty class, and a scope of another course, have no records.
      expect(await store.classRecords(COURSE, "test:class:nobody")).toEqual({ students: 0, skills: [], stuck: [], wrongAnswers: [] });
      expect(await store.classRecords("c2", ROOM)).toEqual({ students: 0, skills: [], stuck: [], wrongAnswers: [] });
    });
  });
}
