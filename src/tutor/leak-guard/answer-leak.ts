import { choiceLetter, correctChoice, type QuizItem, type ShortAnswerItem } from "../../retrieval/content/schema.js";
import { FRAGMENT_CUE, mentionsQuiz, NEGATION } from "./answer-cues.js";
import { findLetter, namedChoices } from "./choice-leak.js";
import { decodeViews, namedBases, type NamedBase } from "./decode-views.js";
import { answerForms, findForm } from "./find-value.js";
import { foldText } from "./fold-text.js";
import type { Leak } from "./leak.js";
import { blankReferenceNumbers } from "./reference-numbers.js";
import { ReplyShape } from "./reply-shape.js";
import { continues, countShared, lastWhitespaceAfter, shingles } from "./shingles.js";
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
  // Asking for a digit or a letter of the answer is asking for a piece of it; "what's the first step?" is not.
  const asked = studentMessage !== undefined && askedForPiece(studentMessage.toLowerCase());
  if (!about && !asked) return false;
  const answer = item.type === "numeric" ? String(Math.abs(item.answer)) : item.type === "multiple_choice" ? correctChoice(item) : "";
  const pieces = new Set(answer.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""));
  if (pieces.size === 0 || answer.length < 2) return false;
  const isPiece = (char: string) => pieces.has(char) && !/^(?:a|i)$/.test(char);
  if (asked && [...lower.matchAll(SINGLE_CHARACTER)].some((match) => isPiece(match[0]))) return true;
  // In the reply, a piece is named as one: "the first digit is 2", not "a third number is a step: `s[::2]`".
  for (const cue of lower.matchAll(FRAGMENT_CUES)) {
    const after = lower.slice(cue.index + cue[0].length, cue.index + cue[0].length + 40);
    for (const match of after.matchAll(SINGLE_CHARACTER)) {
      if (isPiece(match[0]) && (PIECE_WORD.test(cue[0]) || PIECE_WORD.test(after.slice(0, match.index)))) return true;
    }
  }
  return false;
}

const FRAGMENT_CUES = new RegExp(FRAGMENT_CUE.source, "g");
const PIECE_WORD = /\b(?:digits?|letters?|characters?|chars?)\b/;
const PIECE_OF = /\b(?:digits?|letters?|characters?|chars?|answers?|solutions?|results?|choices?|numbers?)\b/;

function askedForPiece(lowerMessage: string): boolean {
  return FRAGMENT_CUE.test(lowerMessage) && PIECE_OF.test(lowerMessage);
}

