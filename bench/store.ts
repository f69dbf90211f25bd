/**
 * The profile store at a school's scale. Builds a temp SQLite database with N attempts (default 1,000,000:
 * 10,000 students × 20 skills, see bench/store/generate-profiles.ts) through the real store's schema, then
 * measures the real SqliteProfileStore:
 * - /progress: the store reads the `/progress` flow makes, for many random students (p50, p99);
 * - grading: recordGradedAnswer, the one transaction of a graded answer (attempt, mastery, class, review card,
 *   pending item), for many random students (p50, p99), synchronous=FULL on the temp dir's disk; beside it the
 *   disk's own fsync time (each commit waits for one);
 * - /class: classRecords + summarizeClass for a class of the whole course (every student: a school's server,
 *   the harshest class there is; median of 5 runs), and for a class of 30 (a teacher's channel). Its peak memory
 *   is the highest resident set size (process.memoryUsage.rss(), sampled every millisecond by a worker thread,
 *   which keeps sampling while the main thread is busy in SQLite) minus the RSS just before, after a GC.
 * Then, on the same database, the old way as a baseline: the shared `(@x IS NULL OR col = @x)` statement for
 * /progress's attempts, and /class loading every attempt and mastery record of the course and summing them up
 * in memory (skip with --no-baseline). Timings are wall clock; the CPU time of /class is printed beside it,
 * as is the machine's load average, since both vary with what else runs.
 *   npm run bench:store [-- --attempts 1000000] [-- --json] [-- --no-baseline]
 */
