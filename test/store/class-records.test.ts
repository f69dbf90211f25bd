import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import { COURSE, classRecordsInMemoryOf, comparable, populateClassTerm, SCHOOL } from "../support/class-term.js";

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
    // The database as an older tutor left it: no answer_key, no recent_outcomes (nor the indexes on them).
    const db = new Database(file);
    for (const index of ["wrong_answers_by_item", "wrong_answers_by_student", "mastery_by_skill"]) db.exec(`DROP INDEX ${index}`);
    db.exec("ALTER TABLE attempts DROP COLUMN answer_key");
    db.exec("ALTER TABLE mastery DROP COLUMN recent_outcomes");
    db.close();
    store = new SqliteProfileStore(file);
    expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(expected);
    expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(comparable(await classRecordsInMemoryOf(store, SCHOOL)));
  });
});
