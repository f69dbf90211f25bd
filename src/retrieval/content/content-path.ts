import { documentFormatOf } from "../documents/document-formats.js";
import { CONTENT_LIMITS } from "./parse-content-file.js";
import { kindOfCourseFile, MANIFEST_FILE } from "./load-course.js";

export type PathCheck = { ok: true; relativePath: string } | { ok: false; reason: string };

const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/;
const FOLDERS = ["lessons", "quizzes", "teacher"] as const;

/**
 * Where an uploaded file goes inside the course folder: Markdown to `lessons/` (or `teacher/` when its
 * front matter says `audience: teacher`), documents (PDF, slides…) to `lessons/`, YAML to `quizzes/`. A name may carry one of those folders.
 * Anything that could leave the course folder, hide a file or replace course.yaml is refused.
 */
export function placeUpload(name: string, size: number, audienceIsTeacher: boolean): PathCheck {
  if (size > CONTENT_LIMITS.maxFileBytes) {
    return {
      ok: false,
      reason: `${describeName(name)} is ${Math.ceil(size / 1000)} kB; the limit is ${CONTENT_LIMITS.maxFileBytes / 1000} kB. Split it into smaller files.`,
    };
  }
  const named = checkSegments(name, 2);
  if (!named.ok) return named;
  const segments = named.relativePath.split("/");
  const base = segments.at(-1)!;
  if (base === MANIFEST_FILE)
    return {
      ok: false,
      reason: "course.yaml cannot be replaced from chat: edit it in the content folder, where `npm run content -- check` validates it.",
    };
  const folder =
    segments.length === 2
      ? segments[0]!
      : /\.md$/i.test(base)
        ? audienceIsTeacher
          ? "teacher"
          : "lessons"
        : documentFormatOf(base)
          ? "lessons"
          : "quizzes";
  if (!(FOLDERS as readonly string[]).includes(folder))
    return { ok: false, reason: `${describeName(name)}: files go in lessons/, quizzes/ or teacher/.` };
  const relativePath = `${folder}/${base}`;
  if (!kindOfCourseFile(relativePath)) {
    return {
      ok: false,
      reason: `${describeName(name)} is not a course file: send lessons and teacher notes as Markdown (.md) or as documents (PDF, DOCX, PPTX, EPUB, HTML, TXT), and quizzes as YAML (.yaml) — lessons/, quizzes/*.yaml, teacher/.`,
    };
  }
  return { ok: true, relativePath };
}

/** A path a teacher names for removal, e.g. `lessons/05-loops.md`: a course file, never course.yaml. */
export function checkCoursePath(relativePath: string): PathCheck {
  const checked = checkSegments(relativePath, 2);
  if (!checked.ok) return checked;
  if (checked.relativePath === MANIFEST_FILE)
    return { ok: false, reason: "course.yaml holds the course itself and cannot be removed from chat." };
  if (!kindOfCourseFile(checked.relativePath))
    return {
      ok: false,
      reason: `${describeName(relativePath)} is not a course file; give a path such as lessons/05-loops.md (see \`/content list\`).`,
    };
  return checked;
}

function checkSegments(name: string, maxSegments: number): PathCheck {
  const refuse = (why: string): PathCheck => ({ ok: false, reason: `${describeName(name)}: ${why}` });
  if (name.includes("\0")) return refuse("the name contains a NUL character.");
  if (name.includes("\\")) return refuse("use plain file names; backslashes are not allowed.");
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name))
    return refuse("absolute paths are not allowed; give a name inside the course folder.");
  const segments = name.split("/");
  if (segments.some((segment) => segment === ".." || segment === ".")) return refuse("the name may not point outside the course folder.");
  if (segments.some((segment) => segment.startsWith("."))) return refuse("hidden files (starting with a dot) are not allowed.");
  if (segments.length > maxSegments || segments.some((segment) => !SAFE_SEGMENT.test(segment))) {
    return refuse("use a simple name of letters, digits, dashes and dots, e.g. 12-recursion.md.");
  }
  return { ok: true, relativePath: segments.join("/") };
}

function describeName(name: string): string {
  const printable = name.replace(/[\u0000-\u001f]/g, "?").slice(0, 80);
  return `“${printable}”`;
}
