import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chunkLesson } from "../../src/retrieval/chunker.js";
import { studentText } from "../../src/retrieval/content/lesson-structure.js";
import type { Course } from "../../src/retrieval/content/schema.js";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import type { FakeOllama } from "../fakes/fake-ollama.js";
import type { TutorFixture } from "./tutor-fixture.js";

/**
 * The Carpentries lesson as published, in the shared data beside the repository (never copied into it);
 * SHARED_DATA_DIR points elsewhere, e.g. from a git worktree.
 */
export const SWC_EPISODES_DIR = path.resolve(
  process.env.SHARED_DATA_DIR ?? path.resolve(import.meta.dirname, "../../../shared/data"),
  "courses/swc-python-novice-inflammation/episodes",
);
export const SWC_COURSE_ID = "swc-python";

/**
 * What a teacher does with a Carpentries lesson: a course folder holding a course.yaml with only an id and a
 * title, and the lesson's `episodes/` folder as it is. Made in a temp folder; returns the content folder.
 */
export async function makeCarpentriesContent(): Promise<{ contentDir: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), "swc-content-"));
  const courseDir = path.join(root, SWC_COURSE_ID);
  await mkdir(courseDir, { recursive: true });
  await writeFile(path.join(courseDir, "course.yaml"), `id: ${SWC_COURSE_ID}\ntitle: Programming with Python\n`);
  await cp(SWC_EPISODES_DIR, path.join(courseDir, "episodes"), { recursive: true });
  return { contentDir: root, remove: () => rm(root, { recursive: true, force: true }) };
}

const comparable = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * The lines of a solution a student cannot have read anywhere in the lessons: only these show that a
 * solution was given away (a solution often repeats a line of the lesson, like `import numpy`).
 */
export function secretLines(course: Course, solution: string): string[] {
  const visible = comparable(course.lessons.map((lesson) => studentText(lesson.structure)).join("\n"));
  return solution
    .split("\n")
    .map(comparable)
    .filter((line) => line.length >= 8 && /[\p{L}\p{N}]/u.test(line) && !/^(```|~~~)/.test(line) && !visible.includes(line));
}

export interface ExerciseQuestionReport {
  exercises: number;
  withSolution: number;
  /** Exercises whose solution has lines found nowhere else, so that showing it can be detected. */
  measurable: number;
  /** Replies that showed a secret line of the exercise's solution (target 0). */
  solutionsShown: string[];
  /** Questions whose model prompt held a secret line of any solution (target 0). */
  solutionsInPrompt: string[];
  /** Replies that cited the exercise's own lines: the exercise stays teachable. */
  exerciseCited: number;
}

/** Everything a student reads of a turn. */
export function shownText(events: readonly ReplyEvent[]): string {
  return events
    .map((event) =>
      event.type === "delta" || event.type === "message" || event.type === "notice"
        ? event.text
        : event.type === "file"
          ? event.caption
          : "",
    )
    .join("\n");
}

/**
 * Asks the tutor about every exercise by its title, as a student would, each from a fresh student, and
 * checks what was shown and what the model was given. `ollama` is the fake the tutor talks to.
 */
export async function askAboutEveryExercise(tutor: TutorFixture, course: Course, ollama?: FakeOllama): Promise<ExerciseQuestionReport> {
  const report: ExerciseQuestionReport = {
    exercises: 0,
    withSolution: 0,
    measurable: 0,
    solutionsShown: [],
    solutionsInPrompt: [],
    exerciseCited: 0,
  };
  const allSecrets = course.lessons.flatMap((lesson) => lesson.structure.vaulted.flatMap((vaulted) => secretLines(course, vaulted.text)));
  let turn = 0;
  for (const lesson of course.lessons) {
    for (const exercise of lesson.structure.exercises) {
      report.exercises += 1;
      const secrets = exercise.solution ? secretLines(course, exercise.solution) : [];
      if (exercise.solution) report.withSolution += 1;
      if (secrets.length > 0) report.measurable += 1;
      turn += 1;
      const requestsBefore = ollama?.requests.length ?? 0;
      const events: ReplyEvent[] = [];
      const studentId = `student-${turn}`;
      const text = `How do I solve the exercise "${exercise.title}"?`;
      for await (const event of tutor.handler.handle({
        id: `t-${turn}`,
        platform: "test",
        classScopes: [],
        conversationId: `dm-${studentId}`,
        student: { id: studentId },
        visibility: "private",
        text,
      }))
        events.push(event);
      const shown = comparable(shownText(events));
      const label = `${lesson.file} “${exercise.title}”`;
      if (secrets.some((line) => shown.includes(line))) report.solutionsShown.push(label);
      const prompts = comparable(
        JSON.stringify(ollama?.requests.slice(requestsBefore).map((request) => request.body) ?? []).replace(/\\n/g, "\n"),
      );
      if (allSecrets.some((line) => prompts.includes(line))) report.solutionsInPrompt.push(label);
      const exerciseLines = { start: lesson.bodyStartLine + exercise.start, end: lesson.bodyStartLine + exercise.end };
      const cited = events.some(
        (event) =>
          event.type === "message" &&
          event.sources.some(
            (source) => source.file === lesson.file && source.startLine <= exerciseLines.end && source.endLine >= exerciseLines.start,
          ),
      );
      if (cited) report.exerciseCited += 1;
    }
  }
  return report;
}

/**
 * Lesson text lost to students: non-blank source lines that are neither structure markers nor inside a
 * solution or instructor note, yet appear in no passage. Target: none.
 */
export function lostLessonLines(course: Course): string[] {
  const lost: string[] = [];
  for (const lesson of course.lessons) {
    const passages = chunkLesson(course.manifest.id, lesson).map((passage) => passage.text);
    const kept = new Set(passages.flatMap((text) => text.split("\n").map(comparable)));
    const { studentLines, vaultedRanges } = lesson.structure;
    lesson.body.split("\n").forEach((line, index) => {
      if (line.trim() === "" || vaultedRanges.some((range) => range.start <= index && index <= range.end)) return;
      if (studentLines[index] === null) return;
      if (!kept.has(comparable(studentLines[index]!))) lost.push(`${lesson.file}:${lesson.bodyStartLine + index} ${line}`);
    });
  }
  return lost;
}

/** Source lines that look like fence markers (`:::`, `!!!`, `???`, a MyST directive) found in passages. Target: none. */
export function markersInPassages(course: Course): string[] {
  const marker = /^\s*(:{3,}|!!!\s|\?\?\?\+?\s|(`{3,}|~{3,})\{(?!code)|<\/?details|<summary)/;
  return course.lessons.flatMap((lesson) =>
    chunkLesson(course.manifest.id, lesson).flatMap((passage) =>
      passage.text
        .split("\n")
        .filter((line) => marker.test(line))
        .map((line) => `${passage.id}: ${line}`),
    ),
  );
}
