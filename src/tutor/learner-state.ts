import type { Course } from "../retrieval/content/schema.js";
import { DEFAULT_BKT_PARAMS, MASTERY_THRESHOLD, predictCorrect, type BktParams } from "./mastery/bkt.js";
import type { SkillMastery } from "./store/profile-store.js";

/** What the tutor believes about one student in one course, skill by skill. */
export interface LearnerState {
  /** p(known) per skill of the course; a teacher's override wins over the estimate. */
  pKnown: Map<string, number>;
  params: Map<string, BktParams>;
  records: Map<string, SkillMastery>;
}

export function paramsFor(state: Pick<LearnerState, "params">, skillId: string): BktParams {
  return state.params.get(skillId) ?? DEFAULT_BKT_PARAMS;
}

export function buildLearnerState(course: Course, records: SkillMastery[], fitted: Map<string, BktParams>): LearnerState {
  const byskill = new Map(records.map((record) => [record.skillId, record]));
  const pKnown = new Map<string, number>();
  for (const skill of course.manifest.skills) {
    const record = byskill.get(skill.id);
    const prior = (fitted.get(skill.id) ?? DEFAULT_BKT_PARAMS).prior;
    pKnown.set(skill.id, record?.override?.value ?? record?.pKnown ?? prior);
  }
  return { pKnown, params: fitted, records: byskill };
}

export function isMastered(state: LearnerState, skillId: string): boolean {
  return (state.pKnown.get(skillId) ?? 0) >= MASTERY_THRESHOLD;
}

export type ExplanationLevel = "novice" | "developing" | "proficient";

/** How to pitch an explanation, from what the student knows of the skills it touches. */
export function explanationLevel(state: LearnerState, skillIds: readonly string[]): ExplanationLevel {
  const known = skillIds.map((id) => state.pKnown.get(id)).filter((p): p is number => p !== undefined);
  if (known.length === 0) return "novice";
  const mean = known.reduce((sum, p) => sum + p, 0) / known.length;
  if (mean >= 0.85) return "proficient";
  if (mean >= 0.5) return "developing";
  return "novice";
}

/** Skills whose prerequisites are all mastered but which are not mastered themselves. */
export function readySkills(course: Course, state: LearnerState): string[] {
  return course.manifest.skills
    .filter((skill) => !isMastered(state, skill.id) && skill.prerequisites.every((prerequisite) => isMastered(state, prerequisite)))
    .map((skill) => skill.id);
}

/**
 * Where to send a student who is failing `skillId`: its weakest unmastered prerequisite, or further
 * down the graph when that one's own prerequisite is weaker still (the gap is deeper). A prerequisite
 * known as well as the skill above it is not the problem, so remediation stops at the first level
 * where the weakness is. Undefined when every prerequisite is mastered.
 */
export function weakestPrerequisite(course: Course, state: LearnerState, skillId: string): string | undefined {
  const skill = course.manifest.skills.find((s) => s.id === skillId);
  if (!skill) return undefined;
  const known = (id: string) => state.pKnown.get(id) ?? 0;
  const weakest = skill.prerequisites.filter((id) => !isMastered(state, id)).sort((a, b) => known(a) - known(b))[0];
  if (weakest === undefined) return undefined;
  const deeper = weakestPrerequisite(course, state, weakest);
  return deeper !== undefined && known(deeper) < known(weakest) ? deeper : weakest;
}

export function chanceOfSuccess(state: LearnerState, skillId: string): number {
  return predictCorrect(state.pKnown.get(skillId) ?? 0, paramsFor(state, skillId));
}