const CANDIDATE =
  /\b(?:is it|it'?s|it is|answer(?: is)?|confirm(?: that| if)?|was it|would it be|is the answer)\s*[([*"'`]*(?:[A-F](?![a-z])|-?\d)/i;
const AFFIRM_OR_DENY =
  /^(?:yes|yep|yeah|yup|correct|right|exactly|indeed|affirmative|that'?s (?:right|correct|it)|you got it|bingo|spot on|no|nope|not quite|wrong|incorrect|close|si|oui|ja)\b/;

/** "Just confirm if it's B" answered by "Yes!": the reply grades a guess, which only the grader may. */
function findConfirmation(lower: string, studentMessage: string | undefined): boolean {
  if (!studentMessage || !CANDIDATE.test(studentMessage)) return false;
  return AFFIRM_OR_DENY.test(lower.replace(/^[^\p{L}\p{N}]+/u, ""));
}

/** Code in a short answer, like `(a + b) / 2`, compared without spaces. */
function codeFragments(answer: string): string[] {
  const found = [
    ...answer.matchAll(/`([^`]+)`|\([^()]{1,40}\)(?:\s*[-+*/%]+\s*[\w.]+)*|\b\w+\s*==?\s*[^\s,;]+(?:\s*[-+*/%]\s*[^\s,;]+)*/g),
  ].map((match) => (match[1] ?? match[0]).replace(/\s+/g, "").replace(/\.$/, "").toLowerCase());
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
 * The checks that read nearby text, on one reading of (part of) the reply; `about` says whether the reply
 * is about the quiz item, `studentMessage` is the message it answers, folded, and `whole` whether `text`
 * is the whole reply so far (a bare reply that is the answer, or a "Yes!" to a guess, is seen only then).
 */
function findInReading(text: string, item: QuizItem, about: boolean, studentMessage: string | undefined, whole: boolean): Leak | undefined {
  const lower = text.toLowerCase();
  const form = findForm(lower, answerForms(item), about, whole);
  if (form) return { kind: "answer", detail: `${form.strong ? "value" : "value with an answer cue"} (${describeForm(form)})` };
  if (item.type === "multiple_choice") {
    const letter = findLetter(text, item, about);
    if (letter) return { kind: "answer", detail: letter };
  }
  if (item.type === "short_answer") {
    const phrase = findKeyPhrase(lower, item);
    if (phrase) return { kind: "answer", detail: phrase };
  }
  if (findFragment(lower, item, about, studentMessage)) return { kind: "fragment", detail: "a piece of the answer" };
  if (whole && findConfirmation(lower, studentMessage)) return { kind: "confirmation", detail: "a guess confirmed or denied" };
  return undefined;
}

function describeForm(form: ValueForm): string {
  return /^[\d.-]+$/.test(form.bare) ? "digits" : "words";
}

/** A decoded token that is the answer by itself ("Mjg=", "0x1c", an acrostic spelling FIVE). */
function tokenIsAnswer(decoded: string, item: QuizItem, acrostic: boolean): boolean {
  const lower = decoded.toLowerCase();
  const bare = lower.replace(/[^\p{L}\p{N}.-]+/gu, " ").trim();
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

/** Text read again before new text: answer cues look 60 characters back and 40 ahead, tokens are short. */
const LOOKBACK = 200;
/** Initials an acrostic check reads: the newest, since older ones were read when they came. */
const ACROSTIC_TAIL = 64;
/** An unfinished word longer than this is read as it is (a long encoded token must not be read again and again). */
const MAX_TAIL = 256;

/**
 * The answer checks on a reply that grows (a stream), in time linear in its length: each call reads the
 * new text with the `LOOKBACK` characters before it, and keeps what only the whole reply shows (whether it
 * is about the quiz, the number bases it names, the wrong choices it rules out, its line and sentence
 * initials) as running state. When the reply turns out to be about the quiz, or names a base, after
 * text already read, it is read once more from the start with that knowledge.
 */
export class AnswerLeakScan {
  private readonly studentMessage: string | undefined;
  private readonly askedAbout: boolean;
  private readonly wrongChoices: string[];
  private raw = "";
  private settled = 0;
  /** The last `LOOKBACK` folded characters of the settled text, and whether older text was dropped. */
  private recent = "";
  private truncated = false;
  private about = false;
  private bases = new Set<NamedBase>();
  private negation = false;
  private readonly ruledOut = new Set<string>();
  private shape = new ReplyShape();
  private leak: Leak | undefined;

  constructor(
    private readonly item: QuizItem,
    context: AnswerCheckContext = {},
  ) {
    this.studentMessage = context.studentMessage === undefined ? undefined : foldText(context.studentMessage);
    this.askedAbout = mentionsQuiz((this.studentMessage ?? "").toLowerCase(), true);
    this.wrongChoices =
      item.type === "multiple_choice" ? item.choices.map((_, index) => choiceLetter(index)).filter((letter) => letter !== item.answer) : [];
  }

  /** The first leak in `text`, the reply so far (each call with a longer one; any other text starts over). */
  check(text: string): Leak | undefined {
    if (!continues(text, this.raw)) this.reset();
    if (this.leak) return this.leak;
    this.raw = text;
    // Settled text ends at the last whitespace; an unfinished word is read again with what follows it.
    let cut = lastWhitespaceAfter(text, this.settled) + 1;
    if (cut === 0) cut = this.settled;
    if (text.length - cut > MAX_TAIL) cut = text.length;
    const fresh = cut > this.settled ? foldText(text.slice(this.settled, cut)) : "";
    const tail = foldText(text.slice(Math.max(cut, this.settled)));
    const window = blankReferenceNumbers(`${this.truncated ? "… " : ""}${this.recent}${fresh}${tail}`);
    const lower = window.toLowerCase();
    const wasAbout = this.about;
    const basesBefore = this.bases.size;
    const about = this.about || this.askedAbout || mentionsQuiz(lower);
    const bases = new Set([...this.bases, ...namedBases(lower)]);
    // Knowledge that changes how earlier text reads: read the whole reply again, once, with it.
    if (this.truncated && ((about && !wasAbout && !this.askedAbout) || bases.size > basesBefore)) return this.rescan(text, about, bases);

    const whole = !this.truncated;
    // What is read for good: the settled text's shape and sticky knowledge, and its recent characters.
    if (fresh) {
      const settledLower = blankReferenceNumbers(this.recent + fresh).toLowerCase();
      this.about ||= mentionsQuiz(settledLower);
      for (const base of namedBases(settledLower)) this.bases.add(base);
      this.shape.feed(fresh);
      this.recent += fresh;
      if (this.recent.length > LOOKBACK) {
        const start = this.recent.indexOf(" ", this.recent.length - LOOKBACK);
        this.recent = this.recent.slice(start === -1 ? this.recent.length - LOOKBACK : start);
        this.truncated = true;
      }
      this.settled = cut;
    }
    this.leak =
      this.findInWindow(window, about, bases, whole) ?? this.findAcrosticOrChoiceLines(tail) ?? this.findElimination(window, lower, about);
    return this.leak;
  }

  private findInWindow(window: string, about: boolean, bases: ReadonlySet<NamedBase>, whole: boolean): Leak | undefined {
    const { item, studentMessage } = this;
    const plain = findInReading(window, item, about, studentMessage, whole);
    if (plain) return plain;
    for (const view of decodeViews(window, bases)) {
      if (view.kind === "token") {
        if (tokenIsAnswer(view.text, item, false)) return { kind: "encoded-answer", detail: view.how };
        if (findInReading(view.text, item, true, undefined, true)) return { kind: "encoded-answer", detail: view.how };
      } else {
        const leak = findInReading(view.text, item, about, studentMessage, whole);
        if (leak && leak.kind !== "confirmation") return { kind: "encoded-answer", detail: `${view.how}: ${leak.detail}` };
      }
    }
    return undefined;
  }

  private findAcrosticOrChoiceLines(tail: string): Leak | undefined {
    const shape = this.shape.peek(tail);
    for (const [initials, count] of [
      [shape.lineInitials, shape.lines],
      [shape.sentenceInitials, shape.sentences],
    ] as const) {
      if (count >= 3 && tokenIsAnswer(initials.slice(-ACROSTIC_TAIL), this.item, true))
        return { kind: "encoded-answer", detail: "acrostic" };
    }
    // "B) 14" alone on a line, unless the reply lists the choices again.
    if (this.item.type === "multiple_choice" && shape.choiceLines === this.item.answer)
      return { kind: "answer", detail: "choice letter line" };
    return undefined;
  }

  /** Every wrong choice ruled out, anywhere in the reply, in a reply about the quiz: that leaves the right one. */
  private findElimination(window: string, lower: string, about: boolean): Leak | undefined {
    if (this.item.type !== "multiple_choice") return undefined;
    if (NEGATION.test(lower)) this.negation = true;
    for (const letter of namedChoices(window, this.item)) this.ruledOut.add(letter);
    const all = this.wrongChoices.every((letter) => this.ruledOut.has(letter));
    return about && this.negation && all ? { kind: "elimination", detail: "every wrong choice ruled out" } : undefined;
  }

  private rescan(text: string, about: boolean, bases: Set<NamedBase>): Leak | undefined {
    this.reset();
    this.about = about;
    this.bases = bases;
    return this.check(text);
  }

  private reset(): void {
    this.raw = "";
    this.settled = 0;
    this.recent = "";
    this.truncated = false;
    this.about = false;
    this.bases = new Set();
    this.negation = false;
    this.ruledOut.clear();
    this.shape = new ReplyShape();
    this.leak = undefined;
  }
}

/**
 * Whether `reply` gives away the answer of the pending `item`: in plain words or digits, in another
 * language, spelled, reversed, encoded, in pieces, by elimination, or by confirming a guess.
 */
export function findAnswerLeak(reply: string, item: QuizItem, context: AnswerCheckContext = {}): Leak | undefined {
  return new AnswerLeakScan(item, context).check(reply);
}
