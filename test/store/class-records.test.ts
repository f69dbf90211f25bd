import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MASTERY_THRESHOLD } from "../../src/tutor/mastery/bkt.js";
import { summarizeClass } from "../../src/tutor/mastery/class-summary.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import { COURSE, classRecordsInMemoryOf, comparable, populateClassTerm, recordAnswer, SCHOOL } from "../support/class-term.js";

let dir: string;
let file: string;
let store: SqliteProfileStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tutor-class-"));
  file = path.join(dir, "tutor.db");
  store = new SqliteProfileStore(file);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** The database as before the tables the store derives from the attempt log and the mastery records (and their triggers, indexes). */
function dropDerivedTables(db: Database.Database): void {
  for (const trigger of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all())
    db.exec(`DROP TRIGGER ${trigger}`);
  db.exec("DROP TABLE wrong_answer_counts; DROP TABLE skill_totals; DROP TABLE course_totals");
}
/** The derived totals of the mastery records, but for those of nobody left (a skill or course whose records are all gone). */
const totalsOf = (db: Database.Database) => ({
  skills: db.prepare("SELECT * FROM skill_totals WHERE students <> 0 ORDER BY course_id, skill_id").all(),
  courses: db.prepare("SELECT * FROM course_totals WHERE students <> 0 ORDER BY course_id").all(),
  leftOver: db
    .prepare(`SELECT * FROM skill_totals WHERE students = 0
      AND (p_known_units <> 0 OR p_known_fraction <> 0 OR mastered <> 0 OR answers <> 0 OR wrong <> 0)`)
    .all(),
});

