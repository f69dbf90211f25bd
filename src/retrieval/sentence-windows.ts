/**
 * Sentence windows: the small scoring units of passage retrieval by best window ("MaxP"). A question is
 * usually answered by one or two sentences, and BM25 over a whole passage dilutes them among the rest.
 */

/**
 * A sentence ends at . ! ? : or ; before whitespace and a capital, digit, quote or markup; a line ends one too;
 * so does a full-width 。！？ or ；, which Chinese and Japanese write with no space after it.
 */
const SENTENCE_BREAK = /\n+|(?<=[.!?:;])\s+(?=[\p{Lu}\p{N}`*_"'([])|(?<=[。！？；])\s*/u;

export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_BREAK)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

export interface SentenceWindow {
  text: string;
  /** Indexes of the texts the window's sentences come from: two when it straddles the break between them. */
  sources: number[];
}

/**
 * Every run of `size` consecutive sentences (overlapping, stride one) across texts read in order, so that a
 * passage break does not cut an answer's two sentences apart; fewer sentences than `size` make one window.
 */
export function slideSentenceWindows(texts: readonly string[], size = 2): SentenceWindow[] {
  const sentences = texts.flatMap((text, source) => splitSentences(text).map((sentence) => ({ sentence, source })));
  const runs =
    sentences.length <= size ? [sentences] : Array.from({ length: sentences.length - size + 1 }, (_, i) => sentences.slice(i, i + size));
  return runs
    .filter((run) => run.length > 0)
    .map((run) => ({
      text: run.map((item) => item.sentence).join(" "),
      sources: [...new Set(run.map((item) => item.source))],
    }));
}
