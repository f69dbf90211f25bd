import type { Course, QuizItemDoc } from "../retrieval/content/schema.js";
import { chanceOfSuccess, readySkills, type LearnerState } from "./learner-state.js";

const LEVEL_RANK = { beginner: 0, intermediate: 1, advanced: 2 } as const;

/** Where learning is most likely: success neither certain nor hopeless. */
const TARGET_SUCCESS = 0.7;

export interface ItemChoice {
  item: QuizItemDoc;
  /** Why this item: shown to the student in one line. */
  reason: string;
}

/**
 * Picks the next quiz item. Without a requested skill: among skills that are ready (prerequisites
 * mastered, skill not yet), the one whose predicted success is closest to the target; then, within it,
 * an item not seen recently, easier items first for weaker students. Deterministic for a given state.
 */
export function selectNextItem(course: Course, state: LearnerState, recentItemIds: readonly string[], requestedSkill?: string): ItemChoice | undefined {
  const recent = new Set(recentItemIds);
  const pickFrom = (skillId: string): QuizItemDoc | undefined => {
    const items = course.items.filter(({ item }) => item.skill === skillId);
    if (items.length === 0) return undefined;
    const p = state.pKnown.get(skillId) ?? 0;
    const wantedLevel = p < 0.4 ? 0 : p < 0.8 ? 1 : 2;
    // Items seen most recently go last; among the rest, the difficulty that fits the student first.
    const staleness = (id: string) => (recent.has(id) ? recentItemIds.length - recentItemIds.indexOf(id) : 0);
    const misfit = (doc: QuizItemDoc) => Math.abs(LEVEL_RANK[doc.item.difficulty] - wantedLevel);
    return [...items].sort((a, b) => staleness(a.item.id) - staleness(b.item.id) || misfit(a) - misfit(b))[0];
  };

  if (requestedSkill) {
    const item = pickFrom(requestedSkill);
    return item && { item, reason: `Practice on ${skillName(course, requestedSkill)}, as you asked.` };
  }

  const ready = readySkills(course, state).filter((id) => course.items.some(({ item }) => item.skill === id));
  const lastSkill = course.items.find(({ item }) => item.id === recentItemIds[0])?.item.skill;
  const ranked = ready
    .map((id) => ({ id, distance: Math.abs(chanceOfSuccess(state, id) - TARGET_SUCCESS) + (id === lastSkill && ready.length > 1 ? 0.05 : 0) }))
    .sort((a, b) => a.distance - b.distance);
  for (const { id } of ranked) {
    const item = pickFrom(id);
    if (item) return { item, reason: `Next up: ${skillName(course, id)} — you are ready for it and have not mastered it yet.` };
  }
  // Everything mastered: review the skill known least well.
  const weakest = [...state.pKnown.entries()].filter(([id]) => course.items.some(({ item }) => item.skill === id)).sort((a, b) => a[1] - b[1])[0];
  if (!weakest) return undefined;
  const item = pickFrom(weakest[0]);
  return item && { item, reason: `You have mastered every skill; here is a review of ${skillName(course, weakest[0])}.` };
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
