import type { Attempt, SkillMastery } from "../store/profile-store.js";
import { MASTERY_THRESHOLD } from "./bkt.js";
import { groupBy } from "./group-by.js";

export interface SkillStruggle {
  skillId: string;
  students: number;
  meanPKnown: number;
  masteredShare: number;
  /** Share of first answers that were wrong. */
  missRate: number;
}

export interface StuckStudent {
  studentId: string;
  skillId: string;
  attempts: number;
  pKnown: number;
  recentRight: number;
}

export interface CommonWrongAnswer {
  itemId: string;
  answer: string;
  count: number;
  /** Wrong answers on the item in all. */
  wrong: number;
}

export interface ClassSummary {
  students: number;
  struggles: SkillStruggle[];
  stuck: StuckStudent[];
  wrongAnswers: CommonWrongAnswer[];
}

/** Many attempts and no progress: at least this many answers on the skill, not mastered, few right lately. */
export const STUCK_MIN_ATTEMPTS = 6;
const STUCK_WINDOW = 5;
const STUCK_MAX_RIGHT = 1;

/**
 * What a teacher needs from the class's records in one course: skills by how much the class struggles
 * (lowest mean mastery first, only skills someone practised), students stuck on a skill, and for each
 * item the wrong answer given most often (by at least two answers).
 */
export function summarizeClass(mastery: ReadonlyArray<SkillMastery & { studentId: string }>, attempts: readonly Attempt[]): ClassSummary {
  const students = new Set([...mastery.map((m) => m.studentId), ...attempts.map((a) => a.studentId)]);
  const practised = mastery.filter((m) => m.attempts > 0 || m.override);
  const bySkill = groupBy(practised, (m) => m.skillId);
  const attemptsBySkill = groupBy(attempts, (a) => a.skillId);
  const struggles = [...bySkill].map(([skillId, records]): SkillStruggle => {
    const answers = attemptsBySkill.get(skillId) ?? [];
    const value = (m: SkillMastery) => m.override?.value ?? m.pKnown;
    return {
      skillId,
      students: records.length,
      meanPKnown: records.reduce((sum, m) => sum + value(m), 0) / records.length,
      masteredShare: records.filter((m) => value(m) >= MASTERY_THRESHOLD).length / records.length,
      missRate: answers.length ? answers.filter((a) => !a.correct).length / answers.length : 0,
    };
  });
  struggles.sort((a, b) => a.meanPKnown - b.meanPKnown || b.missRate - a.missRate || a.skillId.localeCompare(b.skillId));

  const stuck: StuckStudent[] = [];
  const pairKey = (m: { studentId: string; skillId: string }) => `${m.studentId}\u0000${m.skillId}`;
  const records = new Map<string, SkillMastery>();
  for (const m of mastery) if (!records.has(pairKey(m))) records.set(pairKey(m), m);
  for (const [key, answers] of groupBy(attempts, pairKey)) {
    const [studentId, skillId] = key.split("\u0000") as [string, string];
    const record = records.get(key);
    const pKnown = record?.override?.value ?? record?.pKnown ?? 0;
    const recentRight = answers.slice(-STUCK_WINDOW).filter((a) => a.correct).length;
    if (answers.length >= STUCK_MIN_ATTEMPTS && pKnown < MASTERY_THRESHOLD && recentRight <= STUCK_MAX_RIGHT) {
      stuck.push({ studentId, skillId, attempts: answers.length, pKnown, recentRight });
    }
  }
  stuck.sort((a, b) => b.attempts - a.attempts || a.pKnown - b.pKnown || a.studentId.localeCompare(b.studentId));

  const wrongAnswers: CommonWrongAnswer[] = [];
  for (const [itemId, answers] of groupBy(
    attempts.filter((a) => !a.correct && a.hintsUsed === 0 && a.answer !== "(gave up)"),
    (a) => a.itemId,
  )) {
    const counts = groupBy(answers, (a) => normalizeAnswer(a.answer));
    const [, same] = [...counts].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0]!;
    if (same.length >= 2) wrongAnswers.push({ itemId, answer: same[0]!.answer.trim(), count: same.length, wrong: answers.length });
  }
  wrongAnswers.sort((a, b) => b.count - a.count || a.itemId.localeCompare(b.itemId));
  return { students: students.size, struggles, stuck, wrongAnswers };
}

/** Answers that differ only in case, spacing or a trailing full stop count as the same answer. */
export function normalizeAnswer(answer: string): string {
  return answer
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[.!]+$/, "");
}
