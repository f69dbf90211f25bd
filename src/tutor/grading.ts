import type { Tokenizer } from "../retrieval/text-terms.js";
import { readChineseNumeral } from "./chinese-numerals.js";
import {
  choiceIndex,
  choiceLetter,
  type Misconception,
  type MultipleChoiceItem,
  type NumericItem,
  type QuizItem,
  type ShortAnswerItem,
} from "../retrieval/content/schema.js";

export interface Grade {
  correct: boolean;
  /** The rubric grading model's feedback, which does not give the answer away when wrong; the flow words the other grades. */
  feedback?: string;
  /** How the grade was reached: exactly, by the model against the rubric, or by word overlap when the model is down. */
  method: "exact" | "rubric" | "approximate";
  /** Why an answer was marked wrong without the model's words: the flow says it in the course's language. */
  screened?: "not-known" | "off-topic" | "to-grader" | "unsupported";
  /** Why key words stood in for the model: it could not be reached, or its verdict was unusable. */
  fallback?: "model-unavailable" | "verdict-malformed" | "verdict-too-long";
}

/** Parses "B", "b)", "(b)", "answer: B" or the text of a choice into a choice letter. */
export function readChoice(answer: string, item: { choices: readonly string[] }): string | undefined {
  const letter = /^(?:answer\s*(?:is)?\s*:?\s*)?\(?([a-f])\)?[.!]?$/i.exec(answer.trim());
  if (letter) {
    const upper = letter[1]!.toUpperCase();
    return choiceIndex(upper) < item.choices.length ? upper : undefined;
  }
  const wanted = normalize(answer);
  const index = item.choices.findIndex((choice) => normalize(choice) === wanted);
  return index >= 0 ? choiceLetter(index) : undefined;
}

/**
 * Parses a number as students type it: "3.5", "-2", "1,000", "1_000", "3,5" (decimal comma), in full-width
 * digits ("２５") or in Chinese numerals ("二十五", "三点五").
 */
export function readNumber(answer: string): number | undefined {
  let text = answer.normalize("NFKC").trim().replace(/[_\s]/g, "");
  const chinese = readChineseNumeral(text);
  if (chinese !== undefined) return chinese;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, "");
  else if (/^-?\d+,\d+$/.test(text)) text = text.replace(",", ".");
  if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export function gradeChoice(answer: string, item: MultipleChoiceItem): Grade | undefined {
  const choice = readChoice(answer, item);
  if (!choice) return undefined;
  return { correct: choice === item.answer, method: "exact" };
}

export function gradeNumber(answer: string, item: NumericItem): Grade | undefined {
  const value = readNumber(answer);
  if (value === undefined) return undefined;
  // A relative epsilon so that 0.1 + 0.2 style answers match an exact key.
  const slack = item.tolerance + Math.abs(item.answer) * 1e-9;
  return { correct: Math.abs(value - item.answer) <= slack, method: "exact" };
}

/** The terms short answers are compared by: the course language's words, stemmed, and code. */
export function keyTermsOf(text: string, tokenizer: Tokenizer): string[] {
  return tokenizer.terms(text, { keepCode: true });
}

/** Without a model: the share of the model answer's key words that the student used. */
export function gradeByOverlap(answer: string, item: ShortAnswerItem, tokenizer: Tokenizer): Grade {
  const keyWords = [...new Set(keyTermsOf(item.answer, tokenizer))];
  const given = new Set(keyTermsOf(answer, tokenizer));
  const share = keyWords.length === 0 ? 0 : keyWords.filter((word) => given.has(word)).length / keyWords.length;
  return { correct: share >= 0.6, method: "approximate" };
}

/** Grades deterministically where the item allows it; undefined means the answer could not be read. */
export function gradeExactly(answer: string, item: QuizItem): Grade | undefined {
  if (item.type === "multiple_choice") return gradeChoice(answer, item);
  if (item.type === "numeric") return gradeNumber(answer, item);
  return undefined;
}

/**
 * The teacher's misconception a wrong answer matches, read the way the answer is graded: the same choice,
 * the same number, or (short answers) the misconception's words within the answer.
 */
export function findMisconception(answer: string, item: QuizItem): Misconception | undefined {
  const misconceptions = item.misconceptions ?? [];
  switch (item.type) {
    case "multiple_choice": {
      const choice = readChoice(answer, item);
      return choice === undefined ? undefined : misconceptions.find((m) => String(m.answer).trim().toUpperCase() === choice);
    }
    case "numeric": {
      const value = readNumber(answer);
      return value === undefined
        ? undefined
        : misconceptions.find((m) => typeof m.answer === "number" && Math.abs(value - m.answer) <= Math.abs(m.answer) * 1e-9);
    }
    case "short_answer": {
      const given = ` ${normalize(answer)} `;
      return misconceptions.find((m) => given.includes(` ${normalize(String(m.answer))} `));
    }
  }
}

function normalize(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[`'"“”‘’.,;:!?()]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
