import type { QuizItem } from "../../retrieval/content/schema.js";
import type { ActiveItem } from "../flow-context.js";
import { findMisconception } from "../grading.js";

/** What the model is told about the quiz item the student is working on: what they have seen and tried. */
export interface PendingItemState {
  prompt: string;
  /** The choices as the student sees them (multiple choice only). */
  choices?: readonly string[];
  /** The hints already shown, in ladder order. */
  hintsShown: readonly string[];
  hintsLeft: number;
  /** The student's wrong answers, oldest first, each with the teacher's note when it matches a known misconception. */
  wrongAnswers: ReadonlyArray<{ answer: string; misconception?: string }>;
}

/** A wrong answer is quoted to the model up to this length: enough to see the mistake. */
const MAX_ANSWER_CHARS = 300;

/** Built from the stored pending item only: never the key, explanation or rubric. */
export function describePendingItem(active: ActiveItem): PendingItemState {
  const item: QuizItem = active.doc.item;
  return {
    prompt: item.prompt.trim(),
    ...(item.type === "multiple_choice" ? { choices: item.choices } : {}),
    hintsShown: item.hints.slice(0, active.hints.length),
    hintsLeft: Math.max(0, item.hints.length - active.hints.length),
    wrongAnswers: active.wrongAnswers.map((typed) => {
      const answer = typed.slice(0, MAX_ANSWER_CHARS);
      const note = findMisconception(typed, item)?.note.trim();
      return note ? { answer, misconception: note } : { answer };
    }),
  };
}
