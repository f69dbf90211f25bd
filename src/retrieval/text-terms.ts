import { stemWord } from "./porter-stemmer.js";

/**
 * Function words that are also keywords of programming languages: in a course on code "while" or "if" may be
 * the topic. BM25 keeps them (its idf already discounts them in prose); hashed vectors, which have no idf,
 * drop them with the other stopwords.
 */
const CODE_KEYWORDS = "for if while not and or in is with as from do";
const CODE_KEYWORD_SET = new Set(CODE_KEYWORDS.split(" "));

/**
 * Common English function words (a generic list, not derived from any course or benchmark): they carry no
 * topic, so they only add noise to BM25 and to hashed vectors.
 */
const STOPWORDS = new Set(
  (
    "a about above after again against all am an any are at be because been before being below between " +
    "both but by can could did does doing down during each few further had has have having he her here " +
    "hers herself him himself his how i into it its itself just me more most my myself no nor now of off " +
    "on once only other our ours ourselves out over own same she should so some such than that the their " +
    "theirs them themselves then there these they this those through to too under until up very was we " +
    "were what when where which who whom why will would you your yours yourself yourselves s t d ll m re " +
    "ve don doesn isn aren wasn weren won " +
    CODE_KEYWORDS
  ).split(" "),
);

/** NFKC, straight quotes and dashes, case kept: the same text whichever keyboard or typesetter wrote it. */
export function foldPunctuation(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-");
}

/** Folded and lower case: the form every comparison and tokenizer starts from. */
export function normalizeText(text: string): string {
  return foldPunctuation(text).toLowerCase();
}

/** Lower-case words, split on anything that is not a letter or digit (so `learn.fit` gives two words). */
export function splitWords(text: string): string[] {
  return normalizeText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

export interface TermOptions {
  /** Keep function words that are also code keywords ("if", "while"). */
  keepCodeKeywords?: boolean;
  /**
   * Read code as well as prose: a word joined by `_` or `-` also counts as one term after its parts, stemmed
   * part by part (`y_range` gives y, rang, y_rang; `fine-tuning` and `fine_tune` both give fine_tune), as the
   * whole is rarer than its parts; and an operator (`@`, `//`, `%`, `+=`) is a term of its own.
   */
  keepCode?: boolean;
}

const CODE_TOKEN = /[\p{L}\p{N}]+(?:[_-][\p{L}\p{N}]+)*|[+\-*/%@=<>!&|^~]+/gu;
/** Runs that Markdown uses for lists, emphasis, tables, quotes and rules, and the dash of prose. */
const MARKUP_RUN = /^[-*|>=]+$/;
const OPERATOR = /^[+\-*/%@=<>!&|^~]/;

/** Stemmed content words, in order: the terms BM25 counts (keeping code keywords) and the embedder hashes. */
export function extractTerms(text: string, options: TermOptions = {}): string[] {
  const normalized = normalizeText(text);
  if (!options.keepCode) return contentStems(normalized.match(WORD) ?? [], options);
  const terms: string[] = [];
  for (const token of normalized.match(CODE_TOKEN) ?? []) {
    if (OPERATOR.test(token)) {
      if (!MARKUP_RUN.test(token)) terms.push(token);
      continue;
    }
    const words = token.match(WORD) ?? [];
    terms.push(...contentStems(words, options));
    if (words.length > 1) terms.push(words.map(stem).join("_"));
  }
  return terms;
}

const WORD = /[\p{L}\p{N}]+/gu;

function contentStems(words: readonly string[], options: TermOptions): string[] {
  const terms: string[] = [];
  for (const word of words) {
    if (STOPWORDS.has(word) && !(options.keepCodeKeywords && CODE_KEYWORD_SET.has(word))) continue;
    terms.push(stem(word));
  }
  return terms;
}

/** A course has a few thousand distinct words and millions of occurrences: stem each word once. */
const stems = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = stemWord(word);
    if (stems.size >= STEM_CACHE_LIMIT) stems.clear();
    stems.set(word, stemmed);
  }
  return stemmed;
}
