import { startWorkerThread } from "../../shared/worker-flags.js";

const WORKER = new URL("./checkpoint-worker.mjs", import.meta.url);

export interface WalCheckpointOptions {
  /** How often the thread looks at the WAL, and how long nobody must have written to it for a checkpoint. */
  everyMs: number;
  /** A WAL past this is checkpointed whole even while students write, holding writers back meanwhile. */
  walLimitBytes: number;
  /** The longest that checkpoint waits for a writer of the moment (on its own thread). */
  restartWaitMs: number;
}

/**
 * Checkpoints the WAL of the SQLite database in `file` on a thread of its own, with a connection of its own: a
 * checkpoint copies pages and syncs the database file, which SQLite's auto-checkpoint would do inside the commit of
 * whichever write crossed its threshold, with the student waiting. It checkpoints when writes pause (PASSIVE: it
 * waits for no connection, so processes sharing the file may each run one) and when the WAL passes its limit.
 * `onFailure` is told if the thread stops (the WAL then goes unchecked); the thread does not keep the process alive.
 */
export function startWalCheckpointer(file: string, options: WalCheckpointOptions, onFailure: (error: Error) => void) {
  const worker = startWorkerThread(WORKER, { workerData: { file, ...options } });
  let closing = false;
  let failure: Error | undefined;
  worker.on("error", (error) => (failure = error));
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", (code) => {
      if (!closing) onFailure(failure ?? new Error(`the WAL checkpoint thread stopped (exit code ${code})`));
      resolve();
    }),
  );
  worker.unref();
  return {
    /** Ends the thread once its checkpoint of the moment is done. */
    async close(): Promise<void> {
      closing = true;
      // Referenced again, or a process with nothing else to do would end before the thread has closed its connection.
      worker.ref();
      worker.postMessage("close");
      await exited;
    },
  };
}
