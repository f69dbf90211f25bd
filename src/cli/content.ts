import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createEmbedder } from "../compose.js";
import { loadConfig, type Config } from "../config.js";
import { ConfigError } from "../errors.js";
import { createLogger, silentLogger } from "../logger.js";
import { chunkLesson } from "../retrieval/chunker.js";
import { formatProblem, type ContentProblem } from "../retrieval/content/content-problem.js";
import { describeCoverage } from "../retrieval/content/course-coverage.js";
import { loadAllCourses, type CourseLoad } from "../retrieval/content/load-course.js";
import type { LessonDoc, QuizItemDoc } from "../retrieval/content/schema.js";
import { CourseLibrary } from "../retrieval/course-library.js";
import { formatFindabilityReport } from "../retrieval/findability.js";

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const USAGE = `Usage: npm run content -- <command> [--content DIR]
  check   validate every course; prints each problem as file:line with its fix, then how findable each section is
  build   build the search indexes in TUTOR_DATA_DIR with the configured embedder (TUTOR_EMBEDDER)
  stats   per course: skills, lessons, quiz items, passages, coverage problems; per lesson: exercises, solutions
          vaulted, practice items made, blocks not classified, and front-matter keys kept but not used
The content folder is TUTOR_CONTENT_DIR (default ./content) unless --content is given.
Exit codes: 0 all good, 1 content errors, 2 usage or configuration error.`;

/** `npm run content -- check|build|stats`; returns the exit code. */
export async function runContentCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "help") {
    (command ? io.out : io.err)(USAGE);
    return command ? 0 : 2;
  }
  let config: Config;
  let contentDir: string;
  try {
    const options = readOptions(rest);
    config = loadConfig(io.env ?? process.env, io.cwd ?? process.cwd());
    contentDir = options.content ? path.resolve(io.cwd ?? process.cwd(), options.content) : config.contentDir;
    if (
      !(await stat(contentDir).then(
        (info) => info.isDirectory(),
        () => false,
      ))
    ) {
      throw new ConfigError(`The content folder ${contentDir} does not exist. Fix: set TUTOR_CONTENT_DIR or pass --content DIR.`);
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(error.message);
    return 2;
  }
  switch (command) {
    case "check":
      return check(contentDir, config, io);
    case "build":
      return build(contentDir, config, io);
    case "stats":
      return stats(contentDir, io);
    default:
      io.err(`Unknown command "${command}".\n${USAGE}`);
      return 2;
  }
}

function readOptions(args: string[]): { content?: string } {
  const options: { content?: string } = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--content" && args[i + 1]) options.content = args[++i];
    else throw new ConfigError(`Unknown option "${args[i]}".\n${USAGE}`);
  }
  return options;
}

