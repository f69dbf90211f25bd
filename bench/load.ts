/**
 * A whole school at once: N students × M turns through the full tutor (real Tutor, SQLite store, CourseIndex
 * with the built-in embedder over a generated ~10,000-passage course), against a fake Ollama in its own
 * process streaming at a realistic pace. Prints throughput, the tutor's own overhead per turn (model and
 * model-queue time subtracted), the delay it adds to the first token, lost and doubled turns, peak memory
 * and start-up time from the persisted index; then the same model calls without the tutor, for comparison.
 *   npm run bench:load [-- --students 200 --turns 5 --first-token-ms 300 --tokens-per-sec 40 --in-flight 8 --json]
 * Never a timed test: it prints figures to compare against the targets in docs/scaling.md.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { silentLogger } from "../src/logger.js";
import { CourseLibrary } from "../src/retrieval/course-library.js";
import { HashingEmbedder } from "../src/retrieval/hashing-embedder.js";
import { FairLimiter } from "../src/tutor/llm/fair-limiter.js";
import { OllamaChatModel } from "../src/tutor/llm/ollama-chat-model.js";
import { SqliteProfileStore } from "../src/tutor/store/sqlite-profile-store.js";
import { Tutor } from "../src/tutor/tutor.js";
import { createPrng } from "../src/tutor/mastery/prng.js";
import { BENCH_COURSE_ID, generateCourse } from "./load/generate-course.js";
import { recordQueueVisits, simulateStudents } from "./load/simulate-students.js";
import { quantile, timeModel, type StreamTiming } from "./load/timed-model.js";

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
    passages: { type: "string", default: "10000" },
    json: { type: "boolean", default: false },
    /** Leave out the model-alone comparison run (it takes as long as the model needs for every question). */
    "skip-baseline": { type: "boolean", default: false },
    /** What-if for the report: encode progress charts with PNG filter 0, the fix proposed for src/tutor/charts/raster.ts. */
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

