import { canonicalLanguageTag } from "./languages.js";
import { splitLines } from "./markdown-blocks.js";
import { tokenizerFor, type Tokenizer } from "./text-terms.js";

/** One section of a lesson as a reader sees it: where it sits and its Markdown. */
export interface SectionText {
  headingPath: readonly string[];
  lessonTitle: string;
  text: string;
}

/**
 * How questions about a section are worded in one language: the templates a reader of that language would
 * type, and the tokenizer that reads the section's words. Courses in a language without its own phrasing
 * are probed in English, read with the English tokenizer (which still segments words of other scripts and
 * drops their function words by the commonest language of each script).
 */
interface ProbePhrasing {
  tokenizer: Tokenizer;
  /** A heading that is a question already. */
  isQuestion(heading: string): boolean;
  question(text: string): string;
  whatIs(term: string): string;
  /** The question a defining sentence answers ("A loop is …" → "What is a loop?"), if it is one. */
  fromDefinition(sentence: string): string | undefined;
  relate(terms: readonly string[]): string;
  sentences(prose: string): string[];
  /** A short noun phrase ("a list", "f-strings"), not a clause ("Because lists", "Whatever you put"). */
  looksLikeTerm(subject: string): boolean;
}

const KEY_TERM_COUNT = 3;
const HAN_OR_KANA = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

const ENGLISH_TOKENIZER = tokenizerFor("en");
const ENGLISH_QUESTION = /^(what|how|why|when|where|which|who|can|could|should|do|does|is|are)\b/i;
/** "X is a …", "X are …", "X means …"; not the passive "X is checked" nor the progressive "X is running". */
const ENGLISH_DEFINITION = /^(?:an?|the)?\s*(.{2,60}?)\s+(is|are|means|refers to)\s+(?!\w+(?:ed|ing|en)\b)\S/i;
/** Sentence openers the stopword list does not cover. */
const NOT_AN_ENGLISH_SUBJECT = new Set("because whatever however also new here notice remember note sometimes usually often".split(" "));

