import { readLessonStructure } from "../../src/retrieval/content/lesson-structure.js";
import { hashContent } from "../../src/retrieval/content/parse-content-file.js";
import type { LessonDoc } from "../../src/retrieval/content/schema.js";

/** A lesson as the content loader hands it over; the body starts after `frontMatterLines` lines. */
export function makeLesson(file: string, body: string, options: { title?: string; frontMatterLines?: number } = {}): LessonDoc {
  return {
    file,
    frontMatter: { title: options.title ?? "Loops", skills: ["for-loops"], level: "beginner", audience: "students" },
    body,
    bodyStartLine: (options.frontMatterLines ?? 4) + 1,
    otherKeys: [],
    structure: readLessonStructure(body),
    teacherOnly: false,
    hash: hashContent(body),
  };
}
