import type { Course, QuizItemDoc } from "../retrieval/content/schema.js";
import { chanceOfSuccess, isMastered, readySkills, type LearnerState } from "./learner-state.js";

/** Where learning is most likely: success neither certain nor hopeless (desirable difficulty). */
export const TARGET_SUCCESS = 0.7;

/** How an item's level moves the chance of success, in logits, around the skill-level prediction. */
const LEVEL_SHIFT = { beginner: 0.7, intermediate: 0, advanced: -0.7 } as const;
/** Cost of repeating the most recent item; older repeats cost less. */
const REPEAT_ITEM_COST = 0.6;
/** Cost per recent question on the same skill, so practice interleaves skills. */
const REPEAT_SKILL_COST = 0.06;
const VARIETY_WINDOW = 3;

/**
 * Why an item was chosen, shown to the student in one line: the skill they asked for, a skill they are
 * ready for, the least-known skill, or a review once every skill is mastered.
 */
export type ChoiceReason = "requested" | "ready" | "weakest" | "all-mastered";

export interface ItemChoice {
  item: QuizItemDoc;
  reason: ChoiceReason;
  /** Predicted chance of a right first answer. */
  chance: number;
}

/** Predicted chance of a right first answer on this item: the skill's BKT prediction, shifted by the item's level. */
export function predictItemSuccess(state: LearnerState, doc: QuizItemDoc): number {
  const p = Math.min(1 - 1e-6, Math.max(1e-6, chanceOfSuccess(state, doc.item.skill)));
  return 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) + LEVEL_SHIFT[doc.item.difficulty])));
}

/**
 * How far an item is from where learning is most likely; lower is better. Distance of its predicted
 * success from the target, plus the cost of repeating a recent item or dwelling on one skill.
 * `recentItemIds` is most recent first.
 */
function scoreItem(course: Course, state: LearnerState, doc: QuizItemDoc, recentItemIds: readonly string[]): number {
  const seenAt = recentItemIds.indexOf(doc.item.id);
  const repeat = seenAt < 0 ? 0 : REPEAT_ITEM_COST * (1 - seenAt / Math.max(1, recentItemIds.length));
  const recentSkills = recentItemIds.slice(0, VARIETY_WINDOW).map((id) => course.items.find(({ item }) => item.id === id)?.item.skill);
  const dwell = recentSkills.reduce(
    (cost, skill, index) => cost + (skill === doc.item.skill ? REPEAT_SKILL_COST * (VARIETY_WINDOW - index) : 0),
    0,
  );
  return Math.abs(predictItemSuccess(state, doc) - TARGET_SUCCESS) + repeat + dwell;
}

function bestItem(
  course: Course,
  state: LearnerState,
  candidates: readonly QuizItemDoc[],
  recentItemIds: readonly string[],
): QuizItemDoc | undefined {
  let best: { doc: QuizItemDoc; score: number } | undefined;
  for (const doc of candidates) {
    const score = scoreItem(course, state, doc, recentItemIds);
    // Strictly better only: ties keep course order, so the choice is deterministic.
    if (!best || score < best.score - 1e-12) best = { doc, score };
  }
  return best?.doc;
}

/**
 * Picks the next quiz item. For a requested skill, the best item of that skill. Otherwise, among the
 * items of skills that are ready (prerequisites mastered, skill not yet), the one whose predicted
 * success is closest to the target, avoiding recent items and the skill just practised. With every
 * skill mastered, practice on the skill known least well. Deterministic for a given state.
 */
export function selectNextItem(
  course: Course,
  state: LearnerState,
  recentItemIds: readonly string[],
  requestedSkill?: string,
): ItemChoice | undefined {
  const itemsOf = (skills: readonly string[]) => course.items.filter(({ item }) => skills.includes(item.skill));
  const choose = (candidates: readonly QuizItemDoc[], reason: ChoiceReason): ItemChoice | undefined => {
    const item = bestItem(course, state, candidates, recentItemIds);
    return item ? { item, chance: predictItemSuccess(state, item), reason } : undefined;
  };

  if (requestedSkill) return choose(itemsOf([requestedSkill]), "requested");

  const ready = choose(itemsOf(readySkills(course, state)), "ready");
  if (ready) return ready;
  const practised = course.manifest.skills.map((skill) => skill.id).filter((id) => course.items.some(({ item }) => item.skill === id));
  const weakest = [...practised].sort((a, b) => (state.pKnown.get(a) ?? 0) - (state.pKnown.get(b) ?? 0))[0];
  if (weakest === undefined) return undefined;
  const allMastered = practised.every((id) => isMastered(state, id));
  return choose(itemsOf([weakest]), allMastered ? "all-mastered" : "weakest");
}

export function skillName(course: Course, skillId: string): string {
  return course.manifest.skills.find((skill) => skill.id === skillId)?.name ?? skillId;
}

/** Finds the skill a student means by "loops" or "for-loops" or "For loops". */
export function resolveSkill(course: Course, text: string): string | undefined {
  const wanted = text.toLowerCase().trim().replace(/\s+/g, "-");
  const skills = course.manifest.skills;
  return (
    skills.find((skill) => skill.id === wanted)?.id ??
    skills.find((skill) => skill.name.toLowerCase().replace(/\s+/g, "-") === wanted)?.id ??
    skills.find((skill) => skill.id.includes(wanted) || skill.name.toLowerCase().includes(text.toLowerCase().trim()))?.id
  );
}
