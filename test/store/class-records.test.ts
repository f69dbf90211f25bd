import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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

// What /class reads is checked against the in-memory computation for every store by the contract (profile-store.contract.ts).
describe("classRecords in SQLite", () => {
  it("fills the columns it needs in a database written before them, from its attempt log", async () => {
    await populateClassTerm(store, 5);
    const expected = comparable(await store.classRecords(COURSE, SCHOOL));
    await store.close();
    // The database as an older tutor left it: no answer_key, no recent_outcomes (nor the indexes on them), no counts of wrong answers.
    const db = new Database(file);
    db.exec("DROP TRIGGER wrong_answer_counted; DROP TRIGGER wrong_answer_uncounted; DROP TABLE wrong_answer_counts");
    for (const index of ["wrong_answers_by_item", "wrong_answers_by_student", "mastery_by_skill"]) db.exec(`DROP INDEX ${index}`);
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
    db.exec("DROP TRIGGER wrong_answer_counted; DROP TRIGGER wrong_answer_uncounted; DROP TABLE wrong_answer_counts");
    await store.close();
    store = new SqliteProfileStore(file);
    expect(db.prepare(counted).all()).toEqual(grouped);
    db.close();
    expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(comparable(await classRecordsInMemoryOf(store, SCHOOL)));
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
