import { documentFormatOf } from "./documents/document-formats.js";

/** A retrievable piece of a lesson, small enough to quote, with everything needed to cite it. */
export interface Passage {
  /** Stable within a course: `<file>#<startLine>-<endLine>`. */
  id: string;
  courseId: string;
  /** Path relative to the course folder, e.g. `lessons/03-loops.md`. */
  file: string;
  lessonTitle: string;
  /** Headings from the lesson's top heading down to the passage's own section. */
  headingPath: string[];
  skills: string[];
  /** The passage's Markdown, as written by the teacher. */
  text: string;
  /** "p. 3", "slide 7": the page or slide of a converted document it comes from. */
  locator?: string;
  /** 1-based, inclusive lines of the source file (of a converted document: of its converted text). */
  startLine: number;
  endLine: number;
}

export interface ScoredPassage {
  passage: Passage;
  /** Higher is better; comparable only within one search. */
  score: number;
}

/**
 * How a student is pointed back to the course: "Loops › The for statement (lessons/03-loops.md:12-30)"; in a
 * teacher's own document, by what its reader sees rather than by lines: "handout.pdf, p. 3", "notes.docx › Heading".
 */
export function formatCitation(passage: Passage): string {
  if (documentFormatOf(passage.file)) {
    const name = passage.file.replace(/^(lessons|teacher)\//, "");
    return [`${name}${passage.locator ? `, ${passage.locator}` : ""}`, ...passage.headingPath].join(" › ");
  }
  const where = `${passage.file}:${passage.startLine}-${passage.endLine}`;
  const path = [passage.lessonTitle, ...passage.headingPath.filter((h) => h !== passage.lessonTitle)];
  return `${path.join(" › ")} (${where})`;
}
