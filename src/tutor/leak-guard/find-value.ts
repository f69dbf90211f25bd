import { memoize } from "../../shared/memoize.js";
import { correctChoice, type QuizItem } from "../../retrieval/content/schema.js";
import { bareLineAt, hasNearCue, hasStrongCue, windowBefore } from "./answer-cues.js";
import { choiceForms, numberForms, readPlainNumber, type ValueForm } from "./value-forms.js";

const AFTER_VERDICT = /^[\s*_`"')\]]{0,4}(?:is|would be|'s|=|:|-)\s*(?:the\s+)?(?:correct|right|answer|solution|result|one)\b/;

/** The value forms of an item's answer: numbers, choice letter aside, key text. Made once per item (a stream is checked many times). */
export const answerForms = memoize(makeAnswerForms, new WeakMap());

function makeAnswerForms(item: QuizItem): ValueForm[] {
  if (item.type === "numeric") return numberForms(item.answer);
  if (item.type === "multiple_choice") return choiceForms(correctChoice(item));
  const value = readPlainNumber(item.answer);
  return value === undefined ? [] : numberForms(value);
}

/** Whether one occurrence of a form, at `index` in `lower`, is given as the answer. */
function occursAsAnswer(lower: string, index: number, length: number, form: ValueForm, about: boolean): boolean {
  // One number in a list of numbers ("[31, 28, 31]") is not singled out as the answer.
  const inList =
    /\d\s*,\s*$/.test(lower.slice(Math.max(0, index - 8), index)) || /^\s*,\s*\d/.test(lower.slice(index + length, index + length + 8));
  if (form.strong && !inList) return true;
  const window = windowBefore(lower, index);
  if (hasStrongCue(window)) return true;
  if (AFTER_VERDICT.test(lower.slice(index + length, index + length + 40))) return true;
  if (!about) return false;
  return hasNearCue(window) || bareLineAt(lower, index) === form.bare;
}

/**
 * The first form of the answer that the reply presents as the answer; `whole` when `lower` is the whole
 * reply, which is then the answer if it is nothing else.
 */
export function findForm(lower: string, forms: readonly ValueForm[], about: boolean, whole = true): ValueForm | undefined {
  const bareReply = whole && lower.length < 200 ? lower.replace(/[^\p{L}\p{N}.-]+/gu, " ").trim() : undefined;
  for (const form of forms) {
    if (bareReply === form.bare) return form;
    for (const match of lower.matchAll(form.pattern)) {
      if (occursAsAnswer(lower, match.index, match[0].length, form, about)) return form;
    }
  }
  return undefined;
}
