import { MASTERY_THRESHOLD } from "../../src/tutor/mastery/bkt.js";
import {
  normalizeAnswer,
  REPEATED_WRONG_MIN,
  STUCK_MAX_RIGHT,
  STUCK_MIN_ATTEMPTS,
  STUCK_WINDOW,
  type ClassRecords,
  type StuckStudent,
  type WrongAnswerGroup,
} from "../../src/tutor/mastery/class-summary.js";
import { groupBy } from "../../src/tutor/mastery/group-by.js";
import { GAVE_UP_ANSWER, type Attempt, type SkillMastery } from "../../src/tutor/store/profile-store.js";

/**
 * The class's records summed up in memory from every mastery record and every attempt of the class, oldest
 * attempt first: how `/class` computed them before the store did it in SQL. The reference the store's
 * summary is compared with, and the baseline of `npm run bench:store`.
 */
export function classRecordsInMemory(
  mastery: ReadonlyArray<SkillMastery & { studentId: string }>,
  attempts: readonly Attempt[],
): ClassRecords {
  const students = new Set([...mastery.map((m) => m.studentId), ...attempts.map((a) => a.studentId)]);
  const value = (m: SkillMastery) => m.override?.value ?? m.pKnown;
  const attemptsBySkill = groupBy(attempts, (a) => a.skillId);
  const skills = [
    ...groupBy(
      mastery.filter((m) => m.attempts > 0 || m.override),
      (m) => m.skillId,
    ),
  ].map(([skillId, records]) => {
    const answers = attemptsBySkill.get(skillId) ?? [];
    return {
      skillId,
      students: records.length,
      pKnownSum: records.reduce((sum, m) => sum + value(m), 0),
      mastered: records.filter((m) => value(m) >= MASTERY_THRESHOLD).length,
      answers: answers.length,
      wrong: answers.filter((a) => !a.correct).length,
    };
  });

  const stuck: StuckStudent[] = [];
  const pairKey = (m: { studentId: string; skillId: string }) => `${m.studentId}\u0000${m.skillId}`;
  const records = new Map(mastery.map((m) => [pairKey(m), m]));
  for (const [key, answers] of groupBy(attempts, pairKey)) {
    const [studentId, skillId] = key.split("\u0000") as [string, string];
    const record = records.get(key);
    const pKnown = record ? value(record) : 0;
    const recentRight = answers.slice(-STUCK_WINDOW).filter((a) => a.correct).length;
    if (answers.length >= STUCK_MIN_ATTEMPTS && pKnown < MASTERY_THRESHOLD && recentRight <= STUCK_MAX_RIGHT) {
      stuck.push({ studentId, skillId, attempts: answers.length, pKnown, recentRight });
    }
  }

  const wrongAnswers: WrongAnswerGroup[] = [];
  const wrong = attempts.filter((a) => !a.correct && a.hintsUsed === 0 && a.answer !== GAVE_UP_ANSWER);
  for (const [itemId, answers] of groupBy(wrong, (a) => a.itemId)) {
    const groups = [...groupBy(answers, (a) => normalizeAnswer(a.answer))];
    const most = Math.max(...groups.map(([, same]) => same.length));
    if (most < REPEATED_WRONG_MIN) continue;
    for (const [key, same] of groups) {
      if (same.length === most) wrongAnswers.push({ itemId, key, answer: same[0]!.answer, count: most, wrong: answers.length });
    }
  }
  return { students: students.size, skills, stuck, wrongAnswers };
}
