import { z } from "zod";

/**
 * Bayesian Knowledge Tracing (Corbett & Anderson 1995), with optional forgetting.
 * p(L) is the probability that the student knows the skill. After each graded attempt the evidence
 * updates p(L) (Bayes), then the student may learn (p(T)) or forget (p(F)) before the next attempt.
 */
export const BktParamsSchema = z.object({
  prior: z.number().min(0).max(1),
  learn: z.number().min(0).max(1),
  guess: z.number().min(0).max(0.5),
  slip: z.number().min(0).max(0.5),
  forget: z.number().min(0).max(1).default(0),
});
export type BktParams = z.infer<typeof BktParamsSchema>;

/** Textbook defaults, used for a skill until enough attempts exist to fit it. */
export const DEFAULT_BKT_PARAMS: BktParams = { prior: 0.2, learn: 0.15, guess: 0.2, slip: 0.1, forget: 0 };

/** p(L) at or above which a skill counts as mastered (the convention of Corbett & Anderson). */
export const MASTERY_THRESHOLD = 0.95;

/** Probability that the next attempt is correct. */
export function predictCorrect(pKnown: number, params: BktParams): number {
  return pKnown * (1 - params.slip) + (1 - pKnown) * params.guess;
}

/** p(L) given the answer just observed, before any learning happens. */
export function posteriorKnown(pKnown: number, correct: boolean, params: BktParams): number {
  const known = pKnown * (correct ? 1 - params.slip : params.slip);
  const unknown = (1 - pKnown) * (correct ? params.guess : 1 - params.guess);
  return known / (known + unknown);
}

/** p(L) before the next attempt: the posterior, then a chance to learn or to forget. */
export function updateKnowledge(pKnown: number, correct: boolean, params: BktParams): number {
  const posterior = posteriorKnown(pKnown, correct, params);
  return posterior * (1 - params.forget) + (1 - posterior) * params.learn;
}
