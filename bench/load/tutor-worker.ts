/**
 * One tutor process of the load bench: the real Tutor, the course index opened read-only from what the bench
 * built, the shared profile store, and its share of the students, simulated in this process so the tutor's own
 * time per turn is measured where it is spent. Talks to the bench over stdout (one JSON line per message):
 * `{"ready":…}` once open; after `go` on stdin, `{"ack":…}` for each graded answer whose reply was delivered, then
 * `{"done":…}` with every turn's record.
 *   tsx bench/load/tutor-worker.ts '<WorkerConfig as JSON>'
 */
import { createInterface } from "node:readline";
import { silentLogger } from "../../src/logger.js";
import { CourseLibrary } from "../../src/retrieval/course-library.js";
import { HashingEmbedder } from "../../src/retrieval/hashing-embedder.js";
import type { FairLimiter } from "../../src/tutor/llm/fair-limiter.js";
import { OllamaChatModel } from "../../src/tutor/llm/ollama-chat-model.js";
import { createPrng } from "../../src/tutor/mastery/prng.js";
import { warmUpProgressCharts } from "../../src/tutor/flows/progress.js";
import { rehearseTurns } from "../../src/tutor/rehearsal.js";
import { Tutor } from "../../src/tutor/tutor.js";
import { openBenchStore } from "./bench-database.js";
import { BENCH_COURSE_ID } from "./generate-course.js";
import { recordQueueVisits, simulateStudents, type TurnRecord } from "./simulate-students.js";
import { timeModel, type StreamTiming } from "./timed-model.js";

export interface WorkerConfig {
  contentDir: string;
  dataDir: string;
  /** The PostgreSQL database the processes share; undefined: the SQLite file in dataDir. */
  databaseUrl?: string;
  ollamaUrl: string;
  /** This process's share of the model's capacity (OLLAMA_MAX_IN_FLIGHT). */
  inFlight: number;
  firstStudent: number;
  students: number;
  turns: number;
  seed: number;
}

export type WorkerMessage =
  | { ready: { startupMs: number; warmupMs: number; passages: number } }
  | { ack: { studentId: string; turnId: string } }
  | { done: { records: TurnRecord[]; redelivered: number; wallMs: number; peakRssMb: number; heapUsedMb: number } };

const now = () => performance.now();
const send = (message: WorkerMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const config = JSON.parse(process.argv[2] ?? "{}") as WorkerConfig;
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);

const startupBegin = now();
const library = await CourseLibrary.open({
  contentDir: config.contentDir,
  dataDir: config.dataDir,
  embedder: new HashingEmbedder(),
  log: silentLogger,
  indexMode: "read",
});
const store = await openBenchStore(config.dataDir, config.databaseUrl);
const timings = new Map<string, StreamTiming>();
const model = timeModel(new OllamaChatModel({ host: config.ollamaUrl, model: "llama3.2" }), timings, now);
// Turns are claimed in the shared store, as src/compose.ts has the tutor do: a redelivery is answered once by all processes.
const tutor = new Tutor({ catalog: library, store, claims: store, model, log: silentLogger, maxModelRequests: config.inFlight });
// As src/main.ts does at start: one look at the model, remembered by the tutor (and the process's HTTP client
// loaded), so no question of the first burst waits for it.
const health = await tutor.checkModel();
if (health.status !== "ready") throw new Error(`the fake model is not ready: ${JSON.stringify(health)}`);
const startupMs = now() - startupBegin;
// Warm-up, reported apart from start-up, as src/main.ts does it while the adapters connect: each course's chart is
// drawn once, which loads the chart thread, and every flow is rehearsed in memory (its questions search the course).
const warmupBegin = now();
await Promise.all([warmUpProgressCharts(library.courses()), rehearseTurns(library)]);
send({ ready: { startupMs, warmupMs: now() - warmupBegin, passages: library.passageCount(BENCH_COURSE_ID) } });

const input = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
await input.next();
const limiter = (tutor as unknown as { services: { limiter: FairLimiter } }).services.limiter;
const result = await simulateStudents({
  handler: tutor,
  firstStudent: config.firstStudent,
  students: config.students,
  turns: config.turns,
  random: createPrng(config.seed),
  timings,
  queueVisits: recordQueueVisits(limiter, now),
  now,
  onAnswerDelivered: (studentId, turnId) => send({ ack: { studentId, turnId } }),
});
clearInterval(sampler);
const usage = process.memoryUsage();
send({
  done: {
    ...result,
    peakRssMb: Math.max(mb(Math.max(peakRss, usage.rss)), Math.round(process.resourceUsage().maxRSS / 1024)),
    heapUsedMb: mb(usage.heapUsed),
  },
});
await tutor.shutdown(1000);
await store.close();
process.exit(0);