// What /class reads is checked against the in-memory computation for every store by the contract (profile-store.contract.ts).
describe("classRecords in SQLite", () => {
  it("fills the columns it needs in a database written before them, from its attempt log", async () => {
    await populateClassTerm(store, 5);
    const expected = comparable(await store.classRecords(COURSE, SCHOOL));
    await store.close();
    // The database as an older tutor left it: no answer_key, no recent_outcomes (nor the indexes on them), no counts of wrong answers.
    const db = new Database(file);
    dropDerivedTables(db);
    for (const index of ["wrong_answers_by_item", "wrong_answers_by_student", "stuck_students"]) db.exec(`DROP INDEX ${index}`);
    db.exec("ALTER TABLE attempts DROP COLUMN answer_key");
    db.exec("ALTER TABLE mastery DROP COLUMN recent_outcomes");
    db.close();
    store = new SqliteProfileStore(file);
    expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(expected);
    expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(comparable(await classRecordsInMemoryOf(store, SCHOOL)));
  });

  it("counts wrong answers as they are written and deleted: the same as grouping the attempt log, for a database of before the counts too", async () => {
    await populateClassTerm(store, 9);
    for (const studentId of ["test:user:3", "test:user:10"]) await store.forgetStudent(studentId);
    const grouping = `SELECT course_id, item_id, answer_key, COUNT(*) AS count, MIN(id) AS first_attempt_id FROM attempts
      WHERE correct = 0 AND hints_used = 0 AND answer_key IS NOT NULL GROUP BY course_id, item_id, answer_key ORDER BY course_id, item_id, answer_key`;
    const counted = "SELECT * FROM wrong_answer_counts ORDER BY course_id, item_id, answer_key";
    const db = new Database(file);
    const grouped = db.prepare(grouping).all();
    expect(grouped.length).toBeGreaterThan(10);
    expect(db.prepare(counted).all()).toEqual(grouped);
    // Made and filled from the log when a database without them is opened.
    dropDerivedTables(db);
    await store.close();
    store = new SqliteProfileStore(file);
    expect(db.prepare(counted).all()).toEqual(grouped);
    db.close();
    expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(comparable(await classRecordsInMemoryOf(store, SCHOOL)));
  });

  it("keeps the skills' totals and the course's count of students exact through grading, overrides, forgetStudent and moved records", async () => {
    await populateClassTerm(store, 5);
    const graded = (studentId: string, skillId: string, correct: boolean, at: number) =>
      recordAnswer(
        store,
        { courseId: COURSE, studentId, skillId, itemId: `${skillId}-1`, correct, answer: correct ? "B" : "A", hintsUsed: 0, at },
        [SCHOOL],
      );
    // An override, then a graded answer that ends it; an override of a skill never answered; a student of an override alone.
    await store.setOverride(COURSE, "test:user:4", "lists", 0.99, "oral exam", "teacher");
    await graded("test:user:4", "lists", false, 90_000);
    await store.setOverride(COURSE, "test:user:6", "recursion", 0.5, "seen in class", "teacher");
    await store.setOverride(COURSE, "test:user:new", "loops", 0.2, "placement test", "teacher");
    await graded("test:user:new", "loops", true, 90_001);
    for (const studentId of ["test:user:3", "test:user:6", "test:user:other"]) await store.forgetStudent(studentId);
    expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(comparable(await classRecordsInMemoryOf(store, SCHOOL)));
    await store.close();
    const db = new Database(file);
    // A record moved to another student and course by hand: taken from its old totals, added to its new ones.
    db.prepare(
      "UPDATE mastery SET student_id = 'test:user:moved', course_id = 'c3' WHERE student_id = 'test:user:8' AND skill_id = 'loops'",
    ).run();
    const kept = totalsOf(db);
    expect(kept.skills.length).toBeGreaterThan(5);
    expect(kept.leftOver).toEqual([]);
    // The same as summing the records afresh: what the store does for a database without the totals.
    dropDerivedTables(db);
    store = new SqliteProfileStore(file);
    expect(totalsOf(db)).toEqual(kept);
    db.close();
  });

  it("/class of the course shows no trace of a forgotten student's wrong answers: their count goes, and the answer shown as typed is another's", async () => {
    const answer = (studentId: string, typed: string, at: number) =>
      recordAnswer(
        store,
        { courseId: COURSE, studentId, skillId: "loops", itemId: "loops-1", correct: false, answer: typed, hintsUsed: 0, at },
        [SCHOOL],
      );
    await answer("test:user:a", "RANGE(1,  10).", 1);
    await answer("test:user:b", "range(1, 10)", 2);
    await answer("test:user:c", "Range(1, 10)", 3);
    await answer("test:user:a", "it prints 10", 4);
    await answer("test:user:b", "It prints 10.", 5);
    expect(summarizeClass(await store.classRecords(COURSE, SCHOOL)).wrongAnswers).toEqual([
      { itemId: "loops-1", answer: "RANGE(1,  10).", count: 3, wrong: 5 },
    ]);
    await store.forgetStudent("test:user:a");
    expect(summarizeClass(await store.classRecords(COURSE, SCHOOL)).wrongAnswers).toEqual([
      { itemId: "loops-1", answer: "range(1, 10)", count: 2, wrong: 3 },
    ]);
    await store.forgetStudent("test:user:b");
    // One student's answer alone is not shown; and nothing is left of a group nobody's answers are in.
    expect(summarizeClass(await store.classRecords(COURSE, SCHOOL)).wrongAnswers).toEqual([]);
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT answer_key, count FROM wrong_answer_counts").all()).toEqual([{ answer_key: "range(1, 10)", count: 1 }]);
    db.close();
    expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(comparable(await classRecordsInMemoryOf(store, SCHOOL)));
  });
});

/** Opens the store's file alone, runs `change` on it, and opens the store again. */
async function reopenAfter(change: (db: Database.Database) => void): Promise<void> {
  await store.close();
  const db = new Database(file);
  change(db);
  db.close();
  store = new SqliteProfileStore(file);
}
const readTotals = () => {
  const db = new Database(file, { readonly: true });
  try {
    return totalsOf(db);
  } finally {
    db.close();
  }
};

