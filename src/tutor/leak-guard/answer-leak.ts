import type { MultipleChoiceItem, QuizItem, ShortAnswerItem } from "../../retrieval/content/schema.js";
import { bareLineAt, FRAGMENT_CUE, hasNearCue, hasStrongCue, mentionsQuiz, NEGATION, windowBefore } from "./answer-cues.js";
import { decodeViews } from "./decode-views.js";
import { foldText } from "./fold-text.js";
import type { Leak } from "./leak.js";
import { countShared, shingles } from "./shingles.js";
import { choiceForms, escapeRegExp, numberForms, readPlainNumber, textForm, type ValueForm } from "./value-forms.js";

/** What the guard knows about the reply besides its text. */
export interface AnswerCheckContext {
  /** The student's message the reply answers: "just confirm it's B" makes a bare "Yes." a leak. */
  studentMessage?: string;
}

const AFTER_VERDICT = /^[\s*_`"')\]]{0,4}(?:is|would be|'s|=|:|-)\s*(?:the\s+)?(?:correct|right|answer|solution|result|one)\b/;

/** The value forms of an item's answer: numbers, choice letter aside, key text. */
function answerForms(item: QuizItem): ValueForm[] {
  if (item.type === "numeric") return numberForms(item.answer);
  if (item.type === "multiple_choice") return choiceForms(item.choices[item.answer.charCodeAt(0) - 65] ?? "");
  const value = readPlainNumber(item.answer);
  return value === undefined ? [] : numberForms(value);
}

/** Whether one occurrence of a form, at `index` in `lower`, is given as the answer. */
function occursAsAnswer(lower: string, index: number, length: number, form: ValueForm, about: boolean): boolean {
  // One number in a list of numbers ("[31, 28, 31]") is not singled out as the answer.
  const inList = /\d\s*,\s*$/.test(lower.slice(Math.max(0, index - 8), index)) || /^\s*,\s*\d/.test(lower.slice(index + length, index + length + 8));
  if (form.strong && !inList) return true;
  const window = windowBefore(lower, index);
  if (hasStrongCue(window)) return true;
  if (AFTER_VERDICT.test(lower.slice(index + length, index + length + 40))) return true;
  if (!about) return false;
  return hasNearCue(window) || bareLineAt(lower, index) === form.bare;
}

function findForm(lower: string, forms: readonly ValueForm[], about: boolean): ValueForm | undefined {
  const bareReply = lower.replace(/[^\p{L}\p{N}.\-]+/gu, " ").trim();
  for (const form of forms) {
    if (bareReply === form.bare) return form;
    for (const match of lower.matchAll(form.pattern)) {
      if (occursAsAnswer(lower, match.index, match[0].length, form, about)) return form;
    }
  }
  return undefined;
}

/** Lower-cases the words but keeps single capitals, so "B" (a choice) and "b" (a variable) stay apart. */
function cueCase(text: string): string {
  return text.replace(/\p{L}{2,}/gu, (word) => word.toLowerCase());
}

const CLAUSE_END = "(?=[)\\]*_`\"'\\s]*(?:$|\\n|[.!?,;]))";

function letterRules(letter: string): RegExp[] {
  const L = escapeRegExp(letter);
  const l = letter.toLowerCase();
  const either = `(?:${L}|${l}${CLAUSE_END})`;
  const open = "[(\\[*_`\"']*";
  const close = "[)\\]*_`\"']*";
  return [
    new RegExp(`\\b(?:answer|option|choice|letter|pick|choose|select|go with|respuesta|reponse|antwort|opcion|solution)s?\\b[^A-Za-z0-9\\n]{0,12}(?:(?:is|es|est|ist|would be|should be|will be|be)\\s+)?(?:(?:option|choice|letter)\\s+)?${open}${either}(?![A-Za-z0-9])`),
    new RegExp(`(?<![A-Za-z0-9'])${open}${either}${close}\\s*(?:is|would be|'s|=|:|-|–)\\s*(?:the\\s+)?(?:correct|right|answer|solution|not wrong|one that works|true one)\\b`),
    new RegExp(`(?<![A-Za-z0-9'])${L}\\)?\\s*[✓✔✅]`),
    new RegExp(`(?:\\bit'?s|\\bis|\\byes,?|\\bconfirm(?:ed)?,?|=|:|->|→)\\s*${open}${L}${close}${CLAUSE_END}`),
    new RegExp(`^[\\s>*_\`"'(\\[|-]*${L}[)\\].:*_\`"'|]*\\s*$`, "m"),
    new RegExp(`"(?:answer|correct|choice|option|solution)\\w*"\\s*:\\s*"?${either}"?(?![A-Za-z])`),
    new RegExp(`\\b${L}\\b[^.\\n]{0,20}\\b(?:not wrong|isn't wrong|only one (?:that )?(?:works|left)|right one)`),
  ];
}

function findLetter(text: string, item: MultipleChoiceItem, about: boolean): string | undefined {
  const cased = cueCase(text);
  const rule = letterRules(item.answer).findIndex((pattern) => pattern.test(cased));
  if (rule >= 0) return `choice letter (rule ${rule + 1})`;
  // A table whose cell holds the letter, in a reply about the answer.
  if (about && new RegExp(`\\|\\s*[*_\`]*${item.answer}[*_\`]*\\s*\\|`).test(cased) && /answer|correct|solution/.test(cased)) return "choice letter in a table";
  // "B) 14" alone on a line, unless the reply lists the choices again.
  const lines = [...cased.matchAll(/^[\s>*_(\[]*([A-F])\)\s/gm)].map((match) => match[1]);
  if (lines.length === 1 && lines[0] === item.answer) return "choice letter line";
  return undefined;
}

/** The wrong choices a reply rules out; all of them leaves the right one. */
function findElimination(text: string, item: MultipleChoiceItem, about: boolean): boolean {
  const lower = text.toLowerCase();
  if (!about || !NEGATION.test(lower)) return false;
  const cased = cueCase(text);
  const wrong = item.choices.map((choice, index) => ({ choice, letter: String.fromCharCode(65 + index) })).filter(({ letter }) => letter !== item.answer);
  const named = wrong.filter(({ choice, letter }) => {
    const byLetter = new RegExp(`(?<![A-Za-z0-9'])[(\\[*_\`"']*${letter}[)\\]*_\`"']*(?=\\s*(?:[,:;.)]|and\\b|or\\b|&|is\\b|are\\b|$|\\n))`).test(cased);
    return byLetter || findForm(lower, choiceForms(choice).map((form) => ({ ...form, strong: true })), true) !== undefined;
  });
  return named.length >= wrong.length;
}

const SINGLE_CHARACTER = /(?<![\p{L}\p{N}])[\p{L}\p{N}](?![\p{L}\p{N}])/gu;

/**
 * Digits or letters of the answer given one at a time ("the first digit is 2"), or any of them in
 * reply to a student who asked for a piece of the answer: pieces add up over several messages.
 */
function findFragment(lower: string, item: QuizItem, about: boolean, studentMessage: string | undefined): boolean {
  // Asking for a digit or a letter while a numeric or worded answer is pending is asking for a piece of it.
  const asked = studentMessage !== undefined && FRAGMENT_CUE.test(foldText(studentMessage).toLowerCase());
  if (!about && !asked) return false;
  const answer = item.type === "numeric" ? String(Math.abs(item.answer)) : item.type === "multiple_choice" ? (item.choices[item.answer.charCodeAt(0) - 65] ?? "") : "";
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
  if (!studentMessage || !CANDIDATE.test(foldText(studentMessage))) return false;
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

/** All the checks on one reading of the reply; `about` says whether it is about the quiz item. */
function findInReading(text: string, item: QuizItem, about: boolean, context: AnswerCheckContext): Leak | undefined {
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
  if (findFragment(lower, item, about, context.studentMessage)) return { kind: "fragment", detail: "a piece of the answer" };
  if (findConfirmation(lower, context.studentMessage)) return { kind: "confirmation", detail: "a guess confirmed or denied" };
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
  const about = mentionsQuiz(text.toLowerCase()) || mentionsQuiz(foldText(context.studentMessage ?? "").toLowerCase(), true);
  const plain = findInReading(text, item, about, context);
  if (plain) return plain;
  for (const view of decodeViews(text)) {
    if (view.kind === "token") {
      if (tokenIsAnswer(view.text, item, view.how === "acrostic")) return { kind: "encoded-answer", detail: view.how };
      if (view.how !== "acrostic" && findInReading(view.text, item, true, {})) return { kind: "encoded-answer", detail: view.how };
    } else {
      const leak = findInReading(view.text, item, about, {});
      if (leak && leak.kind !== "confirmation") return { kind: "encoded-answer", detail: `${view.how}: ${leak.detail}` };
    }
  }
  return undefined;
}
