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
  return predictCorrectFromBelief(beliefOf(pKnown), params);
}

/** p(L) given the answer just observed, before any learning happens. */
export function posteriorKnown(pKnown: number, correct: boolean, params: BktParams): number {
  return posteriorBelief(beliefOf(pKnown), correct, params).known;
}

/**
 * Belief over the two states, each probability kept on its own. Holding only p(L) loses p(not L) to
 * rounding once p(L) is within 1e-16 of 1 (a long run of right answers), after which no wrong answer
 * could ever lower it again.
 */
export interface Belief {
  known: number;
  unknown: number;
}

export function priorBelief(params: BktParams): Belief {
  return { known: params.prior, unknown: 1 - params.prior };
}

function beliefOf(pKnown: number): Belief {
  return { known: pKnown, unknown: 1 - pKnown };
}

/** Bayes on the answer just observed, before any learning happens. */
function posteriorBelief(belief: Belief, correct: boolean, params: BktParams): Belief {
  const known = belief.known * (correct ? 1 - params.slip : params.slip);
  const unknown = belief.unknown * (correct ? params.guess : 1 - params.guess);
  return { known: known / (known + unknown), unknown: unknown / (known + unknown) };
}

/** Belief before the next attempt: Bayes on the answer just observed, then a chance to learn or forget. */
export function updateBelief(belief: Belief, correct: boolean, params: BktParams): Belief {
  const post = posteriorBelief(belief, correct, params);
  return {
    known: post.known * (1 - params.forget) + post.unknown * params.learn,
    unknown: post.known * params.forget + post.unknown * (1 - params.learn),
  };
}

export function predictCorrectFromBelief(belief: Belief, params: BktParams): number {
  return belief.known * (1 - params.slip) + belief.unknown * params.guess;
}

/**
 * The tutor stores p(L) as one number, so it never lets p(L) round to exactly 1: no run of answers
 * makes it more than this sure, and a later run of wrong answers can still bring the estimate down.
 */
export const MAX_STORED_P_KNOWN = 1 - 1e-6;

/** p(L) before the next attempt: the posterior, then a chance to learn or to forget. */
export function updateKnowledge(pKnown: number, correct: boolean, params: BktParams): number {
  return Math.min(MAX_STORED_P_KNOWN, updateBelief(beliefOf(pKnown), correct, params).known);
}
