import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClaimedOnce } from "../../src/tutor/store/claimed-once.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";

let dir: string;
let file: string;
const opened: SqliteProfileStore[] = [];
const open = () => {
  const store = new SqliteProfileStore(file);
  opened.push(store);
  return store;
};
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tutor-claims-"));
  file = path.join(dir, "tutor.db");
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await rm(dir, { recursive: true, force: true });
});

const claimRows = () => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT claim_key AS key, expires_at AS expiresAt FROM claims ORDER BY claim_key").all();
  } finally {
    db.close();
  }
};

describe("claimOnce: a key is claimed once by every connection sharing the file, until it expires", () => {
  it("gives the first claim true and every other false, across connections and reopening", async () => {
    const first = open();
    const second = open();
    expect(await first.claimOnce("slack:event:Ev1", 1000, 5000)).toBe(true);
    expect(await first.claimOnce("slack:event:Ev1", 1001, 5001)).toBe(false);
    expect(await second.claimOnce("slack:event:Ev1", 1002, 5002)).toBe(false);
    await first.close();
    opened.splice(opened.indexOf(first), 1);
    expect(await open().claimOnce("slack:event:Ev1", 1003, 5003)).toBe(false);
    expect(await second.claimOnce("slack:event:Ev2", 1004, 5004)).toBe(true);
    // The live claim kept its own expiry: the refused ones changed nothing.
    expect(claimRows()).toEqual([
      { key: "slack:event:Ev1", expiresAt: 5000 },
      { key: "slack:event:Ev2", expiresAt: 5004 },
    ]);
  });

  it("of claims made at once from two connections, exactly one per key wins", async () => {
    const stores = [open(), open()];
    const keys = Array.from({ length: 50 }, (_, i) => `turn:test:${i}`);
    const results = await Promise.all(
      keys.flatMap((key) => stores.map(async (store) => ({ key, won: await store.claimOnce(key, 1000, 2000) }))),
    );
    for (const key of keys) expect(results.filter((result) => result.key === key && result.won)).toHaveLength(1);
  });

  it("an expired claim is free again, and expired claims are deleted", async () => {
    const store = open();
    expect(await store.claimOnce("a", 1000, 2000)).toBe(true);
    expect(await store.claimOnce("b", 1000, 90_000)).toBe(true);
    expect(await store.claimOnce("a", 1999, 3000)).toBe(false);
    // At its expiry the key can be claimed again, with the new expiry.
    expect(await store.claimOnce("a", 2000, 3000)).toBe(true);
    expect(await store.claimOnce("a", 2500, 4000)).toBe(false);
    // A minute on, a claim deletes what expired meanwhile (a at 3000), keeping the live ones.
    expect(await store.claimOnce("c", 62_000, 122_000)).toBe(true);
    expect(claimRows()).toEqual([
      { key: "b", expiresAt: 90_000 },
      { key: "c", expiresAt: 122_000 },
    ]);
  });
});

describe("ClaimedOnce: this process's memory in front of the store", () => {
  const failing = () => ({ claimOnce: () => Promise.reject(new Error("database restarting")) });

  it("answers a repeat this process saw from memory, and one another process claimed from the store", async () => {
    const here = new ClaimedOnce(open(), { onStoreError: () => {}, clock: () => 1000 });
    const there = new ClaimedOnce(open(), { onStoreError: () => {}, clock: () => 1000 });
    expect(await here.first("turn:test:1")).toBe(true);
    expect(await here.first("turn:test:1")).toBe(false);
    expect(await there.first("turn:test:1")).toBe(false);
    expect(await there.first("turn:test:2")).toBe(true);
    expect(await here.first("turn:test:2")).toBe(false);
  });

  it("claims for its ttl by its clock", async () => {
    let now = 1000;
    const claims = new ClaimedOnce(open(), { onStoreError: () => {}, clock: () => now, ttlMs: 500 });
    expect(await claims.first("k")).toBe(true);
    expect(claimRows()).toEqual([{ key: "k", expiresAt: 1500 }]);
    now = 1500;
    // Another process, after the claim expired, may take the key.
    expect(await new ClaimedOnce(open(), { onStoreError: () => {}, clock: () => now }).first("k")).toBe(true);
  });

  it("handles a delivery when the store cannot be asked, and says so", async () => {
    const errors: string[] = [];
    const claims = new ClaimedOnce(failing(), { onStoreError: (key, error) => errors.push(`${key}: ${(error as Error).message}`) });
    expect(await claims.first("k")).toBe(true);
    expect(await claims.first("k")).toBe(false);
    expect(errors).toEqual(["k: database restarting"]);
  });
});
