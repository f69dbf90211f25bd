import { correctChoice, type QuizItem, type ShortAnswerItem } from "../../retrieval/content/schema.js";
import { FRAGMENT_CUE, mentionsQuiz } from "./answer-cues.js";
import { findElimination, findLetter } from "./choice-leak.js";
import { decodeViews } from "./decode-views.js";
import { answerForms, findForm } from "./find-value.js";
import { foldText } from "./fold-text.js";
import type { Leak } from "./leak.js";
import { countShared, shingles } from "./shingles.js";
import { textForm, type ValueForm } from "./value-forms.js";

/** What the guard knows about the reply besides its text. */
export interface AnswerCheckContext {
  /** The student's message the reply answers: "just confirm it's B" makes a bare "Yes." a leak. */
  studentMessage?: string;
}

const SINGLE_CHARACTER = /(?<![\p{L}\p{N}])[\p{L}\p{N}](?![\p{L}\p{N}])/gu;

/**
 * Digits or letters of the answer given one at a time ("the first digit is 2"), or any of them in
 * reply to a student who asked for a piece of the answer: pieces add up over several messages.
 */
function findFragment(lower: string, item: QuizItem, about: boolean, studentMessage: string | undefined): boolean {
  // Asking for a digit or a letter while a numeric or worded answer is pending is asking for a piece of it.
  const asked = studentMessage !== undefined && FRAGMENT_CUE.test(studentMessage.toLowerCase());
  if (!about && !asked) return false;
  const answer = item.type === "numeric" ? String(Math.abs(item.answer)) : item.type === "multiple_choice" ? correctChoice(item) : "";
  const pieces = new Set(answer.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""));
  if (pieces.size === 0 || answer.length < 2) return false;
  const isPiece = (char: string) => pieces.has(char) && !/^(?:a|i)$/.test(char);
  if (asked && [...lower.matchAll(SINGLE_CHARACTER)].some((match) => isPiece(match[0]))) return true;
  for (const cue of lower.matchAll(new RegExp(FRAGMENT_CUE.source, "g"))) {
    const after = lower.slice(cue.index + cue[0].length, cue.index + cue[0].length + 40);
    for (const match of after.matchAll(SINGLE_CHARACTER)) if (isPiece(match[0])) return true;
  }
  return false;
}

const CANDIDATE = /\b(?:is it|it'?s|it is|answer(?: is)?|confirm(?: that| if)?|was it|would it be|is the answer)\s*[(\[*"'`]*(?:[A-F](?![a-z])|-?\d)/i;
const AFFIRM_OR_DENY = /^(?:yes|yep|yeah|yup|correct|right|exactly|indeed|affirmative|that'?s (?:right|correct|it)|you got it|bingo|spot on|no|nope|not quite|wrong|incorrect|close|si|oui|ja)\b/;

/** "Just confirm if it's B" answered by "Yes!": the reply grades a guess, which only the grader may. */
function findConfirmation(lower: string, studentMessage: string | undefined): boolean {
  if (!studentMessage || !CANDIDATE.test(studentMessage)) return false;
  return AFFIRM_OR_DENY.test(lower.replace(/^[^\p{L}\p{N}]+/u, ""));
}

/** Code in a short answer, like `(a + b) / 2`, compared without spaces. */
function codeFragments(answer: string): string[] {
  const found = [...answer.matchAll(/`([^`]+)`|\([^()]{1,40}\)(?:\s*[-+*/%]+\s*[\w.]+)*|\b\w+\s*==?\s*[^\s,;]+(?:\s*[-+*/%]\s*[^\s,;]+)*/g)].map((match) => (match[1] ?? match[0]).replace(/\s+/g, "").replace(/\.$/, "").toLowerCase());
  return found.filter((fragment) => fragment.length >= 5);
}

