import { contentWords } from "./fold-text.js";

/** Overlapping runs of `size` content words: two texts that share runs share wording, not just topic. */
export function shingles(text: string, size = 3): Set<string> {
  const words = contentWords(text);
  const result = new Set<string>();
  for (let start = 0; start + size <= words.length; start += 1) result.add(words.slice(start, start + size).join(" "));
  if (words.length > 0 && words.length < size) result.add(words.join(" "));
  return result;
}

export function countShared(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const shingle of a) if (b.has(shingle)) shared += 1;
  return shared;
}
