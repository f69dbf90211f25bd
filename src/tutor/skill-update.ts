import { updateKnowledge, type BktParams } from "./mastery/bkt.js";
import { scheduleReview } from "./reviews/schedule-review.js";
import type { SkillUpdate } from "./store/profile-store.js";

/**
 * How one graded answer moves its skill: BKT with the skill's `params` for p(known), and the answer as a review
 * of a once-mastered skill (it moves the next review date). The store applies it to the skill as stored.
 */
export function skillUpdate(answer: { skillId: string; correct: boolean; at: number }, params: BktParams): SkillUpdate {
  const { skillId, correct, at } = answer;
  return {
    prior: params.prior,
    pKnownAfter: (before) => updateKnowledge(before, correct, params),
    reviewCard: (stored, pKnownAfter) => scheduleReview(stored, { skillId, correct, pKnownAfter, at }),
  };
}
