// Copies the profile database's WAL into the database file on a thread of its own (see wal-checkpointer.ts), with
// a connection of its own. Plain JavaScript: worker threads do not inherit the main thread's loader (tsx, vitest).
import { statSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, everyMs, walLimitBytes, restartWaitMs } = workerData;
const wal = `${file}-wal`;
const db = new Database(file, { timeout: restartWaitMs });
db.pragma("synchronous = FULL");

/** The WAL file's size, when it was last written, and both as one mark of its state ("" when there is none). */
function walState() {
  try {
    const { size, mtimeMs } = statSync(wal);
    return { size, writtenAt: mtimeMs, mark: `${size}:${mtimeMs}` };
  } catch {
    return { size: 0, writtenAt: 0, mark: "" };
  }
}

let checkpointed = "";
function checkpoint() {
  const { size, writtenAt, mark } = walState();
  if (size > walLimitBytes) {
    // Under writes without a pause the WAL would grow on (PASSIVE never catches up with the newest frames, so it is
    // never started over): RESTART holds new writers back (they wait on timers), waits for the writer of the moment
    // (on this thread), copies everything, and the next write starts the WAL over, cut back to the limit.
    db.pragma("wal_checkpoint(RESTART)");
  } else if (mark !== checkpointed && Date.now() - writtenAt >= everyMs) {
    // Nobody wrote for a while: PASSIVE copies what it can without waiting for or holding back anyone, while its
    // disk writes and sync do not compete with students' commits.
    db.pragma("wal_checkpoint(PASSIVE)");
    checkpointed = mark;
  }
}

const timer = setInterval(checkpoint, everyMs);
parentPort.on("message", (message) => {
  if (message !== "close") return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
