// Worker threads do not inherit the TypeScript loader the main thread may run under (tsx, vitest), so the
// parsing thread registers tsx itself before importing its TypeScript entry.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
