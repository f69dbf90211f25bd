import { contentWords } from "./fold-text.js";

/** A run says something only with a real word in it: "10 3 3" or "n 2 0" recur in any arithmetic. */
const WORDY = /\p{L}{3,}/u;

/** What a shingle count needs of a set: membership. */
export interface ShingleLookup {
  has(shingle: string): boolean;
}

function addRun(run: readonly string[], into: Set<string>): void {
  if (run.some((word) => WORDY.test(word))) into.add(run.join(" "));
}

/** Every run of `size` consecutive `words` that ends at index `from` or later. */
function addRuns(words: readonly string[], size: number, from: number, into: Set<string>): void {
  for (let start = Math.max(0, from - size + 1); start + size <= words.length; start += 1) addRun(words.slice(start, start + size), into);
}

/** Overlapping runs of `size` content words: two texts that share runs share wording, not just topic. */
export function shingles(text: string, size = 3): Set<string> {
  const words = contentWords(text);
  const result = new Set<string>();
  addRuns(words, size, 0, result);
  if (words.length > 0 && words.length < size) addRun(words, result);
  return result;
}

export function countShared(a: ReadonlySet<string>, b: ShingleLookup): number {
  let shared = 0;
  for (const shingle of a) if (b.has(shingle)) shared += 1;
  return shared;
}

/** The shingles of a growing text: those read for good, and those of its unfinished end (which may change). */
export interface GrowingLookup extends ShingleLookup {
  settled: ShingleLookup;
  /** Shingles that include the unfinished end, or all of a text shorter than one run. */
  tail: ReadonlySet<string>;
}

/**
 * The shingles of a text that only grows, as a streamed reply does: complete words (up to the last
 * whitespace) are read once and kept, and each new one is passed to `onSettled`; only the unfinished
 * tail is read again on each call. The result is the same as `shingles(text)` at every step.
 */
export class GrowingShingles {
  private readonly settled = new Set<string>();
  /** The last `size - 1` words of the settled text, which runs into the tail may start with. */
  private carry: string[] = [];
  private settledText = "";
  private settledWords = 0;

  constructor(
    private readonly size = 3,
    private readonly onSettled: (shingle: string) => void = () => {},
  ) {}

  update(text: string): GrowingLookup {
    if (!continues(text, this.settledText)) this.reset();
    const cut = lastWhitespaceAfter(text, this.settledText.length) + 1;
    if (cut > this.settledText.length) {
      const words = contentWords(text.slice(this.settledText.length, cut));
      const joined = [...this.carry, ...words];
      const fresh = new Set<string>();
      addRuns(joined, this.size, this.carry.length, fresh);
      for (const shingle of fresh) {
        if (this.settled.has(shingle)) continue;
        this.settled.add(shingle);
        this.onSettled(shingle);
      }
      this.carry = joined.slice(-(this.size - 1));
      this.settledWords += words.length;
      this.settledText = text.slice(0, cut);
    }
    const tailWords = contentWords(text.slice(this.settledText.length));
    const settled = this.settled;
    // A text shorter than one run is one shingle by itself: rare, and cheap to read whole.
    if (this.settledWords + tailWords.length < this.size) {
      const whole = shingles(text, this.size);
      return { has: (shingle) => whole.has(shingle), settled, tail: whole };
    }
    const tail = new Set<string>();
    addRuns([...this.carry, ...tailWords], this.size, this.carry.length, tail);
    return { has: (shingle) => settled.has(shingle) || tail.has(shingle), settled, tail };
  }

  private reset(): void {
    this.settled.clear();
    this.carry = [];
    this.settledText = "";
    this.settledWords = 0;
  }
}

/** Whether `text` goes on from `known` (compared on the end of `known`: a stream's text only grows). */
export function continues(text: string, known: string): boolean {
  const from = Math.max(0, known.length - 64);
  return text.length >= known.length && text.slice(from, known.length) === known.slice(from);
}

/** The index of the last whitespace in `text` at or after `from`, or -1: read from the end, so a long settled text is not read again. */
export function lastWhitespaceAfter(text: string, from: number): number {
  for (let index = text.length - 1; index >= from; index -= 1) if (/\s/.test(text[index]!)) return index;
  return -1;
}
