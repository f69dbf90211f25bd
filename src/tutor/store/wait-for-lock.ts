import { setTimeout as sleep } from "node:timers/promises";
import { isStoreBusy, StoreBusyError } from "../../errors.js";

/** How long a store call waits for another process's lock on the database before the student is told to try again. */
export const LOCK_WAIT_MS = 5000;
const FIRST_PAUSE_MS = 2;
const LONGEST_PAUSE_MS = 50;

/**
 * Runs `work` (a store call whose writes are one better-sqlite3 statement or transaction: all or nothing), and while
 * another connection holds the database's lock (SQLITE_BUSY) runs the whole of it again after a pause growing from
 * 2 to 50 ms, until `waitMs` have passed; then it fails with StoreBusyError. The pauses are timers, so other
 * students' turns go on meanwhile: SQLite's own busy timeout would sleep inside the call, on the event loop, and
 * stall every student for as long.
 */
export async function waitingForLock<T>(work: () => T | Promise<T>, waitMs = LOCK_WAIT_MS, clock: () => number = Date.now): Promise<T> {
  const deadline = clock() + waitMs;
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    try {
      return await work();
    } catch (error) {
      if (!isStoreBusy(error)) throw error;
      if (clock() + pause > deadline) throw new StoreBusyError(waitMs, { cause: error });
    }
    await sleep(pause);
  }
}
