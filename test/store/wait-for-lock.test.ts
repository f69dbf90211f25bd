import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isStoreBusy, StoreBusyError } from "../../src/errors.js";
import { waitingForLock } from "../../src/tutor/store/wait-for-lock.js";

let dir: string;
let holder: Database.Database;
let writer: Database.Database;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tutor-lock-"));
  const file = path.join(dir, "lock.db");
  holder = new Database(file);
  holder.pragma("journal_mode = WAL");
  holder.exec("CREATE TABLE t (n INTEGER)");
  // No busy timeout: a locked database fails at once, as the store's connection does.
  writer = new Database(file, { timeout: 0 });
});
afterEach(async () => {
  if (holder.inTransaction) holder.exec("ROLLBACK");
  holder.close();
  writer.close();
  await rm(dir, { recursive: true, force: true });
});

const insert = () => writer.prepare("INSERT INTO t (n) VALUES (1)").run().changes;

describe("waitingForLock", () => {
  it("tries again while another connection holds the write lock, letting timers run between tries, and writes once it is free", async () => {
    holder.exec("BEGIN IMMEDIATE");
    const writing = waitingForLock(insert);
    // Each of these runs only when the event loop is free: the wait does not hold it.
    let ticks = 0;
    while (ticks < 3) {
      await new Promise((resolve) => setImmediate(resolve));
      ticks++;
    }
    expect(writer.prepare("SELECT COUNT(*) AS n FROM t").get()).toEqual({ n: 0 });
    holder.exec("COMMIT");
    expect(await writing).toBe(1);
    expect(writer.prepare("SELECT COUNT(*) AS n FROM t").get()).toEqual({ n: 1 });
  });

  it("fails with StoreBusyError (SQLITE_BUSY its cause) once the wait is over, having written nothing", async () => {
    holder.exec("BEGIN IMMEDIATE");
    let now = 0;
    let tries = 0;
    const clock = () => now;
    const attempt = () => {
      tries++;
      now += 400;
      return insert();
    };
    const failure = await waitingForLock(attempt, 1000, clock).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreBusyError);
    expect(isStoreBusy(failure)).toBe(true);
    expect((failure as StoreBusyError).cause).toMatchObject({ code: "SQLITE_BUSY" });
    expect(tries).toBe(3);
    holder.exec("ROLLBACK");
    expect(writer.prepare("SELECT COUNT(*) AS n FROM t").get()).toEqual({ n: 0 });
  });

  it("passes any other error on at once", async () => {
    let tries = 0;
    const broken = () => {
      tries++;
      return writer.prepare("INSERT INTO missing (n) VALUES (1)").run();
    };
    await expect(waitingForLock(broken)).rejects.toThrow(/no such table/);
    expect(tries).toBe(1);
  });
});
