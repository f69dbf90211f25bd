import type { Course, Level, QuizItemDoc, Skill } from "../../src/retrieval/content/schema.js";
import { buildLearnerState, type LearnerState } from "../../src/tutor/learner-state.js";
import type { SkillMastery } from "../../src/tutor/store/profile-store.js";

/** A numeric item (answer 1) on `skill`; item selection looks only at its skill and level. */
export function numericItem(id: string, skill: string, difficulty: Level = "beginner", hints: string[] = []): QuizItemDoc {
  return {
    file: "quizzes/q.yaml",
    line: 1,
    item: { id, skill, type: "numeric", prompt: "?", explanation: "e", hints, difficulty, answer: 1, tolerance: 0 },
  };
}

/** A course of just a skill graph and items: no lessons, no notes, no folder. */
export function courseOf(skills: Skill[], items: QuizItemDoc[]): Course {
  return {
    dir: "/nowhere",
    manifest: { id: "c", title: "C", description: "", language: "en", skills },
    lessons: [],
    teacherNotes: [],
    items,
  };
}

/** A learner state with the given p(known) per skill, each from `attempts` answers, and default parameters. */
export function learnerStateWith(course: Course, pKnown: Record<string, number>, attempts: number): LearnerState {
  return buildLearnerState(
    course,
    Object.entries(pKnown).map(([skillId, p]): SkillMastery => ({ skillId, pKnown: p, attempts, correct: 1, updatedAt: 0 })),
    new Map(),
  );
}
