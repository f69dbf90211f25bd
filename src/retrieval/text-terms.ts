import { canonicalLanguageTag, resourcesForWord, resourcesOf, scriptOf, type LanguageResources } from "./languages.js";

/**
 * Function words that are also keywords of programming languages: in a course on code "while" or "if" may be
 * the topic. BM25 keeps them (its idf already discounts them in prose); hashed vectors, which have no idf,
 * drop them with the other stopwords.
 */
const CODE_KEYWORDS = new Set("for if while not and or in is with as from do".split(" "));

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

/**
 * How one course's text becomes search terms, chosen by the course language: the same tokenizer feeds BM25
 * and the built-in embedder, and its id is recorded in every persisted index.
 */
export interface Tokenizer {
  /** e.g. `text-v2:zh-CN`; a different id means different terms, so an index built with another is rebuilt. */
  readonly id: string;
  /** The course language, a canonical BCP 47 tag. */
  readonly language: string;
  /** Stemmed content words in order (and, in Chinese, Japanese and Korean, character bigrams). */
  terms(text: string, options?: TermOptions): string[];
  /** Lower-case words as written, function words included. */
  words(text: string): string[];
}

/** Bumped whenever a change here alters terms, so persisted indexes rebuild. */
const TOKENIZER_VERSION = 2;

/**
 * Scripts written without spaces between words: Intl.Segmenter splits their runs by dictionary. Within
 * Chinese, Japanese and Korean runs, overlapping character bigrams are terms too: they match the words a
 * dictionary lacks (names, technical terms) and the compounds it splits differently in question and text.
 */
const DICTIONARY_LETTERS =
  "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}";
const DICTIONARY_SCRIPT = new RegExp(`[${DICTIONARY_LETTERS}]`, "u");
const DICTIONARY_RUN_EDGE = new RegExp(
  `(?<=[${DICTIONARY_LETTERS}])(?=[^${DICTIONARY_LETTERS}])|(?<=[^${DICTIONARY_LETTERS}])(?=[${DICTIONARY_LETTERS}])`,
  "gu",
);
const BIGRAM_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Letters and digits, with an apostrophe inside a word (`don't`, `l'homme`) kept for the stopword lists. */
const WORD_PATTERN = "[\\p{L}\\p{N}]+(?:'[\\p{L}\\p{N}]+)*";
const CODE_TOKEN = new RegExp(`${WORD_PATTERN}(?:[_-]${WORD_PATTERN})*|[+\\-*/%@=<>!&|^~]+`, "gu");
const WORD = new RegExp(WORD_PATTERN, "gu");
/** Runs that Markdown uses for lists, emphasis, tables, quotes and rules, and the dash of prose. */
const MARKUP_RUN = /^[-*|>=]+$/;
const OPERATOR = /^[+\-*/%@=<>!&|^~]/;

const tokenizers = new Map<string, Tokenizer>();

/** The tokenizer of a course language (a BCP 47 tag, e.g. `en`, `zh-CN`, `es`); an invalid tag reads as English. */
export function tokenizerFor(language = "en"): Tokenizer {
  const tag = canonicalLanguageTag(language) ?? "en";
  let tokenizer = tokenizers.get(tag);
  if (!tokenizer) tokenizers.set(tag, (tokenizer = new LanguageTokenizer(tag)));
  return tokenizer;
}

class LanguageTokenizer implements Tokenizer {
  readonly id: string;
  private readonly resources: LanguageResources | undefined;
  private readonly segmenter: Intl.Segmenter;
  /** A course has a few thousand distinct words and millions of occurrences: read each word once. */
  private readonly readings = new Map<string, WordReading>();

  constructor(readonly language: string) {
    this.id = `text-v${TOKENIZER_VERSION}:${language}`;
    this.resources = resourcesOf(language);
    this.segmenter = new Intl.Segmenter(language, { granularity: "word" });
  }

  terms(text: string, options: TermOptions = {}): string[] {
    const normalized = separateDictionaryRuns(normalizeText(text));
    const terms: string[] = [];
    if (!options.keepCode) {
      for (const run of normalized.match(WORD) ?? []) this.pushRunTerms(run, options, terms);
      return terms;
    }
    for (const token of normalized.match(CODE_TOKEN) ?? []) {
      if (OPERATOR.test(token)) {
        if (!MARKUP_RUN.test(token)) terms.push(token);
        continue;
      }
      const runs = token.match(WORD) ?? [];
      for (const run of runs) this.pushRunTerms(run, options, terms);
      if (runs.length > 1) terms.push(runs.map((run) => this.read(run).stem).join("_"));
    }
    return terms;
  }

  words(text: string): string[] {
    return (separateDictionaryRuns(normalizeText(text)).match(WORD) ?? []).flatMap((run) => this.segment(run));
  }

  /** The terms of one run of letters and digits: its words, and character bigrams where the script needs them. */
  private pushRunTerms(run: string, options: TermOptions, terms: string[]): void {
    if (!DICTIONARY_SCRIPT.test(run)) {
      this.pushWordTerms(run, options, terms);
      return;
    }
    for (const word of this.segment(run)) this.pushWordTerms(word, options, terms);
    if (BIGRAM_SCRIPT.test(run)) {
      const chars = [...run];
      for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!);
    }
  }

  private pushWordTerms(word: string, options: TermOptions, terms: string[]): void {
    const reading = this.read(word);
    if (reading.stopword && !(options.keepCodeKeywords && CODE_KEYWORDS.has(word))) return;
    if (!word.includes("'")) {
      terms.push(reading.stem);
      return;
    }
    // A clitic (English 's and 'll, French l' and d') carries no topic: the word's other parts are its terms.
    word.split("'").forEach((part, i) => {
      if (part.length > (i === 0 ? 1 : 2)) this.pushWordTerms(part, options, terms);
    });
  }

  private segment(run: string): string[] {
    if (!DICTIONARY_SCRIPT.test(run)) return [run];
    const words: string[] = [];
    for (const segment of this.segmenter.segment(run)) if (segment.isWordLike) words.push(segment.segment);
    return words;
  }

  private read(word: string): WordReading {
    let reading = this.readings.get(word);
    if (reading === undefined) {
      const resources = resourcesForWord(this.resources, scriptOf(word));
      reading = { stopword: resources?.stopwords.has(word) ?? false, stem: resources?.stem?.(word) ?? word };
      if (this.readings.size >= READING_CACHE_LIMIT) this.readings.clear();
      this.readings.set(word, reading);
    }
    return reading;
  }
}

interface WordReading {
  stopword: boolean;
  stem: string;
}

const READING_CACHE_LIMIT = 200_000;

/** A space where a script written without spaces meets another, so `用for循环` reads as 用 for 循环. */
function separateDictionaryRuns(text: string): string {
  return DICTIONARY_SCRIPT.test(text) ? text.replace(DICTIONARY_RUN_EDGE, " ") : text;
}