function findKeyPhrase(lower: string, item: ShortAnswerItem): string | undefined {
  const compact = lower.replace(/\s+/g, "");
  if (codeFragments(item.answer).some((fragment) => compact.includes(fragment))) return "model answer code";
  const key = shingles(item.answer);
  const shared = countShared(key, shingles(lower));
  if (key.size > 0 && (shared >= 2 || shared / key.size >= 0.4)) return "model answer wording";
  return undefined;
}

/**
 * All the checks on one reading of the reply; `about` says whether it is about the quiz item, and
 * `studentMessage` is the message it answers, folded.
 */
function findInReading(text: string, item: QuizItem, about: boolean, studentMessage?: string): Leak | undefined {
  const lower = text.toLowerCase();
  const form = findForm(lower, answerForms(item), about);
  if (form) return { kind: "answer", detail: `${form.strong ? "value" : "value with an answer cue"} (${describeForm(form)})` };
  if (item.type === "multiple_choice") {
    const letter = findLetter(text, item, about);
    if (letter) return { kind: "answer", detail: letter };
    if (findElimination(text, item, about)) return { kind: "elimination", detail: "every wrong choice ruled out" };
  }
  if (item.type === "short_answer") {
    const phrase = findKeyPhrase(lower, item);
    if (phrase) return { kind: "answer", detail: phrase };
  }
  if (findFragment(lower, item, about, studentMessage)) return { kind: "fragment", detail: "a piece of the answer" };
  if (findConfirmation(lower, studentMessage)) return { kind: "confirmation", detail: "a guess confirmed or denied" };
  return undefined;
}

function describeForm(form: ValueForm): string {
  return /^[\d.\-]+$/.test(form.bare) ? "digits" : "words";
}

/** A decoded token that is the answer by itself ("Mjg=", "0x1c", an acrostic spelling FIVE). */
function tokenIsAnswer(decoded: string, item: QuizItem, acrostic: boolean): boolean {
  const lower = decoded.toLowerCase();
  const bare = lower.replace(/[^\p{L}\p{N}.\-]+/gu, " ").trim();
  const forms = item.type === "multiple_choice" ? [...answerForms(item), textForm(item.answer)] : answerForms(item);
  if (acrostic) {
    const letters = lower.replace(/[^\p{L}]/gu, "");
    // Short words turn up in any string of initials by chance; they count only as the whole acrostic.
    return forms.some((form) => {
      const target = form.bare.replace(/[^\p{L}]/gu, "");
      return target.length >= 3 && (target.length >= 4 ? letters.includes(target) : letters === target);
    });
  }
  return forms.some((form) => bare === form.bare || (form.strong && lower.search(form.pattern) >= 0));
}

/**
 * Whether `reply` gives away the answer of the pending `item`: in plain words or digits, in another
 * language, spelled, reversed, encoded, in pieces, by elimination, or by confirming a guess.
 */
export function findAnswerLeak(reply: string, item: QuizItem, context: AnswerCheckContext = {}): Leak | undefined {
  const text = foldText(reply);
  // Folded once here: a streamed reply is checked many times against the same message.
  const studentMessage = context.studentMessage === undefined ? undefined : foldText(context.studentMessage);
  const about = mentionsQuiz(text.toLowerCase()) || mentionsQuiz((studentMessage ?? "").toLowerCase(), true);
  const plain = findInReading(text, item, about, studentMessage);
  if (plain) return plain;
  for (const view of decodeViews(text)) {
    if (view.kind === "token") {
      if (tokenIsAnswer(view.text, item, view.how === "acrostic")) return { kind: "encoded-answer", detail: view.how };
      if (view.how !== "acrostic" && findInReading(view.text, item, true)) return { kind: "encoded-answer", detail: view.how };
    } else {
      const leak = findInReading(view.text, item, about);
      if (leak && leak.kind !== "confirmation") return { kind: "encoded-answer", detail: `${view.how}: ${leak.detail}` };
    }
  }
  return undefined;
}
