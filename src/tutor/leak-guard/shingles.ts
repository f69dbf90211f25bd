import { contentWords } from "./fold-text.js";

/** A run says something only with a real word in it: "10 3 3" or "n 2 0" recur in any arithmetic. */
const WORDY = /\p{L}{3,}/u;

/** Overlapping runs of `size` content words: two texts that share runs share wording, not just topic. */
export function shingles(text: string, size = 3): Set<string> {
  const words = contentWords(text);
  const result = new Set<string>();
  const add = (run: string[]) => {
    if (run.some((word) => WORDY.test(word))) result.add(run.join(" "));
  };
  for (let start = 0; start + size <= words.length; start += 1) add(words.slice(start, start + size));
  if (words.length > 0 && words.length < size) add(words);
  return result;
}

export function countShared(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const shingle of a) if (b.has(shingle)) shared += 1;
  return shared;
}