const ENGLISH: ProbePhrasing = {
  tokenizer: ENGLISH_TOKENIZER,
  isQuestion: (heading) => ENGLISH_QUESTION.test(heading),
  question: (text) => `${text}?`,
  whatIs: (term) => `What is ${lowerFirst(term)}?`,
  fromDefinition(sentence) {
    const match = ENGLISH_DEFINITION.exec(stripInline(sentence));
    if (!match || !ENGLISH.looksLikeTerm(match[1]!)) return undefined;
    const verb = match[2]!.toLowerCase();
    const subject = lowerFirst(match[1]!.trim());
    if (verb === "are") return `What are ${subject}?`;
    if (verb === "is") return `What is ${withArticle(sentence, subject)}?`;
    return `What does ${subject} ${verb === "means" ? "mean" : "refer to"}?`;
  },
  relate: (terms) => `How do ${terms.slice(0, -1).join(", ")} and ${terms.at(-1)} relate?`,
  sentences: (prose) =>
    paragraphs(prose)
      .map((paragraph) => paragraph.replace(/\s*\n\s*/g, " "))
      .flatMap((paragraph) => paragraph.split(/(?<=[.!?])\s+(?=[A-Z`*])/)),
  looksLikeTerm(subject) {
    const words = subject.trim().split(/\s+/);
    const first = words[0]!.toLowerCase();
    return (
      words.length <= 4 &&
      !/[,;(:.]/.test(subject) &&
      ENGLISH_TOKENIZER.terms(first, { keepCodeKeywords: true }).length > 0 &&
      !NOT_AN_ENGLISH_SUBJECT.has(first)
    );
  },
};

const CHINESE_QUESTION = /[?？]$|什么|怎么|怎样|如何|为什么|为何|哪|吗|是否|多少/;
/** "X是…", "X是指…", "X就是…", "所谓X，是指…": the subject before the first copula of the sentence. */
const CHINESE_DEFINITION = /^(?:所谓)?([^，,。；;：:（）()、！!？?]{1,16}?)[，,]?(?:就是|是指|指的是|是)(?!不是|否)/;
/** Pronouns, conjunctions and adverbs that open a clause, not a term. */
const NOT_A_CHINESE_SUBJECT = /^(?:这|那|它|他|她|我|你|如果|因为|但|所以|而且|也|还|都|就|每|当|在|把|用|有些|一些|可以|只要|虽然)/;
/** A character that makes "…是" an adverb or conjunction ("但是", "还是", "总是", "不是"). */
const ADVERB_BEFORE_COPULA = /[但还可总或于凡要不也都正真像而算只就]$/;

const chinesePhrasing = (tokenizer: Tokenizer): ProbePhrasing => {
  const phrasing: ProbePhrasing = {
    tokenizer,
    isQuestion: (heading) => CHINESE_QUESTION.test(heading),
    question: (text) => `${text}？`,
    // A Latin word after Chinese is set off by a space, as Chinese typesetting does.
    whatIs: (term) => `什么是${/^[\p{Script=Latin}\d]/u.test(term) ? " " : ""}${term}？`,
    fromDefinition(sentence) {
      const subject = CHINESE_DEFINITION.exec(stripInline(sentence))?.[1]?.trim();
      return subject && phrasing.looksLikeTerm(subject) ? phrasing.whatIs(subject) : undefined;
    },
    relate: (terms) => `${terms.slice(0, -1).join("、")}和${terms.at(-1)}有什么关系？`,
    sentences: (prose) => paragraphs(prose).flatMap((paragraph) => paragraph.replace(/\s*\n\s*/g, " ").split(/(?<=[。！？!?；;])\s*/)),
    looksLikeTerm: (subject) =>
      subject.length >= 2 &&
      !NOT_A_CHINESE_SUBJECT.test(subject) &&
      !ADVERB_BEFORE_COPULA.test(subject) &&
      tokenizer.terms(subject, { keepCodeKeywords: true }).length > 0,
  };
  return phrasing;
};

const phrasings = new Map<string, ProbePhrasing>();

/** The phrasing for a course language: its own where there is one (Chinese), English otherwise. */
function phrasingFor(language: string): ProbePhrasing {
  const tag = canonicalLanguageTag(language) ?? "en";
  if (tag.split("-")[0] !== "zh") return ENGLISH;
  let phrasing = phrasings.get(tag);
  if (!phrasing) phrasings.set(tag, (phrasing = chinesePhrasing(tokenizerFor(tag))));
  return phrasing;
}

/**
 * Questions a reader might ask whose answer is this section, in the course's language, made without a
 * model: one from the heading, one from the first defining sentence (or the first term set in bold), one
 * from the section's key terms.
 */
export function makeProbeQuestions(section: SectionText, language = "en"): string[] {
  const heading = stripInline(section.headingPath.at(-1) ?? section.lessonTitle).replace(/^\d+(\.\d+)*\.?\s+/, "");
  const prose = extractProse(section.text);
  const probes = [askAboutHeading(heading, language), askAboutDefinition(prose, language), askAboutKeyTerms(prose, heading, language)];
  return [...new Set(probes.filter((probe): probe is string => probe !== undefined))];
}

export function askAboutHeading(heading: string, language = "en"): string | undefined {
  const phrasing = phrasingFor(language);
  const text = heading.trim().replace(/[.:!?。：！？]+$/, "");
  if (phrasing.tokenizer.words(text).length === 0) return undefined;
  return phrasing.isQuestion(heading.trim()) ? phrasing.question(text) : phrasing.whatIs(text);
}

/** "A **loop** is a block that repeats." → "What is a loop?"; else the first bold term → "What is <term>?" */
export function askAboutDefinition(prose: string, language = "en"): string | undefined {
  const phrasing = phrasingFor(language);
  for (const sentence of phrasing.sentences(prose).map((text) => text.trim())) {
    const question = sentence ? phrasing.fromDefinition(sentence) : undefined;
    if (question) return question;
  }
  const bold = [...prose.matchAll(/\*\*([^*]{2,40})\*\*/g)]
    .map((match) => stripInline(match[1]!))
    .find((term) => phrasing.looksLikeTerm(term) && phrasing.tokenizer.terms(term).some(namesSomething));
  return bold ? phrasing.whatIs(bold) : undefined;
}

/** The section's most frequent content words not already in its heading, as a question. */
export function askAboutKeyTerms(prose: string, heading: string, language = "en"): string | undefined {
  const { tokenizer, relate } = phrasingFor(language);
  const headingTerms = new Set(tokenizer.terms(heading));
  const counts = new Map<string, { word: string; count: number; first: number }>();
  tokenizer.words(stripInline(prose)).forEach((word, position) => {
    const [term] = tokenizer.terms(word);
    if (!term || !isSubstantial(term) || headingTerms.has(term) || /^\d+$/.test(word)) return;
    const seen = counts.get(term);
    if (seen) seen.count++;
    else counts.set(term, { word, count: 1, first: position });
  });
  const top = [...counts.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .slice(0, KEY_TERM_COUNT)
    .map((entry) => entry.word);
  return top.length < 2 ? undefined : relate(top);
}

/** A bold term worth asking about: a word of four letters, or of two characters of Chinese or Japanese. */
function namesSomething(term: string): boolean {
  return HAN_OR_KANA.test(term) ? [...term].length >= 2 : term.length > 3;
}

/** Long enough to say something: three letters of an alphabet, or two characters of Chinese or Japanese. */
function isSubstantial(term: string): boolean {
  return [...term].length >= (HAN_OR_KANA.test(term) ? 2 : 3);
}

/** The section's running text: no headings, code fences, tables or output blocks. */
export function extractProse(markdown: string): string {
  const kept: string[] = [];
  let fence: string | undefined;
  for (const line of splitLines(markdown)) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
      continue;
    }
    if (fence !== undefined || /^ {0,3}(#{1,6}\s|\|)/.test(line)) continue;
    kept.push(line.replace(/^\s*(?:[-*+]|\d+\.)\s+/, ""));
  }
  return kept
    .join("\n")
    .replace(/\n{2,}/g, "\n\n")
    .trim();
}

/**
 * Paragraphs of running prose, whose sentences are read whole across wrapped lines: unlike sentence-windows'
 * splitter, which cuts at every line for scoring, a probe question needs the full defining sentence.
 */
function paragraphs(prose: string): string[] {
  return prose.split(/\n{2,}/);
}

/** Markdown emphasis, code marks and links reduced to their words. */
export function stripInline(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__|\*|`)/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function withArticle(sentence: string, subject: string): string {
  const article = /^\s*(an?|the)\s/i.exec(stripInline(sentence))?.[1];
  return article ? `${article.toLowerCase()} ${subject}` : subject;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
