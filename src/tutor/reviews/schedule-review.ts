import { createEmptyCard, fsrs, generatorParameters, Rating, type Card, type State } from "ts-fsrs";
import { MASTERY_THRESHOLD } from "../mastery/bkt.js";
import type { ReviewCard } from "./review-card.js";

/**
 * Reviews are scheduled in whole days for a retention of 90%: a skill comes back when the student
 * has about a 1-in-10 chance of having forgotten it. No fuzz, so schedules are reproducible.
 */
const scheduler = fsrs(generatorParameters({ request_retention: 0.9, enable_fuzz: false, enable_short_term: false }));

export const DAY_MS = 86_400_000;

export interface ReviewEvidence {
  skillId: string;
  correct: boolean;
  /** p(known) after the answer. */
  pKnownAfter: number;
  at: number;
}

/**
 * The review schedule after one graded answer. A skill enters the schedule the first time it is
 * mastered (that answer counts as a successful first review); from then on every answer on the skill
 * is a review: right moves the next one further out, wrong brings it back soon (a lapse).
 * Returns undefined while the skill was never mastered: nothing to review yet.
 */
export function scheduleReview(existing: ReviewCard | undefined, evidence: ReviewEvidence): ReviewCard | undefined {
  if (!existing && evidence.pKnownAfter < MASTERY_THRESHOLD) return undefined;
  const card = existing ? toFsrsCard(existing) : createEmptyCard(new Date(evidence.at));
  const rating = evidence.correct ? Rating.Good : Rating.Again;
  const next = scheduler.next(card, new Date(evidence.at), rating).card;
  return fromFsrsCard(evidence.skillId, next, evidence.at);
}

/** Probability the student still recalls the skill at `now`, by the FSRS forgetting curve. */
export function recallProbability(card: ReviewCard, now: number): number {
  return scheduler.get_retrievability(toFsrsCard(card), new Date(now), false);
}

function toFsrsCard(card: ReviewCard): Card {
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: 0,
    scheduled_days: card.scheduledDays,
    learning_steps: 0,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state as State,
    last_review: new Date(card.lastReview),
  };
}

function fromFsrsCard(skillId: string, card: Card, at: number): ReviewCard {
  return {
    skillId,
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    scheduledDays: card.scheduled_days,
    lastReview: at,
  };
}
