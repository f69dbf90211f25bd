/**
 * Sentence windows: the small scoring units of passage retrieval by best window ("MaxP"). A question is
 * usually answered by one or two sentences, and BM25 over a whole passage dilutes them among the rest.
 */

/** A sentence ends at . ! ? : or ; before whitespace and a capital, digit, quote or markup; a line ends one too. */
const SENTENCE_BREAK = /\n+|(?<=[.!?:;])\s+(?=[\p{Lu}\p{N}`*_"'([])/u;

export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_BREAK)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

/** Every run of `size` consecutive sentences (overlapping, stride one); a shorter text is one window. */
export function splitSentenceWindows(text: string, size = 2): string[] {
  const sentences = splitSentences(text);
  if (sentences.length <= size) return sentences.length === 0 ? [] : [sentences.join(" ")];
  const windows: string[] = [];
  for (let i = 0; i + size <= sentences.length; i++) windows.push(sentences.slice(i, i + size).join(" "));
  return windows;
}
