// A worker thread's entry (workerData.entry) is TypeScript, and worker threads do not inherit the main thread's
// loader (tsx, vitest): this plain module registers tsx, then imports the entry.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
