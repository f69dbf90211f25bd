import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import { describeProfileStoreContract } from "./profile-store.contract.js";

describeProfileStoreContract("SqliteProfileStore", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tutor-store-"));
  const file = path.join(dir, "nested", "tutor.db");
  let store = new SqliteProfileStore(file);
  /** A connection of its own, as another process would have. */
  const read = <T>(body: (db: Database.Database) => T): T => {
    const db = new Database(file);
    try {
      return body(db);
    } finally {
      db.close();
    }
  };
  return {
    get store() {
      return store;
    },
    async reopen() {
      await store.close();
      store = new SqliteProfileStore(file);
      return store;
    },
    async rowsFor(table, studentId) {
      return read((db) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE student_id = ?`).get(studentId) as { n: number }).n);
    },
    async refuseReviewCards() {
      read((db) => db.exec("CREATE TRIGGER no_cards BEFORE INSERT ON review_cards BEGIN SELECT RAISE(ABORT, 'review card refused'); END"));
      return async () => {
        read((db) => db.exec("DROP TRIGGER no_cards"));
      };
    },
    async destroy() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe("SqliteProfileStore on an older database", () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tutor-store-"));
    file = path.join(dir, "tutor.db");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a database made before wrong answers and hint sources were kept gets both columns: no wrong answers, and its hints count as asked for", async () => {
    await new SqliteProfileStore(file).close();
    const old = new Database(file);
    old.exec(
      "DROP TABLE pending_items; CREATE TABLE pending_items (course_id TEXT NOT NULL, student_id TEXT NOT NULL, conversation_id TEXT NOT NULL, item_id TEXT NOT NULL, hints_shown INTEGER NOT NULL, wrong_attempts INTEGER NOT NULL, asked_at INTEGER NOT NULL, PRIMARY KEY (course_id, student_id, conversation_id));",
    );
    old.prepare("INSERT INTO pending_items VALUES ('c1', 's1', 'conv', 'loops-1', 2, 2, 5)").run();
    old.close();
    const store = new SqliteProfileStore(file);
    expect(await store.getPendingItem("c1", "s1", "conv")).toEqual({
      itemId: "loops-1",
      hints: ["asked", "asked"],
      wrongAttempts: 2,
      wrongAnswers: [],
      askedAt: 5,
    });
    await store.close();
  });
});