async function check(contentDir: string, config: Config, io: CliIo): Promise<number> {
  const loads = await loadAllCourses(contentDir);
  if (loads.length === 0) {
    io.err(`No course in ${contentDir}: a course is a folder with a course.yaml (see content/README.md).`);
    return 1;
  }
  const problems = printProblems(loads, io);
  // Findability needs an index; a throwaway one, so `check` never touches the tutor's data.
  const scratch = await mkdtemp(path.join(os.tmpdir(), "content-check-"));
  try {
    const library = await CourseLibrary.open({ contentDir, dataDir: scratch, embedder: createEmbedder(config), log: silentLogger });
    for (const course of library.courses()) {
      const report = await library.findability(course.manifest.id);
      if (report) for (const line of formatFindabilityReport(report)) io.out(`${course.manifest.id}: ${line}`);
    }
  } catch (error) {
    io.out(`Findability not checked: ${(error as Error).message}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  io.out(
    problems === 0
      ? `OK: ${loads.length} course(s), no errors.`
      : `${problems} error(s). Fix them and run \`npm run content -- check\` again.`,
  );
  return problems === 0 ? 0 : 1;
}

async function build(contentDir: string, config: Config, io: CliIo): Promise<number> {
  const log = createLogger({ level: "warn", write: io.err });
  let library: CourseLibrary;
  try {
    library = await CourseLibrary.open({ contentDir, dataDir: config.dataDir, embedder: createEmbedder(config), log: silentLogger });
  } catch (error) {
    log.error(`could not build the indexes: ${(error as Error).message}`);
    return 2;
  }
  const problems = library.problems();
  for (const problem of problems) io.out(formatProblem(problem));
  for (const course of library.courses()) {
    io.out(
      `${course.manifest.id}: ${library.passageCount(course.manifest.id)} passages indexed in ${path.join(config.dataDir, "index", course.manifest.id)} (embedder: ${config.TUTOR_EMBEDDER})`,
    );
  }
  return problems.length === 0 ? 0 : 1;
}

async function stats(contentDir: string, io: CliIo): Promise<number> {
  const loads = await loadAllCourses(contentDir);
  const problems = printProblems(loads, io, false);
  for (const load of loads) {
    const course = load.course;
    if (!course) continue;
    const id = course.manifest.id;
    const passages = course.lessons.reduce((sum, lesson) => sum + chunkLesson(id, lesson).length, 0);
    io.out(
      `${id}: ${course.manifest.skills.length} skills, ${course.lessons.length} lessons, ${course.teacherNotes.length} teacher notes, ${course.items.length} quiz items, ${passages} passages`,
    );
    for (const line of describeDocumentSkills(course.lessons)) io.out(`${id}: ${line}`);
    const coverage = describeCoverage(course, load.writtenManifest?.skills ?? course.manifest.skills);
    const gaps: Array<[string, string[]]> = [
      ["skills without lessons", coverage.skillsWithoutLessons],
      ["skills without quiz items", coverage.skillsWithoutItems],
      ["unreachable skills", coverage.unreachableSkills],
      ["prerequisite cycles", coverage.cycleEdges.map(([skill, prerequisite]) => `${skill} → ${prerequisite}`)],
    ];
    const found = gaps.filter(([, list]) => list.length > 0);
    if (found.length === 0) io.out(`${id}: coverage OK`);
    for (const [label, list] of found) io.out(`${id}: ${label}: ${list.join(", ")}`);
    for (const lesson of course.lessons) io.out(`${id}: ${describeLessonStructure(lesson, course.items)}`);
  }
  return problems === 0 ? 0 : 1;
}

/** What a lesson's structure gave: exercises, vaulted solutions and notes, practice items, blocks not understood. */
function describeLessonStructure(lesson: LessonDoc, items: QuizItemDoc[]): string {
  const { exercises, vaulted, unclassified } = lesson.structure;
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  const parts = [
    count(exercises.length, "exercise"),
    `${count(vaulted.filter((text) => text.role === "solution").length, "solution")} vaulted`,
    `${count(vaulted.filter((text) => text.role === "instructor").length, "instructor note")} vaulted`,
    `${count(items.filter((item) => item.file === lesson.file).length, "item")} made`,
    `${count(unclassified.length, "unclassified block")}${unclassified.length > 0 ? ` (${[...new Set(unclassified)].join(", ")})` : ""}`,
  ];
  const kept = lesson.otherKeys.length > 0 ? `; other front matter kept: ${lesson.otherKeys.join(", ")}` : "";
  return `${lesson.file}: ${parts.join(", ")}${kept}`;
}

/**
 * The skills each part of a converted document was tagged with, runs of equal tags on one line, so a teacher
 * can check the tags the tutor matched and correct them in the document's sidecar.
 */
export function describeDocumentSkills(lessons: readonly LessonDoc[]): string[] {
  const lines: string[] = [];
  for (const lesson of lessons) {
    const runs: Array<{ first: string; last: string; skills: string[]; auto: boolean }> = [];
    for (const segment of lesson.segments ?? []) {
      const label = segment.locator ?? (segment.headingPath.join(" › ") || "text");
      const previous = runs.at(-1);
      if (previous && previous.auto === (segment.autoSkills === true) && previous.skills.join() === segment.skills.join())
        previous.last = label;
      else runs.push({ first: label, last: label, skills: segment.skills, auto: segment.autoSkills === true });
    }
    for (const run of runs) {
      const where = run.first === run.last ? run.first : `${run.first} to ${run.last}`;
      const source = run.auto ? `matched by the tutor; correct them in ${lesson.file}.yaml` : `from ${lesson.file}.yaml`;
      lines.push(`${lesson.file} ${where}: ${run.skills.join(", ") || "no skill"} (${source})`);
    }
  }
  return lines;
}

function printProblems(loads: CourseLoad[], io: CliIo, withWarnings = true): number {
  const problems: ContentProblem[] = loads.flatMap((load) => load.problems);
  for (const problem of problems) io.out(`error: ${formatProblem(problem)}`);
  if (withWarnings) for (const warning of loads.flatMap((load) => load.warnings)) io.out(`warning: ${formatProblem(warning)}`);
  return problems.length;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };
  process.exitCode = await runContentCli(process.argv.slice(2), io);
}
