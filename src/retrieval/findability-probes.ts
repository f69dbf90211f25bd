import { splitLines } from "./markdown-blocks.js";
import { tokenizerFor } from "./text-terms.js";

/**
 * The probes are English question templates, read with the English tokenizer; it still segments words of
 * other scripts and drops their function words by the commonest language of each script.
 */
const PROBE_TOKENIZER = tokenizerFor("en");

/** One section of a lesson as a reader sees it: where it sits and its Markdown. */
export interface SectionText {
  headingPath: readonly string[];
  lessonTitle: string;
  text: string;
}

const QUESTION_START = /^(what|how|why|when|where|which|who|can|could|should|do|does|is|are)\b/i;
/** "X is a …", "X are …", "X means …"; not the passive "X is checked" nor the progressive "X is running". */
const DEFINITION = /^(?:an?|the)?\s*(.{2,60}?)\s+(is|are|means|refers to)\s+(?!\w+(?:ed|ing|en)\b)\S/i;
const KEY_TERM_COUNT = 3;

/**
 * Questions a student might ask whose answer is this section, made without a model: one from the heading,
 * one from the first defining sentence (or the first term set in bold), one from the section's key terms.
 */
export function makeProbeQuestions(section: SectionText): string[] {
  const heading = stripInline(section.headingPath.at(-1) ?? section.lessonTitle).replace(/^\d+(\.\d+)*\.?\s+/, "");
  const prose = extractProse(section.text);
  const probes = [askAboutHeading(heading), askAboutDefinition(prose), askAboutKeyTerms(prose, heading)];
  return [...new Set(probes.filter((probe): probe is string => probe !== undefined))];
}

export function askAboutHeading(heading: string): string | undefined {
  const text = heading.trim().replace(/[.:!?]+$/, "");
  if (PROBE_TOKENIZER.words(text).length === 0) return undefined;
  return QUESTION_START.test(text) ? `${text}?` : `What is ${lowerFirst(text)}?`;
}

/** "A **loop** is a block that repeats." → "What is a loop?"; else the first bold term → "What is <term>?" */
export function askAboutDefinition(prose: string): string | undefined {
  for (const sentence of splitSentences(prose)) {
    const match = DEFINITION.exec(stripInline(sentence));
    if (match && looksLikeTerm(match[1]!)) {
      const verb = match[2]!.toLowerCase();
      const subject = lowerFirst(match[1]!.trim());
      return verb === "are"
        ? `What are ${subject}?`
        : verb === "is"
          ? `What is ${withArticle(sentence, subject)}?`
          : `What does ${subject} ${verb === "means" ? "mean" : "refer to"}?`;
    }
  }
  const bold = [...prose.matchAll(/\*\*([^*]{2,40})\*\*/g)]
    .map((match) => stripInline(match[1]!))
    .find((term) => looksLikeTerm(term) && PROBE_TOKENIZER.terms(term).some((t) => t.length > 3));
  return bold ? `What is ${bold}?` : undefined;
}

/** The section's most frequent content words not already in its heading, as a question. */
export function askAboutKeyTerms(prose: string, heading: string): string | undefined {
  const headingTerms = new Set(PROBE_TOKENIZER.terms(heading));
  const counts = new Map<string, { word: string; count: number; first: number }>();
  PROBE_TOKENIZER.words(stripInline(prose)).forEach((word, position) => {
    const [term] = PROBE_TOKENIZER.terms(word);
    if (!term || !isSubstantial(term) || headingTerms.has(term) || /^\d+$/.test(word)) return;
    const seen = counts.get(term);
    if (seen) seen.count++;
    else counts.set(term, { word, count: 1, first: position });
  });
  const top = [...counts.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .slice(0, KEY_TERM_COUNT)
    .map((entry) => entry.word);
  if (top.length < 2) return undefined;
  return `How do ${top.slice(0, -1).join(", ")} and ${top.at(-1)} relate?`;
}

/** Long enough to say something: three letters of an alphabet, or two characters of Chinese or Japanese. */
function isSubstantial(term: string): boolean {
  return [...term].length >= (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(term) ? 2 : 3);
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
 * Whole sentences of running prose, joined across wrapped lines; unlike sentence-windows' splitter, which
 * cuts at every line for scoring, a probe question needs the full defining sentence.
 */
function splitSentences(prose: string): string[] {
  return prose
    .split(/\n{2,}/)
    .flatMap((paragraph) => paragraph.replace(/\s*\n\s*/g, " ").split(/(?<=[.!?])\s+(?=[A-Z`*])/))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

/** Markdown emphasis, code marks and links reduced to their words. */
export function stripInline(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__|\*|`)/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** A short noun phrase ("a list", "f-strings"), not a clause ("Because lists", "Whatever you put"). */
function looksLikeTerm(subject: string): boolean {
  const words = subject.trim().split(/\s+/);
  const first = words[0]!.toLowerCase();
  return (
    words.length <= 4 &&
    !/[,;(:.]/.test(subject) &&
    PROBE_TOKENIZER.terms(first, { keepCodeKeywords: true }).length > 0 &&
    !NOT_A_SUBJECT.has(first)
  );
}

/** Sentence openers the stopword list does not cover. */
const NOT_A_SUBJECT = new Set([
  "because",
  "whatever",
  "however",
  "also",
  "new",
  "here",
  "notice",
  "remember",
  "note",
  "sometimes",
  "usually",
  "often",
]);

function withArticle(sentence: string, subject: string): string {
  const article = /^\s*(an?|the)\s/i.exec(stripInline(sentence))?.[1];
  return article ? `${article.toLowerCase()} ${subject}` : subject;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
