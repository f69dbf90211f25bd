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
  /** 1-based, inclusive lines of the source file. */
  startLine: number;
  endLine: number;
}

export interface ScoredPassage {
  passage: Passage;
  /** Higher is better; comparable only within one search. */
  score: number;
}

/** How a student is pointed back to the course: "Loops › The for statement (lessons/03-loops.md:12-30)". */
export function formatCitation(passage: Passage): string {
  const where = `${passage.file}:${passage.startLine}-${passage.endLine}`;
  const path = [passage.lessonTitle, ...passage.headingPath.filter((h) => h !== passage.lessonTitle)];
  return `${path.join(" › ")} (${where})`;
}