function sampleMemory(): { stop(): { peakRssMb: number; heapUsedMb: number; maxRssMb: number } } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100);
  return {
    stop() {
      clearInterval(timer);
      const usage = process.memoryUsage();
      peak = Math.max(peak, usage.rss);
      return { peakRssMb: mb(peak), heapUsedMb: mb(usage.heapUsed), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
    },
  };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
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

async function main(): Promise<void> {
  if (values["build-only"]) {
    const [contentDir, dataDir] = values["build-only"].split(path.delimiter) as [string, string];
    process.stdout.write(`${await buildIndex(contentDir, dataDir)}\n`);
    return;
  }
  const students = positive("students");
  const turnsPerStudent = positive("turns");
  const inFlight = positive("in-flight");
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

    const memory = sampleMemory();
    const startupBegin = now();
    const library = await CourseLibrary.open({ contentDir, dataDir, embedder: new HashingEmbedder(), log: silentLogger });
    const store = new SqliteProfileStore(path.join(dataDir, "tutor.db"));
    const timings = new Map<string, StreamTiming>();
    const model = timeModel(new OllamaChatModel({ host: url, model: "llama3.2" }), timings, now);
    const tutor = new Tutor({ catalog: library, store, model, log: silentLogger, maxModelRequests: inFlight });
    // As src/main.ts does before it opens the terminal chat (and a chat adapter's own HTTP client does
    // anyway): one look at the model, so the process's HTTP client is loaded before the first student.
    const health = await model.health();
    if (health.status !== "ready") throw new Error(`the fake model is not ready: ${JSON.stringify(health)}`);
    const startupMs = now() - startupBegin;
    // Warm-up, reported apart from start-up: CourseIndex builds its word index on the first search.
    t = now();
    await library.search(BENCH_COURSE_ID, "warm up the word index", 4);
    const warmupMs = now() - t;
    const passages = library.passageCount(BENCH_COURSE_ID);

    const limiter = (tutor as unknown as { services: { limiter: FairLimiter } }).services.limiter;
    const queueVisits = recordQueueVisits(limiter, now);
    const result = await simulateStudents({
      handler: tutor,
      students,
      turns: turnsPerStudent,
      random: createPrng(7),
      timings,
      queueVisits,
      now,
    });
    const mem = memory.stop();
    await tutor.shutdown(1000);
    store.close();

    const { records } = result;
    const overheads = records.map((record) => record.overheadMs);
    const firstTokenExtras = records.flatMap((record) => (record.firstTokenExtraMs === undefined ? [] : [record.firstTokenExtraMs]));
    const questions = records.filter((record) => record.kind === "question").length;
    const baseline = values["skip-baseline"] ? undefined : await measureModelAlone(url, questions, inFlight);
    const figures = {
      students,
      turnsPerStudent,
      turns: records.length,
      turnsPerSec: round(records.length / (result.wallMs / 1000), 2),
      overheadP50Ms: round(quantile(overheads, 0.5), 2),
      overheadP99Ms: round(quantile(overheads, 0.99), 2),
      firstTokenExtraP50Ms: round(quantile(firstTokenExtras, 0.5), 2),
      firstTokenExtraP99Ms: round(quantile(firstTokenExtras, 0.99), 2),
      lost: records.filter((record) => record.finals === 0).length,
      duplicated: records.filter((record) => record.messages > 1).length,
      peakRssMb: Math.max(mem.peakRssMb, mem.maxRssMb),
      startupMs: Math.round(startupMs),
      warmupMs: Math.round(warmupMs),
      passages,
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(figures)}\n`);
      return;
    }
    const byKind = (kind: string) => {
      const of = records.filter((record) => record.kind === kind).map((record) => record.overheadMs);
      return `${kind} p50 ${round(quantile(of, 0.5), 2)} / p99 ${round(quantile(of, 0.99), 2)} ms (${of.length})`;
    };
    say("");
    say(
      `load: ${students} students × ${turnsPerStudent} turns = ${figures.turns} turns (${questions} questions to the model), ${inFlight} model requests in flight, ${result.redelivered} turns redelivered`,
    );
    say(`  throughput            ${figures.turnsPerSec} turns/s over ${round(result.wallMs / 1000)} s`);
    say(
      `  tutor overhead/turn   p50 ${figures.overheadP50Ms} ms, p99 ${figures.overheadP99Ms} ms (model and model-queue time excluded)   target p99 < 25 ms`,
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
    say(
      `    question phases p50 before the queue ${round(
        quantile(
          phases.map((p) => p.beforeQueue),
          0.5,
        ),
        2,
      )} ms, grant to request ${round(
        quantile(
          phases.map((p) => p.grantToRequest),
          0.5,
        ),
        2,
      )} ms, after the stream ${round(
        quantile(
          phases.map((p) => p.afterStream),
          0.5,
        ),
        2,
      )} ms`,
    );
    say(
      `  first-token extra     p50 ${figures.firstTokenExtraP50Ms} ms, p99 ${figures.firstTokenExtraP99Ms} ms (model's first chunk → first delta at the adapter)`,
    );
    say(`  lost / duplicated     ${figures.lost} / ${figures.duplicated}   target 0 / 0`);
    say(`  peak memory           ${figures.peakRssMb} MB RSS (heap used at end ${mem.heapUsedMb} MB)   target < 400 MB`);
    say(
      `  start-up              ${figures.startupMs} ms from the persisted index (${passages} passages); then warm-up (first search, which builds the word index) ${Math.round(warmupMs)} ms   target < 2000 ms for both together`,
    );
    if (baseline)
      say(
        `baseline, the model alone: ${baseline.calls} calls, ${inFlight} at once, in ${round(baseline.wallMs / 1000)} s = ${baseline.callsPerSec} calls/s; p50 per call ${baseline.callP50Ms} ms`,
      );
  } finally {
    fake.kill();
    await fake.done;
    await rm(root, { recursive: true, force: true });
  }
}

await main();