// A later version may change what a derived object is (MASTERY_THRESHOLD, the STUCK_* constants, a trigger): a database
// made by another version must not keep that version's triggers, sums or index condition.
describe("SQLite's derived tables and indexes follow their definitions", () => {
  const graded = (studentId: string, skillId: string, correct: boolean, at: number) =>
    recordAnswer(
      store,
      { courseId: COURSE, studentId, skillId, itemId: `${skillId}-1`, correct, answer: correct ? "B" : "A", hintsUsed: 0, at },
      [SCHOOL],
    );

  it("rebuilds the skills' totals and their triggers left by a version that counted mastered at another threshold", async () => {
    await populateClassTerm(store, 5);
    const current = readTotals();
    const oldThreshold = (sql: string) => sql.replaceAll(`>= ${MASTERY_THRESHOLD}`, ">= 0.5");
    await reopenAfter((db) => {
      // What that version left: its definition recorded, its triggers, its sums.
      const definition = db.prepare("SELECT definition FROM derived_definitions WHERE name = 'skill_totals'").pluck().get() as string;
      const older = oldThreshold(definition);
      expect(older).not.toBe(definition);
      for (const trigger of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%skill_totals%'").pluck().all())
        db.exec(`DROP TRIGGER ${trigger}`);
      db.exec("DROP TABLE skill_totals");
      db.exec(older);
      db.prepare("UPDATE derived_definitions SET definition = ? WHERE name = 'skill_totals'").run(older);
      expect(totalsOf(db).skills).not.toEqual(current.skills);
    });
    expect(readTotals()).toEqual(current);
    expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(comparable(await classRecordsInMemoryOf(store, SCHOOL)));
    // Kept by the current triggers from here on: the same as a fresh fill from the mastery records.
    await store.setOverride(COURSE, "test:user:4", "lists", 0.7, "oral exam", "teacher");
    await graded("test:user:4", "lists", true, 90_000);
    await graded("test:user:new", "loops", true, 90_001);
    expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(comparable(await classRecordsInMemoryOf(store, SCHOOL)));
    const kept = readTotals();
    await reopenAfter(dropDerivedTables);
    expect(readTotals()).toEqual(kept);
  });

  it("rebuilds a database made before the definitions were recorded once, and never an unchanged one", async () => {
    await populateClassTerm(store, 7);
    const current = readTotals();
    await reopenAfter((db) => {
      db.exec("DROP TABLE IF EXISTS derived_definitions");
      db.exec("UPDATE skill_totals SET mastered = mastered + 7; UPDATE course_totals SET students = students + 3");
    });
    expect(readTotals()).toEqual(current);
    expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(comparable(await classRecordsInMemoryOf(store, SCHOOL)));
    // A row no fill makes: it is still there after opening the database again, as nothing was made again.
    const marker = {
      course_id: "marker",
      skill_id: "kept",
      students: 1,
      p_known_units: 1,
      p_known_fraction: 0,
      mastered: 1,
      answers: 1,
      wrong: 0,
    };
    await reopenAfter((db) => {
      db.prepare(
        "INSERT INTO skill_totals VALUES (@course_id, @skill_id, @students, @p_known_units, @p_known_fraction, @mastered, @answers, @wrong)",
      ).run(marker);
    });
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT * FROM skill_totals WHERE course_id = 'marker'").all()).toEqual([marker]);
    db.close();
  });

  it("makes the stuck students' index again when it was made with another condition", async () => {
    await populateClassTerm(store, 5);
    const indexSql = () => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'stuck_students'").pluck().get() as string;
      } finally {
        db.close();
      }
    };
    const current = indexSql();
    expect(current).toContain("WHERE");
    await reopenAfter((db) => {
      const older = current.replace(/WHERE[\s\S]*$/, "WHERE mastery.attempts >= 99");
      db.exec(`DROP INDEX stuck_students; ${older}`);
      db.prepare("UPDATE derived_definitions SET definition = ? WHERE name = 'stuck_students'").run(older);
    });
    expect(indexSql()).toBe(current);
    expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(comparable(await classRecordsInMemoryOf(store, SCHOOL)));
  });
});
