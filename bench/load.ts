/**
 * A whole school at once: N students × M turns through the full tutor (real Tutor, SQLite store, CourseIndex
 * with the built-in embedder over a generated ~10,000-passage course), against a fake Ollama in its own
 * process streaming at a realistic pace. Prints throughput, the tutor's own overhead per turn (model and
 * model-queue time subtracted), the delay it adds to the first token, lost and doubled turns, peak memory
 * and start-up time from the persisted index; then the same model calls without the tutor, for comparison.
 * The tutor runs in `--processes` processes (bench/load/tutor-worker.ts) sharing one profile store and the
 * index built once, each with its share of the students and of `--in-flight`; `--kill-one` kills the last of
 * them with SIGKILL a third of the way through its graded answers; `--database-url` puts the shared store in a fresh
 * database on that PostgreSQL server instead of a SQLite file. Every answer whose graded reply was
 * delivered (acknowledged) must then be in the store.
 *   npm run bench:load [-- --students 200 --turns 5 --first-token-ms 300 --tokens-per-sec 40 --in-flight 8 --processes 2 --kill-one --database-url postgres://… --json]
 * Never a timed test: it prints figures to compare against the targets in docs/scaling.md.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { silentLogger } from "../src/logger.js";
import { CourseLibrary } from "../src/retrieval/course-library.js";
import { HashingEmbedder } from "../src/retrieval/hashing-embedder.js";
import { FairLimiter } from "../src/tutor/llm/fair-limiter.js";
import { OllamaChatModel } from "../src/tutor/llm/ollama-chat-model.js";
import { createRunDatabase, openBenchStore } from "./load/bench-database.js";
import { BENCH_COURSE_ID, generateCourse } from "./load/generate-course.js";
import type { TurnRecord } from "./load/simulate-students.js";
import { quantile } from "./load/timed-model.js";
import type { WorkerConfig, WorkerMessage } from "./load/tutor-worker.js";

const REPLY_TOKENS = 60;
const TSX = import.meta.resolve("tsx");
const now = () => performance.now();

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "200" },
    turns: { type: "string", default: "5" },
    "first-token-ms": { type: "string", default: "300" },
    "tokens-per-sec": { type: "string", default: "40" },
    "in-flight": { type: "string", default: "8" },
    /** Tutor processes sharing the store and the index; `--in-flight` is split between them. */
    processes: { type: "string", default: "1" },
    /** Kill the last tutor process with SIGKILL mid-run, then check the store for every acknowledged answer. */
    "kill-one": { type: "boolean", default: false },
    /** The processes share a fresh database on this PostgreSQL server (postgres://…) instead of one SQLite file. */
    "database-url": { type: "string" },
    passages: { type: "string", default: "10000" },
    json: { type: "boolean", default: false },
    /** Leave out the model-alone comparison run (it takes as long as the model needs for every question). */
    "skip-baseline": { type: "boolean", default: false },
    /** Internal: build the index into these folders and exit (run in a child so its memory is not counted). */
    "build-only": { type: "string" },
  },
});

const positive = (name: keyof typeof values) => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
};

async function buildIndex(contentDir: string, dataDir: string): Promise<number> {
  const library = await CourseLibrary.open({ contentDir, dataDir, embedder: new HashingEmbedder(), log: silentLogger });
  return library.passageCount(BENCH_COURSE_ID);
}

