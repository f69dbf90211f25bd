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
/** "Lately": the student's last this many answers on the skill ... */
export const STUCK_WINDOW = 5;
/** ... of which at most this many were right. */
export const STUCK_MAX_RIGHT = 1;
/** The most common wrong answer to an item is shown when at least this many gave it. */
export const REPEATED_WRONG_MIN = 2;

/** One skill someone in the class practised (answered, or had overridden), summed over the class. */
export interface SkillTotals {
  skillId: string;
  /** Students with a practised mastery record of the skill. */
  students: number;
  /** Sum of their p(known), a teacher's override in place of the estimate. */
  pKnownSum: number;
  /** How many of them are at or above MASTERY_THRESHOLD. */
  mastered: number;
  /** The class's first answers on the skill, and how many of them were wrong. */
  answers: number;
  wrong: number;
}

/** A wrong answer to an item given most often (every one tied for most), grouped by normalizeAnswer. */
export interface WrongAnswerGroup {
  itemId: string;
  /** The group's normalizeAnswer form. */
  key: string;
  /** The group's earliest answer, as typed. */
  answer: string;
  count: number;
  /** Wrong answers on the item in all. */
  wrong: number;
}

/**
 * The class's records in one course, summed up: what a store computes where the records are (for SQLite in
 * SQL), so that `/class` never loads every attempt. Counts cover first answers (the attempt log) of the
 * class's members only; wrong answers leave out give-ups and answers after a hint.
 */
export interface ClassRecords {
  /** Members with any mastery record or attempt in the course. */
  students: number;
  skills: SkillTotals[];
  /** Every stuck (student, skill): STUCK_MIN_ATTEMPTS answers or more, not mastered, at most STUCK_MAX_RIGHT right of the last STUCK_WINDOW. */
  stuck: StuckStudent[];
  /** Per item, the groups tied for most given, when at least REPEATED_WRONG_MIN gave them. */
  wrongAnswers: WrongAnswerGroup[];
}

/**
 * What a teacher needs from the class's records in one course: skills by how much the class struggles
 * (lowest mean mastery first, only skills someone practised), students stuck on a skill, and for each
 * item the wrong answer given most often (by at least two answers).
 */
export function summarizeClass(records: ClassRecords): ClassSummary {
  const struggles = records.skills.map(
    (skill): SkillStruggle => ({
      skillId: skill.skillId,
      students: skill.students,
      meanPKnown: skill.pKnownSum / skill.students,
      masteredShare: skill.mastered / skill.students,
      missRate: skill.answers ? skill.wrong / skill.answers : 0,
    }),
  );
  struggles.sort((a, b) => a.meanPKnown - b.meanPKnown || b.missRate - a.missRate || a.skillId.localeCompare(b.skillId));

  const stuck = [...records.stuck];
  stuck.sort((a, b) => b.attempts - a.attempts || a.pKnown - b.pKnown || a.studentId.localeCompare(b.studentId));

  // Of the groups tied for most given, the first by key: the same pick whatever order the store returned them in.
  const top = new Map<string, WrongAnswerGroup>();
  for (const group of records.wrongAnswers) {
    const kept = top.get(group.itemId);
    if (!kept || group.count > kept.count || (group.count === kept.count && group.key.localeCompare(kept.key) < 0)) {
      top.set(group.itemId, group);
    }
  }
  const wrongAnswers = [...top.values()]
    .filter((group) => group.count >= REPEATED_WRONG_MIN)
    .map((group): CommonWrongAnswer => ({ itemId: group.itemId, answer: group.answer.trim(), count: group.count, wrong: group.wrong }));
  wrongAnswers.sort((a, b) => b.count - a.count || a.itemId.localeCompare(b.itemId));
  return { students: records.students, struggles, stuck, wrongAnswers };
}

/** Answers that differ only in case, spacing or a trailing full stop count as the same answer. */
export function normalizeAnswer(answer: string): string {
  return answer
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[.!]+$/, "");
}
