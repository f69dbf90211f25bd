import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_BKT_PARAMS } from "../../src/tutor/mastery/bkt.js";
import { skillUpdate } from "../../src/tutor/skill-update.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";

let dir: string;
let file: string;
let store: SqliteProfileStore;
const traced: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tutor-plans-"));
  file = path.join(dir, "tutor.db");
  store = new SqliteProfileStore(file, { traceSql: (sql) => traced.push(sql) });
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** SQLite's plan for one statement, read with another connection: one line per step. */
function planOf(sql: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((row) => row.detail);
  } finally {
    db.close();
  }
}

/** The statements one call runs, with their plans. */
function plansOf(call: () => unknown): Array<{ sql: string; plan: string[] }> {
  traced.length = 0;
  call();
  return traced.filter((sql) => !/^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(sql)).map((sql) => ({ sql, plan: planOf(sql) }));
}

const scans = (plans: Array<{ plan: string[] }>) =>
  plans.flatMap(({ plan }) => plan.filter((step) => /^SCAN (attempts|mastery)\b/.test(step)));

describe("every store read and write the tutor makes searches an index of attempts and mastery, never scans the tables", () => {
  beforeAll(async () => {
    for (const [i, studentId] of ["s1", "s2"].entries()) {
      await store.recordGradedAnswer({
        attempt: {
          courseId: "c1",
          studentId,
          skillId: "loops",
          itemId: "loops-1",
          correct: i === 0,
          answer: "A",
          hintsUsed: 0,
          at: 1000 + i,
        },
        update: skillUpdate({ skillId: "loops", correct: i === 0, at: 1000 + i }, DEFAULT_BKT_PARAMS),
        classScopes: ["test:class:1"],
        conversationId: "dm",
        pendingAfter: undefined,
      });
    }
  });

  const calls: Record<string, () => unknown> = {
    "/progress: the latest answers per skill": () => store.listAttempts({ courseId: "c1", studentId: "s1", latestPerSkill: 5 }),
    "/why: one skill's answers": () => store.listAttempts({ courseId: "c1", studentId: "s1", skillId: "loops" }),
    "the mastery CLI: one course's attempts": () => store.listAttempts({ courseId: "c1" }),
    "/export: one student's attempts": () => store.listAttempts({ studentId: "s1" }),
    "item selection: recent items": () => store.recentItemIds("c1", "s1", 10),
    "last answer": () => store.lastAttemptAt("c1", "s1"),
    mastery: () => store.getMastery("c1", "s1"),
    "/class of the whole course": () => store.classRecords("c1", "test:class:1"),
    "/class of a class": () => store.classRecords("c1", "test:class:other"),
    "a graded answer": () =>
      store.recordGradedAnswer({
        attempt: {
          courseId: "c1",
          studentId: "s1",
          skillId: "loops",
          itemId: "loops-2",
          correct: true,
          answer: "B",
          hintsUsed: 0,
          at: 3000,
        },
        update: skillUpdate({ skillId: "loops", correct: true, at: 3000 }, DEFAULT_BKT_PARAMS),
        classScopes: ["test:class:1"],
        conversationId: "dm",
        pendingAfter: undefined,
      }),
    "/export": () => store.exportStudent("s2"),
    "/forget": () => store.forgetStudent("s2"),
  };
  for (const [name, call] of Object.entries(calls)) {
    it(name, () => {
      const plans = plansOf(call);
      expect(plans.length).toBeGreaterThan(0);
      expect(scans(plans)).toEqual([]);
    });
  }

  it("the checks would see a scan: the shared (@x IS NULL OR col = @x) statement of old scans the attempt log", () => {
    const old = "SELECT * FROM attempts WHERE (NULL IS NULL OR course_id = NULL) AND ('s1' IS NULL OR student_id = 's1') ORDER BY id";
    expect(scans([{ plan: planOf(old) }])).toEqual(["SCAN attempts"]);
  });

  it("only reading every course's attempts at once (the mastery CLI's fit of all courses) reads the whole log", () => {
    expect(scans(plansOf(() => store.listAttempts({})))).toEqual(["SCAN attempts"]);
  });
});