function runChild(args: string[]): { ready: Promise<string>; kill(): void; done: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", TSX, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const ready = new Promise<string>((resolve) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out.trim());
    });
  });
  const done = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { ready, kill: () => child.kill("SIGTERM"), done };
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The same model calls with no tutor in front: the model's own time, as a floor for the tutor's figures. */
async function measureModelAlone(url: string, calls: number, inFlight: number) {
  const model = new OllamaChatModel({ host: url, model: "llama3.2" });
  const limiter = new FairLimiter(inFlight);
  const durations: number[] = [];
  const started = now();
  await Promise.all(
    Array.from({ length: calls }, async (_, i) => {
      const waiting = limiter.waitTurn(`s${i}`);
      let step = await waiting.next();
      while (!step.done) step = await waiting.next();
      const release = step.value;
      const begin = now();
      try {
        for await (const piece of model.stream([{ role: "user", content: `question ${i}` }])) void piece;
      } finally {
        release();
      }
      durations.push(now() - begin);
    }),
  );
  const wallMs = now() - started;
  return {
    calls,
    callsPerSec: round(calls / (wallMs / 1000), 2),
    callP50Ms: Math.round(quantile(durations, 0.5)),
    wallMs: Math.round(wallMs),
  };
}

interface Worker {
  ready: Promise<Extract<WorkerMessage, { ready: unknown }>["ready"]>;
  done: Promise<Extract<WorkerMessage, { done: unknown }>["done"] | undefined>;
  acks: Array<{ studentId: string; turnId: string }>;
  go(): void;
  kill(): void;
}

/** One tutor process of the bench (bench/load/tutor-worker.ts); `done` is undefined when it was killed. */
function startWorker(config: WorkerConfig, onAck: () => void): Worker {
  const child = spawn(process.execPath, ["--import", TSX, path.join(import.meta.dirname, "load/tutor-worker.ts"), JSON.stringify(config)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const acks: Worker["acks"] = [];
  let resolveReady!: (value: Awaited<Worker["ready"]>) => void;
  let result: Awaited<Worker["done"]>;
  const ready = new Promise<Awaited<Worker["ready"]>>((resolve) => (resolveReady = resolve));
  const lines = createInterface({ input: child.stdout });
  lines.on("line", (line) => {
    const message = JSON.parse(line) as WorkerMessage;
    if ("ready" in message) resolveReady(message.ready);
    else if ("ack" in message) {
      acks.push(message.ack);
      onAck();
    } else result = message.done;
  });
  const done = new Promise<Awaited<Worker["done"]>>((resolve, reject) =>
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") return resolve(undefined);
      if (code !== 0 || !result) return reject(new Error(`a tutor process exited with ${signal ?? code} before reporting`));
      resolve(result);
    }),
  );
  return { ready, done, acks, go: () => child.stdin.end("go\n"), kill: () => child.kill("SIGKILL") };
}

