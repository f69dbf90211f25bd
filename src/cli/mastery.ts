import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { readAttemptTable, type AttemptTable, type ColumnMapping } from "../tutor/mastery/attempt-table.js";
import { evaluateModels, MODEL_NAMES, type Evaluation } from "../tutor/mastery/evaluate.js";
import { FitBktOptionsSchema, type BktFit } from "../tutor/mastery/fit-bkt.js";
import { fitFromAttempts } from "../tutor/mastery/fit-from-attempts.js";
import { groupBy } from "../tutor/mastery/group-by.js";

const USAGE = `Usage:
  npm run mastery -- eval --train A.csv --test B.csv [--student COL] [--skill COL] [--correct COL]
                          [--item COL] [--time COL] [--max-guess P] [--max-slip P] [--forgetting] [--json]
      Fits every model on A and scores next-answer predictions on B (CSV or TSV with a header).
      Both BKT and BKT with forgetting are always measured, so --forgetting changes nothing here.
      --max-guess/--max-slip bound the fitted guess and slip (default and at most 0.5).
  npm run mastery -- fit [--course ID] [--min-attempts N] [--forgetting]
      Fits BKT per course and skill from the attempt log in <TUTOR_DATA_DIR>/tutor.db and saves the parameters.`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

type Loaded = { ok: true; table: AttemptTable; seconds: number } | { ok: false; error: string };

function loadTable(file: string, mapping: ColumnMapping): Loaded {
  if (!existsSync(file)) return { ok: false, error: `File not found: ${file}` };
  const started = performance.now();
  const result = readAttemptTable(readFileSync(file, "utf8"), mapping, file);
  if (!result.ok) return result;
  return { ok: true, table: result.table, seconds: (performance.now() - started) / 1000 };
}

function formatEvaluation(evaluation: Evaluation, parseSeconds: number): string[] {
  const lines = [`${"model".padEnd(20)} ${"AUC".padStart(7)} ${"RMSE".padStart(7)} ${"log-loss".padStart(9)}`];
  for (const name of MODEL_NAMES) {
    const m = evaluation.models[name];
    lines.push(`${name.padEnd(20)} ${m.auc.toFixed(4).padStart(7)} ${m.rmse.toFixed(4).padStart(7)} ${m.logLoss.toFixed(4).padStart(9)}`);
  }
  const { skillsFitted: s } = evaluation;
  lines.push(
    "",
    `train ${evaluation.trainRows} rows, test ${evaluation.testRows} rows; skills fitted ${s.bkt}/${s.total} (bkt), ${s.bktForgetting}/${s.total} (forgetting)`,
    `parse ${parseSeconds.toFixed(2)} s, fit ${evaluation.fitSeconds.toFixed(2)} s`,
  );
  return lines;
}

async function runEval(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      train: { type: "string" },
      test: { type: "string" },
      student: { type: "string" },
      skill: { type: "string" },
      correct: { type: "string" },
      item: { type: "string" },
      time: { type: "string" },
      "max-guess": { type: "string", default: "0.5" },
      "max-slip": { type: "string", default: "0.5" },
      forgetting: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  if (!values.train || !values.test) {
    io.err(`eval needs --train and --test.\n${USAGE}`);
    return 2;
  }
  const mapping: ColumnMapping = {
    student: values.student,
    skill: values.skill,
    correct: values.correct,
    item: values.item,
    time: values.time,
  };
  const bounds = FitBktOptionsSchema.safeParse({ maxGuess: Number(values["max-guess"]), maxSlip: Number(values["max-slip"]) });
  if (!bounds.success) return fail(io, `--max-guess and --max-slip must be numbers between 0 and 0.5.`);
  const train = loadTable(values.train, mapping);
  if (!train.ok) return fail(io, train.error);
  const test = loadTable(values.test, mapping);
  if (!test.ok) return fail(io, test.error);
  const evaluation = evaluateModels(train.table, test.table, { maxGuess: bounds.data.maxGuess, maxSlip: bounds.data.maxSlip });
  if (values.json) io.out(JSON.stringify({ ...evaluation, parseSeconds: train.seconds + test.seconds }));
  else for (const line of formatEvaluation(evaluation, train.seconds + test.seconds)) io.out(line);
  return 0;
}

function formatFit(skill: string, fit: BktFit, minAttempts: number): string {
  const p = fit.params;
  const numbers = [p.prior, p.learn, p.guess, p.slip, p.forget].map((x) => x.toFixed(3).padStart(6)).join(" ");
  const note = fit.fitted ? "fitted" : `defaults kept: ${fit.attemptsUsed} attempts, needs ${minAttempts}`;
  return `  ${skill.padEnd(24)} ${numbers} ${String(fit.attemptsUsed).padStart(8)}  ${note}`;
}

async function runFit(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      course: { type: "string" },
      "min-attempts": { type: "string", default: "30" },
      forgetting: { type: "boolean", default: false },
    },
  });
  const minAttempts = Number(values["min-attempts"]);
  if (!Number.isInteger(minAttempts) || minAttempts < 0)
    return fail(io, `--min-attempts must be a whole number, got "${values["min-attempts"]}".`);
  // Loaded here so `eval` runs without the SQLite addon or a tutor configuration.
  const { loadConfig } = await import("../config.js");
  const { openProfileStore } = await import("../compose.js");
  const config = loadConfig(io.env ?? process.env, io.cwd ?? process.cwd());
  if (!config.DATABASE_URL && !existsSync(config.databaseFile))
    return fail(io, `No attempt log yet: ${config.databaseFile} does not exist.`);
  const store = await openProfileStore(config);
  try {
    const courses = groupBy(await store.listAttempts(values.course ? { courseId: values.course } : {}), (attempt) => attempt.courseId);
    if (courses.size === 0)
      return fail(io, values.course ? `No attempts recorded for course "${values.course}".` : "No attempts recorded yet.");
    for (const [courseId, attempts] of courses) {
      const fits = fitFromAttempts(attempts, { minAttempts, forgetting: values.forgetting });
      // Skills left at the defaults are not saved: the tutor falls back to the defaults by itself.
      await store.saveSkillParams(courseId, new Map([...fits].filter(([, fit]) => fit.fitted)));
      io.out(`course ${courseId}: ${attempts.length} attempts, ${fits.size} skills`);
      io.out(`  ${"skill".padEnd(24)}  prior  learn  guess   slip forget attempts`);
      for (const [skill, fit] of [...fits].sort(([a], [b]) => a.localeCompare(b))) io.out(formatFit(skill, fit, minAttempts));
    }
    return 0;
  } finally {
    await store.close();
  }
}

function fail(io: CliIo, message: string): number {
  io.err(message);
  return 1;
}

/** Runs one command; returns the exit code. */
export async function runMasteryCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "eval") return await runEval(rest, io);
    if (command === "fit") return await runFit(rest, io);
  } catch (error) {
    // Unknown options and bad config arrive as exceptions with messages written for the user.
    return fail(io, (error as Error).message);
  }
  io.err(command ? `Unknown command "${command}".\n${USAGE}` : USAGE);
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };
  process.exitCode = await runMasteryCli(process.argv.slice(2), io);
}