import { closeSync, fsyncSync, openSync, unlinkSync, writeSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { RECENT_ITEMS } from "../src/tutor/flows/quiz.js";
import { DEFAULT_BKT_PARAMS } from "../src/tutor/mastery/bkt.js";
import { summarizeClass } from "../src/tutor/mastery/class-summary.js";
import { createPrng } from "../src/tutor/mastery/prng.js";
import { RECENT_MARKS } from "../src/tutor/progress-report.js";
import { skillUpdate } from "../src/tutor/skill-update.js";
import { SqliteProfileStore } from "../src/tutor/store/sqlite-profile-store.js";
import { toSkillMastery, type MasteryRow } from "../src/tutor/store/store-rows.js";
import { classRecordsInMemory } from "../test/support/class-records-in-memory.js";
import { quantile } from "./load/timed-model.js";
import { COURSE_ID, generateProfiles, ROOM_SCOPE, ROOM_SIZE, SCHOOL_SCOPE } from "./store/generate-profiles.js";

const { values } = parseArgs({
  options: {
    attempts: { type: "string", default: "1000000" },
    json: { type: "boolean", default: false },
    "no-baseline": { type: "boolean", default: false },
  },
});
const attempts = Number(values.attempts);
if (!Number.isInteger(attempts) || attempts < 100)
  throw new Error(`--attempts must be a whole number of at least 100, got "${values.attempts}"`);
const PROGRESS_SAMPLES = 2000;
const GRADE_SAMPLES = 1000;
const CLASS_RUNS = 5;
const OLD_PROGRESS_SAMPLES = 10;
const TARGETS = { progressP99Ms: 5, gradeP99Ms: 5, classViewMs: 300, classViewPeakRssMb: 60 };

v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const now = () => performance.now();
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The highest RSS since the last reset, sampled every millisecond in a thread of its own. */
function startRssSampler() {
  const worker = new Worker(
    `const { parentPort } = require("node:worker_threads");
     let peak = 0;
     setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 1);
     parentPort.on("message", (message) => { parentPort.postMessage(peak); if (message === "reset") peak = 0; });`,
    { eval: true },
  );
  const ask = (message: "reset" | "read") =>
    new Promise<number>((resolve) => {
      worker.once("message", resolve);
      worker.postMessage(message);
    });
  return { reset: () => ask("reset"), read: () => ask("read"), stop: () => worker.terminate() };
}
const sampler = startRssSampler();

/** Runs `work` CLASS_RUNS times: median wall time, median CPU time, and the peak RSS above the RSS just before. */
async function measureClassView(work: () => unknown, runs = CLASS_RUNS) {
  const wall: number[] = [];
  const cpu: number[] = [];
  let peakAboveMb = 0;
  for (let run = 0; run < runs; run++) {
    gc();
    const baseline = process.memoryUsage.rss();
    await sampler.reset();
    const cpuStart = process.cpuUsage();
    const start = now();
    await work();
    wall.push(now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    // Sampled once more after the work: the last allocations may fall between two samples.
    const peak = Math.max(await sampler.read(), process.memoryUsage.rss());
    peakAboveMb = Math.max(peakAboveMb, (peak - baseline) / 2 ** 20);
  }
  return { ms: quantile(wall, 0.5), cpuMs: quantile(cpu, 0.5), peakRssMb: peakAboveMb };
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * The disk's floor under a durable commit: a 4 KiB write appended and fsynced in the database's folder, as SQLite's WAL
 * commit with synchronous=FULL does once per transaction (median of 50).
 */
function fsyncMs(folder: string): number {
  const probe = path.join(folder, "fsync-probe");
  const fd = openSync(probe, "w");
  const page = Buffer.alloc(4096);
  const times: number[] = [];
  try {
    for (let i = 0; i < 50; i++) {
      const start = now();
      writeSync(fd, page);
      fsyncSync(fd);
      times.push(now() - start);
    }
  } finally {
    closeSync(fd);
    unlinkSync(probe);
  }
  return quantile(times, 0.5);
}

const dir = await mkdtemp(path.join(os.tmpdir(), "tutor-bench-store-"));
try {
  const file = path.join(dir, "tutor.db");
  const generateStart = now();
  const generated = await generateProfiles(file, attempts);
  const generateMs = now() - generateStart;
  log(`generated ${generated.attempts} attempts of ${generated.students.length} students in ${(generateMs / 1000).toFixed(1)} s`);

  const store = new SqliteProfileStore(file);
  const random = createPrng(11);
  const someStudent = () => generated.students[Math.floor(random() * generated.students.length)]!;

  // /progress: what showProgress reads from the store, in its order.
  const progress: number[] = [];
  for (let i = 0; i < PROGRESS_SAMPLES + 100; i++) {
    const studentId = someStudent();
    const start = now();
    await store.getMastery(COURSE_ID, studentId);
    await store.getSkillParams(COURSE_ID);
    await store.listAttempts({ courseId: COURSE_ID, studentId, latestPerSkill: RECENT_MARKS });
    await store.getReviewCards(COURSE_ID, studentId);
    await store.recentItemIds(COURSE_ID, studentId, RECENT_ITEMS);
    if (i >= 100) progress.push(now() - start);
  }

  // Grading: one graded first try each, wrong (keeping the item pending) or right (ending it, scheduling a review).
  const grade: number[] = [];
  for (let i = 0; i < GRADE_SAMPLES + 20; i++) {
    const studentId = someStudent();
    const skillId = generated.skills[Math.floor(random() * generated.skills.length)]!;
    const itemId = generated.items[generated.skills.indexOf(skillId)]![0]!;
    const correct = random() < 0.6;
    const at = Date.now();
    const start = now();
    await store.recordGradedAnswer({
      attempt: { courseId: COURSE_ID, studentId, skillId, itemId, correct, answer: correct ? "B" : "A", hintsUsed: 0, at },
      update: skillUpdate({ skillId, correct, at }, DEFAULT_BKT_PARAMS),
      classScopes: [SCHOOL_SCOPE],
      conversationId: "bench:dm",
      pendingAfter: correct ? undefined : { itemId, hints: [], wrongAttempts: 1, wrongAnswers: ["A"], askedAt: at },
    });
    if (i >= 20) grade.push(now() - start);
  }

  const school = await measureClassView(async () => summarizeClass(await store.classRecords(COURSE_ID, SCHOOL_SCOPE)));
  const room = await measureClassView(async () => summarizeClass(await store.classRecords(COURSE_ID, ROOM_SCOPE)));
  await store.close();

  const result: Record<string, unknown> = {
    attempts: generated.attempts,
    progressP50Ms: round(quantile(progress, 0.5)),
    progressP99Ms: round(quantile(progress, 0.99)),
    gradeP50Ms: round(quantile(grade, 0.5)),
    gradeP99Ms: round(quantile(grade, 0.99)),
    fsyncP50Ms: round(fsyncMs(dir)),
    classViewMs: round(school.ms),
    classViewPeakRssMb: round(school.peakRssMb),
    classViewCpuMs: round(school.cpuMs),
    classViewStudents: generated.students.length,
    classViewRoomMs: round(room.ms),
    classViewRoomStudents: ROOM_SIZE,
    students: generated.students.length,
    generateMs: Math.round(generateMs),
    loadAverage: round(os.loadavg()[0]!),
  };

  if (!values["no-baseline"]) {
    // The statements the store ran before, on the same database, through a connection of their own.
    const db = new Database(file, { readonly: true });
    const oldAttempts = db.prepare(
      `SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY course_id, student_id, skill_id ORDER BY id DESC) AS newest FROM attempts
         WHERE (@courseId IS NULL OR course_id = @courseId) AND (@studentId IS NULL OR student_id = @studentId) AND (@skillId IS NULL OR skill_id = @skillId))
       WHERE newest <= @latest ORDER BY id`,
    );
    const oldProgress: number[] = [];
    for (let i = 0; i < OLD_PROGRESS_SAMPLES; i++) {
      const start = now();
      oldAttempts.all({ courseId: COURSE_ID, studentId: someStudent(), skillId: null, latest: RECENT_MARKS });
      oldProgress.push(now() - start);
    }
    // /class as it was: every mastery record and every attempt of the course (the same listAttempts call), kept for members, summed up in memory.
    const oldStore = new SqliteProfileStore(file);
    const oldClass = await measureClassView(async () => {
      const members = new Set(await oldStore.listClassMembers(COURSE_ID, SCHOOL_SCOPE));
      const mastery = (
        db.prepare("SELECT * FROM mastery WHERE course_id = ? ORDER BY student_id, skill_id").all(COURSE_ID) as Array<
          MasteryRow & { student_id: string }
        >
      )
        .filter((row) => members.has(row.student_id))
        .map((row) => ({ studentId: row.student_id, ...toSkillMastery(row) }));
      const all = (await oldStore.listAttempts({ courseId: COURSE_ID })).filter((attempt) => members.has(attempt.studentId));
      return summarizeClass(classRecordsInMemory(mastery, all));
    }, 1);
    await oldStore.close();
    db.close();
    result.baseline = {
      progressAttemptsP50Ms: round(quantile(oldProgress, 0.5)),
      classViewMs: round(oldClass.ms),
      classViewCpuMs: round(oldClass.cpuMs),
      classViewPeakRssMb: round(oldClass.peakRssMb),
    };
  }
  await sampler.stop();

  if (values.json) console.log(JSON.stringify(result));
  else {
    const baseline = result.baseline as Record<string, number> | undefined;
    const rows: Array<[string, unknown, string, string]> = [
      ["/progress p50 (ms)", result.progressP50Ms, "", baseline ? `attempts read alone: ${baseline.progressAttemptsP50Ms}` : ""],
      ["/progress p99 (ms)", result.progressP99Ms, `< ${TARGETS.progressP99Ms}`, ""],
      ["grade p50 (ms)", result.gradeP50Ms, "", ""],
      ["grade p99 (ms)", result.gradeP99Ms, `< ${TARGETS.gradeP99Ms}`, ""],
      ["one 4 KiB write + fsync, p50 (ms)", result.fsyncP50Ms, "", "the disk's floor under a durable commit"],
      [
        `/class, ${result.classViewStudents} students (ms)`,
        result.classViewMs,
        `< ${TARGETS.classViewMs}`,
        baseline ? String(baseline.classViewMs) : "",
      ],
      ["/class CPU (ms)", result.classViewCpuMs, "", baseline ? String(baseline.classViewCpuMs) : ""],
      [
        "/class peak RSS above baseline (MB)",
        result.classViewPeakRssMb,
        `< ${TARGETS.classViewPeakRssMb}`,
        baseline ? String(baseline.classViewPeakRssMb) : "",
      ],
      [`/class, ${ROOM_SIZE} students (ms)`, result.classViewRoomMs, "", ""],
    ];
    console.log(`${result.attempts} attempts, ${result.students} students; load average ${result.loadAverage}`);
    console.log(`${"".padEnd(40)} ${"now".padStart(10)} ${"target".padStart(8)}   before`);
    for (const [name, value, target, before] of rows)
      console.log(`${name.padEnd(40)} ${String(value).padStart(10)} ${target.padStart(8)}   ${before}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
