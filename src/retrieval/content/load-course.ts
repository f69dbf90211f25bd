import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { ContentProblem } from "./content-problem.js";
import { checkCourse } from "./check-course.js";
import { exerciseItems } from "./exercise-items.js";
import { deriveLessonSkills } from "./lesson-skills.js";
import { decodeContentFile, parseLesson, parseManifest, parseQuiz, type LineLocator } from "./parse-content-file.js";
import type { Course, CourseManifest, LessonDoc, QuizItemDoc } from "./schema.js";
import { documentFormatOf, sidecarPathOf } from "../documents/document-formats.js";
import { tagDocumentSkills } from "../documents/document-lessons.js";
import { tokenizerFor } from "../text-terms.js";
import { readDocumentFile } from "../documents/read-document-file.js";

export const MANIFEST_FILE = "course.yaml";

/** One file of a course after parsing: what it contributes, or why it contributes nothing. */
export type CourseFile =
  | { kind: "manifest"; file: string; manifest: CourseManifest; locate: LineLocator }
  | { kind: "lesson"; file: string; lesson: LessonDoc }
  | { kind: "quiz"; file: string; items: QuizItemDoc[] }
  /** A teacher's PDF, slides, Word…: its student lesson and, with speaker notes, a teacher-only one. */
  | { kind: "document"; file: string; lessons: LessonDoc[]; warnings: ContentProblem[] }
  | { kind: "invalid"; file: string; problems: ContentProblem[] };

export interface CourseLoad {
  dir: string;
  /** Absent when the manifest itself is missing or invalid. */
  course?: Course;
  /** The manifest as written, before the check dropped bad prerequisites; for coverage reports. */
  writtenManifest?: CourseManifest;
  /** Errors: the files named here contribute nothing until fixed. */
  problems: ContentProblem[];
  /** Coverage gaps a teacher should know of; the course still works. */
  warnings: ContentProblem[];
}

type FileKind = "manifest" | "lesson" | "quiz" | "document";

/** Which kind of course file a path inside the course folder is, if any. */
export function kindOfCourseFile(relativePath: string): FileKind | undefined {
  // Editors' swap, lock and temp files (`.#lesson.md`, `.lesson.md.swp`) are not the teacher's content.
  if (relativePath.split("/").some((segment) => segment.startsWith("."))) return undefined;
  if (relativePath === MANIFEST_FILE) return "manifest";
  // `episodes/` is where a Carpentries Workbench lesson keeps its lessons, so a cloned lesson works as it is.
  if (/^(lessons|episodes|teacher)\/.+\.md$/i.test(relativePath)) return "lesson";
  if (/^quizzes\/.+\.ya?ml$/i.test(relativePath)) return "quiz";
  if (/^(lessons|teacher)\/./i.test(relativePath) && documentFormatOf(relativePath)) return "document";
  return undefined;
}

/** Course folders are the subfolders of the content folder that hold a course.yaml. */
export async function findCourseDirs(contentDir: string): Promise<string[]> {
  const entries = await readdir(contentDir, { withFileTypes: true });
  const dirs: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const dir = path.join(contentDir, entry.name);
    const files = await readdir(dir);
    if (files.includes(MANIFEST_FILE)) dirs.push(dir);
  }
  return dirs.sort();
}