/** Acknowledged answers that the store does not hold: per student, acknowledged graded answers beyond its stored attempts. */
async function missingAttempts(dataDir: string, databaseUrl: string | undefined, acks: Array<{ studentId: string }>): Promise<number> {
  const store = await openBenchStore(dataDir, databaseUrl);
  try {
    const acked = new Map<string, number>();
    for (const { studentId } of acks) acked.set(studentId, (acked.get(studentId) ?? 0) + 1);
    let missing = 0;
    for (const [studentId, count] of acked) missing += Math.max(0, count - (await store.listAttempts({ studentId })).length);
    return missing;
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  if (values["build-only"]) {
    const [contentDir, dataDir] = values["build-only"].split(path.delimiter) as [string, string];
    process.stdout.write(`${await buildIndex(contentDir, dataDir)}\n`);
    return;
  }
  const students = positive("students");
  const turnsPerStudent = positive("turns");
  const inFlight = positive("in-flight");
  const processes = positive("processes");
  const killOne = values["kill-one"];
  if (killOne && processes < 2) throw new Error("--kill-one needs --processes 2 or more: one is killed, the others carry on");
  if (processes > students) throw new Error("--processes must not exceed --students");
  const say = (line: string) => !values.json && process.stdout.write(`${line}\n`);

  const root = await mkdtemp(path.join(os.tmpdir(), "bench-load-"));
  const contentDir = path.join(root, "content");
  const dataDir = path.join(root, "data");
  const fake = runChild([
    path.join(import.meta.dirname, "load/fake-ollama-child.ts"),
    String(positive("first-token-ms")),
    String(positive("tokens-per-sec")),
    String(REPLY_TOKENS),
  ]);
  const workers: Worker[] = [];
  const databaseUrl = values["database-url"];
  const database = databaseUrl ? await createRunDatabase(databaseUrl) : undefined;
  try {
    let t = now();
    await generateCourse(contentDir, positive("passages"));
    say(`generated the course in ${Math.round(now() - t)} ms`);
    t = now();
    const builder = runChild([path.join(import.meta.dirname, "load.ts"), "--build-only", [contentDir, dataDir].join(path.delimiter)]);
    const built = await builder.ready;
    await builder.done;
    say(`built and persisted the index (${built} passages) in ${Math.round(now() - t)} ms, in a separate process`);
    const url = await fake.ready;

    // Each process serves its own students with its share of the model, as OLLAMA_MAX_IN_FLIGHT is per process.
    const share = Math.max(1, Math.floor(inFlight / processes));
    let firstStudent = 0;
    for (let i = 0; i < processes; i++) {
      const count = Math.floor(students / processes) + (i < students % processes ? 1 : 0);
      const isVictim = killOne && i === processes - 1;
      // The victim dies a third of the way through its graded answers (each student answers about one in five turns).
      const killAfter = Math.max(1, Math.floor((count * Math.ceil(turnsPerStudent / 5)) / 3));
      const worker = startWorker(
        {
          contentDir,
          dataDir,
          databaseUrl: database?.url,
          ollamaUrl: url,
          inFlight: share,
          firstStudent,
          students: count,
          turns: turnsPerStudent,
          seed: 7 + i,
        },
        () => {
          if (isVictim && worker.acks.length === killAfter) worker.kill();
        },
      );
      workers.push(worker);
      firstStudent += count;
    }
    const started = await Promise.all(workers.map((worker) => worker.ready));
    for (const worker of workers) worker.go();
    const results = await Promise.all(workers.map((worker) => worker.done));
    const finished = results.filter((result) => result !== undefined);
    const acks = workers.flatMap((worker) => worker.acks);
    const acknowledgedLost = await missingAttempts(dataDir, database?.url, acks);

    const records: TurnRecord[] = finished.flatMap((result) => result.records);
    const wallMs = Math.max(...finished.map((result) => result.wallMs));
    const overheads = records.map((record) => record.overheadMs);
    const firstTokenExtras = records.flatMap((record) => (record.firstTokenExtraMs === undefined ? [] : [record.firstTokenExtraMs]));
    const questions = records.filter((record) => record.kind === "question").length;
    const baseline = values["skip-baseline"] ? undefined : await measureModelAlone(url, questions, inFlight);
    const passages = started[0]!.passages;
    const figures = {
      students,
      turnsPerStudent,
      turns: records.length,
      turnsPerSec: round(records.length / (wallMs / 1000), 2),
      overheadP50Ms: round(quantile(overheads, 0.5), 2),
      overheadP99Ms: round(quantile(overheads, 0.99), 2),
      firstTokenExtraP50Ms: round(quantile(firstTokenExtras, 0.5), 2),
      firstTokenExtraP99Ms: round(quantile(firstTokenExtras, 0.99), 2),
      lost: records.filter((record) => record.finals === 0).length,
      duplicated: records.filter((record) => record.messages > 1).length,
      storeBusy: records.filter((record) => record.storeBusy).length,
      peakRssMb: Math.max(...finished.map((result) => result.peakRssMb)),
      startupMs: Math.round(Math.max(...started.map((ready) => ready.startupMs))),
      warmupMs: Math.round(Math.max(...started.map((ready) => ready.warmupMs))),
      passages,
      processes,
      store: database ? "postgres" : "sqlite",
      killedProcesses: results.length - finished.length,
      acknowledgedAnswers: acks.length,
      acknowledgedLost,
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(figures)}\n`);
      return;
    }
    const redelivered = finished.reduce((sum, result) => sum + result.redelivered, 0);
    const byKind = (kind: string) => {
      const of = records.filter((record) => record.kind === kind).map((record) => record.overheadMs);
      return `${kind} p50 ${round(quantile(of, 0.5), 2)} / p99 ${round(quantile(of, 0.99), 2)} ms (${of.length})`;
    };
    say("");
    say(
      `load: ${students} students × ${turnsPerStudent} turns = ${figures.turns} turns (${questions} questions to the model), ${inFlight} model requests in flight over ${processes} process(es) (${share} each), ${redelivered} turns redelivered`,
    );
    if (figures.killedProcesses > 0) say(`  one process killed with SIGKILL mid-run: the figures below are the other processes' turns`);
    say(`  throughput            ${figures.turnsPerSec} turns/s over ${round(wallMs / 1000)} s`);
    say(
      `  tutor overhead/turn   p50 ${figures.overheadP50Ms} ms, p99 ${figures.overheadP99Ms} ms (model and model-queue time excluded)   target p99 < 25 ms (one process), < 40 ms (several)`,
    );
    const later = records.filter((record) => record.index > 0).map((record) => record.overheadMs);
    say(
      `    after the opening burst (each student's first turn left out): p50 ${round(quantile(later, 0.5), 2)} ms, p99 ${round(quantile(later, 0.99), 2)} ms`,
    );
    say(`    by kind             ${["question", "quiz", "answer", "progress"].map(byKind).join("; ")}`);
    const slowest = [...records].sort((a, b) => b.overheadMs - a.overheadMs).slice(0, 12);
    say(
      `    slowest             ${slowest.map((record) => `${record.kind}#${record.index} ${round(record.overheadMs)}${record.phasesMs ? ` (${[record.phasesMs.beforeQueue, record.phasesMs.grantToRequest, record.phasesMs.afterStream].map((ms) => round(ms)).join("+")})` : ""}`).join(", ")} ms (kind#turn of the student; for questions: before the queue + grant to request + after the stream)`,
    );
    const phases = records.flatMap((record) => (record.phasesMs ? [record.phasesMs] : []));
    const phaseP50 = (pick: (phase: NonNullable<TurnRecord["phasesMs"]>) => number) => round(quantile(phases.map(pick), 0.5), 2);
    say(
      `    question phases p50 before the queue ${phaseP50((p) => p.beforeQueue)} ms, grant to request ${phaseP50((p) => p.grantToRequest)} ms, after the stream ${phaseP50((p) => p.afterStream)} ms`,
    );
    say(
      `  first-token extra     p50 ${figures.firstTokenExtraP50Ms} ms, p99 ${figures.firstTokenExtraP99Ms} ms (model's first chunk → first delta at the adapter)`,
    );
    say(`  lost / duplicated     ${figures.lost} / ${figures.duplicated}   target 0 / 0`);
    say(`  store busy            ${figures.storeBusy} turns ended with "database busy, try again" (nothing recorded)   target 0`);
    say(`  acknowledged answers  ${figures.acknowledgedAnswers}, of which missing from the store ${figures.acknowledgedLost}   target 0`);
    say(`  peak memory           ${figures.peakRssMb} MB RSS per process   target < 400 MB`);
    say(
      `  start-up              ${figures.startupMs} ms from the persisted index (${passages} passages); then warm-up (each course's chart drawn once, which loads the chart thread, and the flows rehearsed in memory, their questions searching the course) ${figures.warmupMs} ms   target < 2000 ms for both together`,
    );
    if (baseline)
      say(
        `baseline, the model alone: ${baseline.calls} calls, ${inFlight} at once, in ${round(baseline.wallMs / 1000)} s = ${baseline.callsPerSec} calls/s; p50 per call ${baseline.callP50Ms} ms`,
      );
  } finally {
    for (const worker of workers) worker.kill();
    fake.kill();
    await fake.done;
    await database?.drop();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
