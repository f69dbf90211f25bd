import { stemWord } from "./porter-stemmer.js";

/**
 * Common English function words (a generic list, not derived from any course or benchmark): they carry no
 * topic, so they only add noise to BM25 and to hashed vectors.
 */
const STOPWORDS = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between " +
    "both but by can could did do does doing down during each few for from further had has have having he her " +
    "here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not " +
    "now of off on once only or other our ours ourselves out over own same she should so some such than that the " +
    "their theirs them themselves then there these they this those through to too under until up very was we " +
    "were what when where which while who whom why will with would you your yours yourself yourselves s t d ll " +
    "m re ve don doesn isn aren wasn weren won"
  ).split(" "),
);

/** NFKC, straight quotes and dashes, lower case: the form every comparison and tokenizer starts from. */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .toLowerCase();
}

/** Lower-case words, split on anything that is not a letter or digit (so `learn.fit` gives two words). */
export function splitWords(text: string): string[] {
  return normalizeText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Stemmed content words, in order: the terms BM25 counts and the embedder hashes. */
export function extractTerms(text: string): string[] {
  const terms: string[] = [];
  for (const word of splitWords(text)) {
    if (STOPWORDS.has(word)) continue;
    terms.push(stemWord(word));
  }
  return terms;
}
