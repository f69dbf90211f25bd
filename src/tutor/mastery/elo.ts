import { z } from "zod";
import type { AttemptTable } from "./attempt-table.js";

export const EloOptionsSchema = z.object({
  /** Step size K(n) = sensitivity / (1 + decay·n) after n answers: big steps while little is known. */
  sensitivity: z.number().positive().default(0.5),
  decay: z.number().min(0).default(0.02),
});
export type EloOptions = z.input<typeof EloOptionsSchema>;

/** Item difficulties (by item name) with how many answers shaped each, carried from training to test. */
export interface EloItems {
  difficulty: Map<string, number>;
  answers: Map<string, number>;
}

export interface EloRun {
  predictions: Float64Array;
  /** Per row, before the answer: ability minus difficulty (the logit of the prediction). */
  logits: Float64Array;
  items: EloItems;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Elo for students and items (Pelánek 2016): predict σ(ability − difficulty), then move both by the
 * surprise. Students start at 0 (every student in the table is new); items start from `items`.
 */
export function runElo(table: AttemptTable, items: EloItems | undefined, options: EloOptions = {}): EloRun {
  const { sensitivity, decay } = EloOptionsSchema.parse(options);
  const difficulty = Float64Array.from(table.itemNames, (name) => items?.difficulty.get(name) ?? 0);
  const itemAnswers = Float64Array.from(table.itemNames, (name) => items?.answers.get(name) ?? 0);
  const ability = new Float64Array(table.studentCount);
  const studentAnswers = new Float64Array(table.studentCount);
  const predictions = new Float64Array(table.rows);
  const logits = new Float64Array(table.rows);
  for (let r = 0; r < table.rows; r++) {
    const s = table.student[r]!;
    const i = table.item[r]!;
    const logit = ability[s]! - difficulty[i]!;
    const p = sigmoid(logit);
    logits[r] = logit;
    predictions[r] = p;
    const surprise = table.correct[r]! - p;
    ability[s]! += (sensitivity / (1 + decay * studentAnswers[s]!)) * surprise;
    difficulty[i]! -= (sensitivity / (1 + decay * itemAnswers[i]!)) * surprise;
    studentAnswers[s]!++;
    itemAnswers[i]!++;
  }
  return {
    predictions,
    logits,
    items: {
      difficulty: new Map(table.itemNames.map((name, i) => [name, difficulty[i]!])),
      answers: new Map(table.itemNames.map((name, i) => [name, itemAnswers[i]!])),
    },
  };
}
