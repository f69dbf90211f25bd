import type { Passage } from "./passage.js";

/** The lesson title, then the headings under it (the top heading is often the title again). */
export function listContext(passage: Passage): string[] {
  return [passage.lessonTitle, ...passage.headingPath.filter((heading) => heading !== passage.lessonTitle)];
}

/**
 * Where a passage sits, as words: the lesson title and heading path. Indexed beside the passage's text (a
 * paragraph under "Weight Decay" is about weight decay even when it never says so) but never quoted.
 */
export function describeContext(passage: Passage): string {
  return listContext(passage).join("\n");
}

/** Passages of one file under one heading path (and on one page or slide of a document) form a section; this names it. */
export function sectionKeyOf(passage: Passage): string {
  return `${passage.file}\u0000${passage.locator ?? ""}\u0000${passage.headingPath.join("\u0000")}`;
}

/** The text the embedder sees for a passage: its context, then its own words. */
export function composeEmbeddingText(passage: Passage): string {
  return `${describeContext(passage)}\n\n${passage.text}`;
}

/** `*term*`, `**term**`, `_term_` or `__term__`, not inside a word (so `snake_case_name` is no emphasis). */
const EMPHASIS = /(?<![\p{L}\p{N}])(\*\*|\*|__|_)(?=\S)([^*_\n]{1,80}?\S)\1(?![\p{L}\p{N}])/gu;

/**
 * The words a passage sets in emphasis, one span a line. Textbooks mark a term where they introduce it
 * ("A **loop** runs..."), so these words say what the passage defines.
 */
export function extractEmphasis(text: string): string {
  return [...text.matchAll(EMPHASIS)].map((match) => match[2]).join("\n");
}
