import type { Passage } from "./passage.js";

/**
 * Where a passage sits, as words: the lesson title and heading path. Indexed beside the passage's text (a
 * paragraph under "Weight Decay" is about weight decay even when it never says so) but never quoted.
 */
export function describeContext(passage: Passage): string {
  const path = passage.headingPath.filter((heading) => heading !== passage.lessonTitle);
  return [passage.lessonTitle, ...path].join("\n");
}

/** The text the embedder sees for a passage: its context, then its own words. */
export function composeEmbeddingText(passage: Passage): string {
  return `${describeContext(passage)}\n\n${passage.text}`;
}