export async function listCourseFiles(courseDir: string): Promise<string[]> {
  const entries = await readdir(courseDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(courseDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .filter((relative) => kindOfCourseFile(relative) !== undefined)
    .sort();
}

/**
 * Reads and validates one course file. `displayRoot` is the folder paths are shown relative to in
 * problems (the content folder), so a teacher sees `python-basics/quizzes/loops.yaml:12`.
 */
export async function readCourseFile(courseDir: string, relativePath: string, displayRoot: string): Promise<CourseFile> {
  const bytes = await readFile(path.join(courseDir, relativePath));
  const sidecar =
    kindOfCourseFile(relativePath) === "document"
      ? await readFile(path.join(courseDir, sidecarPathOf(relativePath))).catch(() => undefined)
      : undefined;
  return parseAnyCourseFile(courseDir, relativePath, displayRoot, bytes, sidecar);
}

/** Any course file, documents included (converted off the event loop, with their sidecar's bytes if any). */
export async function parseAnyCourseFile(
  courseDir: string,
  relativePath: string,
  displayRoot: string,
  bytes: Uint8Array,
  sidecar?: Uint8Array,
): Promise<CourseFile> {
  if (kindOfCourseFile(relativePath) !== "document") return parseCourseFileBytes(courseDir, relativePath, displayRoot, bytes);
  return readDocumentFile(showPath(displayRoot, courseDir, relativePath), relativePath, bytes, sidecar);
}

/** The same checks as `readCourseFile`, on bytes already in hand (a file read once, an upload). */
export function parseCourseFileBytes(courseDir: string, relativePath: string, displayRoot: string, bytes: Uint8Array): CourseFile {
  const shownAs = showPath(displayRoot, courseDir, relativePath);
  const decoded = decodeContentFile(shownAs, bytes);
  if (!decoded.ok) return { kind: "invalid", file: relativePath, problems: decoded.problems };
  return parseCourseFile(relativePath, shownAs, decoded.value);
}

/** A course file's path as a teacher knows it: relative to the content folder, with forward slashes. */
function showPath(displayRoot: string, courseDir: string, relativePath: string): string {
  return path.relative(displayRoot, path.join(courseDir, relativePath)).split(path.sep).join("/");
}

export function parseCourseFile(relativePath: string, shownAs: string, text: string): CourseFile {
  switch (kindOfCourseFile(relativePath)) {
    case "manifest": {
      const parsed = parseManifest(shownAs, text);
      return parsed.ok
        ? { kind: "manifest", file: relativePath, manifest: parsed.value, locate: parsed.locate }
        : { kind: "invalid", file: relativePath, problems: parsed.problems };
    }
    case "lesson": {
      const parsed = parseLesson(shownAs, relativePath, text);
      return parsed.ok
        ? { kind: "lesson", file: relativePath, lesson: parsed.value }
        : { kind: "invalid", file: relativePath, problems: parsed.problems };
    }
    case "quiz": {
      const parsed = parseQuiz(shownAs, relativePath, text);
      return parsed.ok
        ? { kind: "quiz", file: relativePath, items: parsed.value }
        : { kind: "invalid", file: relativePath, problems: parsed.problems };
    }
    default:
      // Documents are binary and converted asynchronously, by parseAnyCourseFile.
      return {
        kind: "invalid",
        file: relativePath,
        problems: [
          {
            file: shownAs,
            line: 0,
            field: "",
            message: "this file is not part of the course format",
            fix: "put lessons in lessons/ (Markdown .md, or PDF, DOCX, PPTX, EPUB, HTML, TXT), quizzes in quizzes/*.yaml and teacher-only notes in teacher/",
          },
        ],
      };
  }
}

/** Puts a course together from its parsed files and checks how they fit (skills, prerequisites, ids). */
export function assembleCourse(dir: string, displayRoot: string, files: CourseFile[]): CourseLoad {
  const problems = files.flatMap((file) => (file.kind === "invalid" ? file.problems : []));
  const manifestFile = files.find((file) => file.kind === "manifest");
  const display = path.relative(displayRoot, dir).split(path.sep).join("/");
  if (!manifestFile) {
    const missing = files.every((file) => file.file !== MANIFEST_FILE);
    if (missing) {
      problems.push({
        file: `${display}/${MANIFEST_FILE}`,
        line: 0,
        field: "",
        message: "the course has no course.yaml",
        fix: "add a course.yaml with the course's id, title and skills (see content/README.md)",
      });
    }
    return { dir, problems, warnings: [] };
  }
  let lessons = files.flatMap((file) => (file.kind === "lesson" ? [file.lesson] : file.kind === "document" ? file.lessons : []));
  let manifest = manifestFile.manifest;
  if (manifest.skills.length === 0) {
    const derived = deriveLessonSkills(lessons);
    lessons = derived.lessons;
    manifest = { ...manifest, skills: derived.skills };
    if (derived.skills.length === 0) {
      problems.push({
        file: `${display}/${MANIFEST_FILE}`,
        line: 1,
        field: "skills",
        message: "the course lists no skills and has no lessons to take them from",
        fix: "add lessons under lessons/ (each becomes a skill) or list `skills` in course.yaml",
      });
    }
  }
  // A document's pages and slides take the course skills they match best, unless its sidecar names them.
  const tokenizer = tokenizerFor(manifest.language);
  lessons = lessons.map((lesson) => tagDocumentSkills(lesson, manifest.skills, tokenizer));
  const items = files.flatMap((file) => (file.kind === "quiz" ? file.items : []));
  const usedIds = new Set(items.map(({ item }) => item.id));
  items.push(...lessons.flatMap((lesson) => exerciseItems(lesson, usedIds)));
  const course: Course = {
    dir,
    manifest,
    lessons: lessons.filter((lesson) => !lesson.teacherOnly),
    teacherNotes: lessons.filter((lesson) => lesson.teacherOnly),
    items,
  };
  const check = checkCourse(course, { displayPrefix: display, locateInManifest: manifestFile.locate });
  const documentWarnings = files.flatMap((file) => (file.kind === "document" ? file.warnings : []));
  return {
    dir,
    course: check.course,
    writtenManifest: manifest,
    problems: [...problems, ...check.problems],
    warnings: [...documentWarnings, ...check.warnings],
  };
}

export async function loadCourse(courseDir: string, displayRoot: string): Promise<CourseLoad> {
  const relativePaths = await listCourseFiles(courseDir);
  const files = await Promise.all(relativePaths.map((relative) => readCourseFile(courseDir, relative, displayRoot)));
  return assembleCourse(courseDir, displayRoot, files);
}

export async function loadAllCourses(contentDir: string): Promise<CourseLoad[]> {
  const dirs = await findCourseDirs(contentDir);
  return Promise.all(dirs.map((dir) => loadCourse(dir, contentDir)));
}
