import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_WRONG_ANSWERS, type Attempt } from "../../src/tutor/store/profile-store.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";

let dir: string;
let file: string;
let store: SqliteProfileStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tutor-store-"));
  file = path.join(dir, "nested", "tutor.db");
  store = new SqliteProfileStore(file);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

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

async function reopen(): Promise<void> {
  await store.close();
  store = new SqliteProfileStore(file);
}

/** Rows of `table` that mention `studentId`, read with a separate connection. */
function rowsFor(table: string, studentId: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE student_id = ?`).get(studentId) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("SqliteProfileStore", () => {
  it("recordAttempt keeps the attempt and the new mastery, and both survive reopening the file", async () => {
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
    expect(await store.listAttempts({})).toHaveLength(4);
  });

  it("narrow attempt reads: the last answer's time, the newest items, the newest few per skill", async () => {
    expect(await store.lastAttemptAt("c1", "s1")).toBeUndefined();
    expect(await store.recentItemIds("c1", "s1", 3)).toEqual([]);
    const items = ["loops-1", "lists-1", "loops-2", "loops-3", "lists-2", "loops-4"];
    items.forEach((itemId, i) => store.recordAttempt(attempt({ itemId, skillId: itemId.split("-")[0], at: 1000 + i }), 0.4));
    await store.recordAttempt(attempt({ studentId: "s2", itemId: "loops-9", at: 9000 }), 0.4);
    await store.recordAttempt(attempt({ courseId: "c2", itemId: "loops-8", at: 8000 }), 0.4);
    expect(await store.lastAttemptAt("c1", "s1")).toBe(1005);
    expect(await store.recentItemIds("c1", "s1", 3)).toEqual(["loops-4", "lists-2", "loops-3"]);
    const latest = (await store.listAttempts({ courseId: "c1", studentId: "s1", latestPerSkill: 2 })).map((a) => a.itemId);
    expect(latest).toEqual(["lists-1", "loops-3", "lists-2", "loops-4"]);
  });

  it("memory entries appended together land in order, in one call", async () => {
    await store.appendMemory(
      "c1",
      "s1",
      "conv",
      [
        { role: "user", content: "q", at: 1 },
        { role: "assistant", content: "a", at: 1 },
      ],
      4,
    );
    await store.appendMemory(
      "c1",
      "s1",
      "conv",
      [
        { role: "user", content: "q2", at: 2 },
        { role: "assistant", content: "a2", at: 2 },
        { role: "user", content: "q3", at: 3 },
      ],
      4,
    );
    expect((await store.getMemory("c1", "s1", "conv", 10)).map((m) => m.content)).toEqual(["a", "q2", "a2", "q3"]);
  });

  it("memory is bounded to `keep` per conversation, oldest dropped, order kept", async () => {
    for (let i = 1; i <= 7; i++)
      await store.appendMemory("c1", "s1", "conv", { role: i % 2 ? "user" : "assistant", content: `m${i}`, at: i }, 4);
    await store.appendMemory("c1", "s1", "other-conv", { role: "user", content: "elsewhere", at: 1 }, 4);
    await reopen();
    expect((await store.getMemory("c1", "s1", "conv", 100)).map((m) => m.content)).toEqual(["m4", "m5", "m6", "m7"]);
    expect((await store.getMemory("c1", "s1", "conv", 2)).map((m) => m.content)).toEqual(["m6", "m7"]);
    expect(await store.getMemory("c1", "s1", "other-conv", 100)).toEqual([{ role: "user", content: "elsewhere", at: 1 }]);
  });

  it("pending items: one per student, course and conversation; cleared with undefined", async () => {
    await store.setPendingItem("c1", "s1", "conv", { itemId: "loops-1", hints: [], wrongAttempts: 0, wrongAnswers: [], askedAt: 5 });
    await store.setPendingItem("c1", "s1", "conv", {
      itemId: "loops-1",
      hints: ["guard", "asked"],
      wrongAttempts: 1,
      wrongAnswers: ["B"],
      askedAt: 6,
    });
    await store.setPendingItem("c1", "s1", "conv-2", { itemId: "lists-1", hints: [], wrongAttempts: 0, wrongAnswers: [], askedAt: 7 });
    await reopen();
    expect(await store.getPendingItem("c1", "s1", "conv")).toEqual({
      itemId: "loops-1",
      hints: ["guard", "asked"],
      wrongAttempts: 1,
      wrongAnswers: ["B"],
      askedAt: 6,
    });
    expect(await store.getPendingItem("c2", "s1", "conv")).toBeUndefined();
    await store.setPendingItem("c1", "s1", "conv", undefined);
    expect(await store.getPendingItem("c1", "s1", "conv")).toBeUndefined();
    expect((await store.getPendingItem("c1", "s1", "conv-2"))?.itemId).toBe("lists-1");
  });

  it("bindings: set, replaced, kept across reopening", async () => {
    expect(await store.getBinding("discord:guild:1")).toBeUndefined();
    await store.setBinding("discord:guild:1", "python-basics");
    await store.setBinding("discord:guild:1", "algebra");
    await store.setBinding("slack:team:T", "python-basics");
    await reopen();
    expect(await store.getBinding("discord:guild:1")).toBe("algebra");
    expect(await store.getBinding("slack:team:T")).toBe("python-basics");
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
  });

  it("skill parameters round-trip", async () => {
    await store.saveSkillParams(
      "c1",
      new Map([["loops", { params: { prior: 0.3, learn: 0.2, guess: 0.25, slip: 0.05, forget: 0.01 }, attemptsUsed: 120 }]]),
    );
    await reopen();
    expect(await store.getSkillParams("c1")).toEqual(
      new Map([["loops", { prior: 0.3, learn: 0.2, guess: 0.25, slip: 0.05, forget: 0.01 }]]),
    );
    expect((await store.getSkillParams("c2")).size).toBe(0);
  });

  async function fillTwoStudents(): Promise<void> {
    for (const studentId of ["s1", "s2"]) {
      for (const courseId of ["c1", "c2"]) {
        await store.recordAttempt(attempt({ studentId, courseId, answer: `${studentId}-${courseId}` }), 0.3);
        await store.setPendingItem(courseId, studentId, `${studentId}-conv`, {
          itemId: "loops-1",
          hints: ["asked"],
          wrongAttempts: 0,
          wrongAnswers: [],
          askedAt: 9,
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
  }

  it("export includes everything of the student, in every course, and nothing of another", async () => {
    await fillTwoStudents();
    const data = await store.exportStudent("s1");
    expect(data.studentId).toBe("s1");
    expect(data.mastery.map((m) => `${m.courseId}/${m.skillId}`).sort()).toEqual(["c1/lists", "c1/loops", "c2/loops"]);
    expect(data.attempts.map((a) => a.answer)).toEqual(["s1-c1", "s1-c2"]);
    expect(data.pendingItems.map((p) => `${p.courseId}/${p.conversationId}`).sort()).toEqual(["c1/s1-conv", "c2/s1-conv"]);
    expect(data.memory.map((m) => m.content)).toEqual(["s1 asks in c1", "s1 asks in c2"]);
    expect(JSON.stringify(data)).not.toContain("s2");
  });

  it("forgetStudent deletes every row of that student in every course and none of others", async () => {
    await fillTwoStudents();
    await store.setBinding("discord:guild:1", "c1");
    const before = {
      mastery: rowsFor("mastery", "s2"),
      attempts: rowsFor("attempts", "s2"),
      pending: rowsFor("pending_items", "s2"),
      memory: rowsFor("memory", "s2"),
    };
    // s1: 3 mastery rows, 2 attempts, 2 pending items, 2 memory entries.
    expect(await store.forgetStudent("s1")).toBe(9);
    await reopen();
    for (const table of ["mastery", "attempts", "pending_items", "memory"]) expect(rowsFor(table, "s1"), table).toBe(0);
    expect({
      mastery: rowsFor("mastery", "s2"),
      attempts: rowsFor("attempts", "s2"),
      pending: rowsFor("pending_items", "s2"),
      memory: rowsFor("memory", "s2"),
    }).toEqual(before);
    expect(before).toEqual({ mastery: 2, attempts: 2, pending: 2, memory: 2 });
    expect(await store.exportStudent("s1")).toEqual({ studentId: "s1", mastery: [], attempts: [], pendingItems: [], memory: [] });
    expect(await store.getBinding("discord:guild:1")).toBe("c1");
    expect(await store.forgetStudent("s1")).toBe(0);
  });

  it("a pending item keeps only the latest wrong answers", async () => {
    const answers = ["1", "2", "3", "4", "5", "6", "7"];
    await store.setPendingItem("c1", "s1", "conv", {
      itemId: "loops-1",
      hints: [],
      wrongAttempts: answers.length,
      wrongAnswers: answers,
      askedAt: 5,
    });
    expect((await store.getPendingItem("c1", "s1", "conv"))?.wrongAnswers).toEqual(answers.slice(-MAX_WRONG_ANSWERS));
  });

  it("a database made before wrong answers and hint sources were kept gets both columns: no wrong answers, and its hints count as asked for", async () => {
    await store.close();
    const old = new Database(file);
    old.exec(
      "DROP TABLE pending_items; CREATE TABLE pending_items (course_id TEXT NOT NULL, student_id TEXT NOT NULL, conversation_id TEXT NOT NULL, item_id TEXT NOT NULL, hints_shown INTEGER NOT NULL, wrong_attempts INTEGER NOT NULL, asked_at INTEGER NOT NULL, PRIMARY KEY (course_id, student_id, conversation_id));",
    );
    old.prepare("INSERT INTO pending_items VALUES ('c1', 's1', 'conv', 'loops-1', 2, 2, 5)").run();
    old.close();
    store = new SqliteProfileStore(file);
    expect(await store.getPendingItem("c1", "s1", "conv")).toEqual({
      itemId: "loops-1",
      hints: ["asked", "asked"],
      wrongAttempts: 2,
      wrongAnswers: [],
      askedAt: 5,
    });
  });

  it("teaching styles per class scope: set, replaced, cleared, kept across reopening", async () => {
    expect(await store.getTeachingStyle("discord:guild:1")).toBeUndefined();
    await store.setTeachingStyle("discord:guild:1", "direct");
    await store.setTeachingStyle("slack:team:T", "direct");
    await store.setTeachingStyle("slack:team:T", "socratic");
    await reopen();
    expect(await store.getTeachingStyle("discord:guild:1")).toBe("direct");
    expect(await store.getTeachingStyle("slack:team:T")).toBe("socratic");
    await store.setTeachingStyle("discord:guild:1", undefined);
    expect(await store.getTeachingStyle("discord:guild:1")).toBeUndefined();
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
});
