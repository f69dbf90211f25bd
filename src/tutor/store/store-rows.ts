import { z } from "zod";
import { normalizeAnswer, type SkillTotals, type StuckStudent, type WrongAnswerGroup } from "../mastery/class-summary.js";
import { ReviewCardSchema, type ReviewCard } from "../reviews/review-card.js";
import {
  type GradedAnswer,
  type MasteryChange,
  GAVE_UP_ANSWER,
  MAX_WRONG_ANSWERS,
  type AnswerPitch,
  type Attempt,
  type HintSource,
  type PendingItem,
  type SkillMastery,
  type StudentExport,
} from "./profile-store.js";
import { STORE_TABLES } from "./store-tables.js";

/**
 * The tables' rows as both stores keep them (SqliteProfileStore, PostgresProfileStore: same tables, same columns,
 * so a school moves between them table by table), and how a row becomes what the tutor reads.
 */

/** A thread nobody wrote in for this long is forgotten at the next start: a follow-up there needs a mention again. */
export const THREAD_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** Outcomes of the latest first answers kept per student and skill (mastery.recent_outcomes): at least STUCK_WINDOW. */
export const RECENT_OUTCOMES_KEPT = 8;
export const RECENT_OUTCOMES_MASK = (1 << RECENT_OUTCOMES_KEPT) - 1;
/** How many of the last `window` outcomes in mastery.recent_outcomes were right, in SQL. */
export const recentRight = (window: number) =>
  Array.from({ length: window }, (_, bit) => `((mastery.recent_outcomes >> ${bit}) & 1)`).join(" + ");

/** A wrong first answer `/class` counts: no hint asked for before it, not a give-up (the condition of the partial indexes, word for word). */
export const WRONG_ANSWER = "correct = 0 AND hints_used = 0 AND answer_key IS NOT NULL";

/** How `/class` groups answers (normalizeAnswer); none for a give-up, which is no answer. */
export function answerKey(answer: string): string | null {
  return answer === GAVE_UP_ANSWER ? null : normalizeAnswer(answer);
}

const WrongAnswersSchema = z.array(z.string());
const AnswerPitchRowSchema = z.object({
  question: z.string(),
  skill_id: z.string(),
  p_known: z.number(),
  level: z.enum(["novice", "developing", "proficient"]),
  at: z.number(),
});

/** The filters listAttempts takes, and their columns. */
export const ATTEMPT_FILTERS = [
  { key: "courseId", column: "course_id" },
  { key: "studentId", column: "student_id" },
  { key: "skillId", column: "skill_id" },
] as const;

export interface PendingRow {
  course_id: string;
  conversation_id: string;
  item_id: string;
  hints_shown: number;
  hint_sources: string;
  wrong_attempts: number;
  wrong_answers: string;
  give_up_offered: number;
  asked_at: number;
}

/** One letter per hint in `hint_sources`. */
export const HINT_CODES: Record<HintSource, string> = { asked: "a", guard: "g" };

export function toPendingItem(row: PendingRow): PendingItem {
  // Rows from before hint sources were kept count every hint as asked for, as they did then.
  const hints = Array.from(
    { length: row.hints_shown },
    (_, index): HintSource => (row.hint_sources[index] === HINT_CODES.guard ? "guard" : "asked"),
  );
  return {
    itemId: row.item_id,
    hints,
    wrongAttempts: row.wrong_attempts,
    wrongAnswers: WrongAnswersSchema.parse(JSON.parse(row.wrong_answers)),
    ...(row.give_up_offered ? { giveUpOffered: true } : {}),
    askedAt: row.asked_at,
  };
}

export function toAnswerPitch(row: unknown): AnswerPitch {
  const parsed = AnswerPitchRowSchema.parse(row);
  return { question: parsed.question, skillId: parsed.skill_id, pKnown: parsed.p_known, level: parsed.level, at: parsed.at };
}

/** A row of the mastery table. */
export interface MasteryRow {
  skill_id: string;
  p_known: number;
  attempts: number;
  correct: number;
  updated_at: number;
  override_value: number | null;
  override_reason: string | null;
  override_by: string | null;
  override_at: number | null;
}

export interface AttemptRow {
  course_id: string;
  student_id: string;
  skill_id: string;
  item_id: string;
  correct: number;
  answer: string;
  hints_used: number;
  at: number;
}

export function toSkillMastery(row: MasteryRow): SkillMastery {
  return {
    skillId: row.skill_id,
    pKnown: row.p_known,
    attempts: row.attempts,
    correct: row.correct,
    updatedAt: row.updated_at,
    ...(row.override_value === null
      ? {}
      : {
          override: { value: row.override_value, reason: row.override_reason ?? "", by: row.override_by ?? "", at: row.override_at ?? 0 },
        }),
  };
}

export function toAttempt(row: AttemptRow): Attempt {
  return {
    courseId: row.course_id,
    studentId: row.student_id,
    skillId: row.skill_id,
    itemId: row.item_id,
    correct: row.correct === 1,
    answer: row.answer,
    hintsUsed: row.hints_used,
    at: row.at,
  };
}

/** The tables that hold records of a student, in every course (what forgetStudent deletes). */
export const STUDENT_TABLES: readonly string[] = STORE_TABLES.filter((table) =>
  table.columns.some((column) => column.name === "student_id"),
).map((table) => table.name);

/** What exportStudent reads, one statement per table; the student's id is the one parameter (`?`). */
export const STUDENT_EXPORT_QUERIES = {
  mastery: "SELECT * FROM mastery WHERE student_id = ? ORDER BY course_id, skill_id",
  attempts: "SELECT * FROM attempts WHERE student_id = ? ORDER BY id",
  pending: "SELECT * FROM pending_items WHERE student_id = ? ORDER BY course_id, conversation_id",
  pitches: "SELECT * FROM answer_pitches WHERE student_id = ? ORDER BY course_id, conversation_id",
  memory: "SELECT course_id, conversation_id, role, content, at FROM memory WHERE student_id = ? ORDER BY id",
  reviews: "SELECT course_id, card FROM review_cards WHERE student_id = ? ORDER BY course_id, skill_id",
  classes: "SELECT course_id, scope FROM class_members WHERE student_id = ? ORDER BY course_id, scope",
} as const;

/** The rows STUDENT_EXPORT_QUERIES read. */
export interface StudentRows {
  mastery: Array<MasteryRow & { course_id: string }>;
  attempts: AttemptRow[];
  pending: PendingRow[];
  pitches: Array<{ course_id: string; conversation_id: string }>;
  memory: Array<{ course_id: string; conversation_id: string; role: "user" | "assistant"; content: string; at: number }>;
  reviews: Array<{ course_id: string; card: string }>;
  classes: Array<{ course_id: string; scope: string }>;
}

export function toStudentExport(studentId: string, rows: StudentRows): StudentExport {
  const { mastery, attempts, pending, pitches, memory, reviews, classes } = rows;
  return {
    studentId,
    mastery: mastery.map((row) => ({ courseId: row.course_id, ...toSkillMastery(row) })),
    attempts: attempts.map(toAttempt),
    pendingItems: pending.map((row) => ({ courseId: row.course_id, conversationId: row.conversation_id, ...toPendingItem(row) })),
    memory: memory.map((row) => ({
      courseId: row.course_id,
      conversationId: row.conversation_id,
      role: row.role,
      content: row.content,
      at: row.at,
    })),
    ...(reviews.length
      ? { reviews: reviews.map((row) => ({ courseId: row.course_id, ...ReviewCardSchema.parse(JSON.parse(row.card)) })) }
      : {}),
    ...(classes.length ? { classes: classes.map((row) => ({ courseId: row.course_id, scope: row.scope })) } : {}),
    ...(pitches.length
      ? { answerPitches: pitches.map((row) => ({ courseId: row.course_id, conversationId: row.conversation_id, ...toAnswerPitch(row) })) }
      : {}),
  };
}

/** Rows of classRecords' three statements. */
export interface SkillTotalsRow {
  skill_id: string;
  students: number;
  p_known_sum: number;
  mastered: number;
  answers: number;
  wrong: number;
}
export const toSkillTotals = (row: SkillTotalsRow): SkillTotals => ({
  skillId: row.skill_id,
  students: row.students,
  pKnownSum: row.p_known_sum,
  mastered: row.mastered,
  answers: row.answers,
  wrong: row.wrong,
});
export interface StuckRow {
  student_id: string;
  skill_id: string;
  attempts: number;
  p_known: number;
  recent_right: number;
}
export const toStuckStudent = (row: StuckRow): StuckStudent => ({
  studentId: row.student_id,
  skillId: row.skill_id,
  attempts: row.attempts,
  pKnown: row.p_known,
  recentRight: row.recent_right,
});
export interface WrongAnswerRow {
  item_id: string;
  answer_key: string;
  count: number;
  wrong: number;
  answer: string;
}
export const toWrongAnswerGroup = (row: WrongAnswerRow): WrongAnswerGroup => ({
  itemId: row.item_id,
  key: row.answer_key,
  answer: row.answer,
  count: row.count,
  wrong: row.wrong,
});

/**
 * The writes both stores make, in SQL that SQLite and PostgreSQL both read, `?` for each value in the order
 * `values` gives them (PostgresProfileStore numbers them).
 */
export const WRITES = {
  attempt: {
    sql: "INSERT INTO attempts (course_id, student_id, skill_id, item_id, correct, answer, answer_key, hints_used, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    values: (attempt: Attempt) => [
      attempt.courseId,
      attempt.studentId,
      attempt.skillId,
      attempt.itemId,
      attempt.correct ? 1 : 0,
      attempt.answer,
      answerKey(attempt.answer),
      attempt.hintsUsed,
      attempt.at,
    ],
  },
  /** The skill's record after an attempt: a new attempt is new evidence, so it ends any teacher override of the skill. */
  masteryAfterAttempt: {
    sql: `INSERT INTO mastery (course_id, student_id, skill_id, p_known, attempts, correct, updated_at, recent_outcomes) VALUES (?, ?, ?, ?, 1, ?, ?, ?)
     ON CONFLICT (course_id, student_id, skill_id) DO UPDATE SET p_known = excluded.p_known, attempts = mastery.attempts + 1,
       correct = mastery.correct + excluded.correct, updated_at = excluded.updated_at,
       recent_outcomes = ((mastery.recent_outcomes << 1) | excluded.recent_outcomes) & ${RECENT_OUTCOMES_MASK},
       override_value = NULL, override_reason = NULL, override_by = NULL, override_at = NULL`,
    values: (attempt: Attempt, pKnownAfter: number) => [
      attempt.courseId,
      attempt.studentId,
      attempt.skillId,
      pKnownAfter,
      attempt.correct ? 1 : 0,
      attempt.at,
      attempt.correct ? 1 : 0,
    ],
  },
  reviewCard: {
    sql: `INSERT INTO review_cards (course_id, student_id, skill_id, card, due) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (course_id, student_id, skill_id) DO UPDATE SET card = excluded.card, due = excluded.due`,
    values: (courseId: string, studentId: string, card: ReviewCard) => [courseId, studentId, card.skillId, JSON.stringify(card), card.due],
  },
  pendingItem: {
    sql: `INSERT INTO pending_items (course_id, student_id, conversation_id, item_id, hints_shown, hint_sources, wrong_attempts, wrong_answers, give_up_offered, asked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (course_id, student_id, conversation_id) DO UPDATE SET item_id = excluded.item_id, hints_shown = excluded.hints_shown,
       hint_sources = excluded.hint_sources, wrong_attempts = excluded.wrong_attempts, wrong_answers = excluded.wrong_answers,
       give_up_offered = excluded.give_up_offered, asked_at = excluded.asked_at`,
    values: (courseId: string, studentId: string, conversationId: string, pending: PendingItem) => [
      courseId,
      studentId,
      conversationId,
      pending.itemId,
      pending.hints.length,
      pending.hints.map((source) => HINT_CODES[source]).join(""),
      pending.wrongAttempts,
      JSON.stringify(pending.wrongAnswers.slice(-MAX_WRONG_ANSWERS)),
      pending.giveUpOffered ? 1 : 0,
      pending.askedAt,
    ],
  },
  /** A delivery claimed (ClaimStore): inserted, or an expired claim of the key taken over; a live one left as it is. */
  claim: {
    sql: `INSERT INTO claims (claim_key, expires_at) VALUES (?, ?)
     ON CONFLICT (claim_key) DO UPDATE SET expires_at = excluded.expires_at WHERE claims.expires_at <= ?`,
    values: (key: string, expiresAt: number, now: number) => [key, expiresAt, now],
  },
  purgeClaims: { sql: "DELETE FROM claims WHERE expires_at <= ?" },
  noPendingItem: {
    sql: "DELETE FROM pending_items WHERE course_id = ? AND student_id = ? AND conversation_id = ?",
    values: (courseId: string, studentId: string, conversationId: string) => [courseId, studentId, conversationId],
  },
} as const;

/** The skill's stored state a graded answer builds on, read inside its transaction; `?`s: course, student, skill. */
export const SKILL_STATE_READS = {
  mastery: "SELECT p_known, override_value FROM mastery WHERE course_id = ? AND student_id = ? AND skill_id = ?",
  reviewCard: "SELECT card FROM review_cards WHERE course_id = ? AND student_id = ? AND skill_id = ?",
} as const;

/**
 * What a graded answer does to its skill, from the state as stored (SKILL_STATE_READS' rows): p(known) builds on a
 * teacher's override when there is one, else the estimate, else the update's prior; the review card on the stored one.
 */
export function applySkillUpdate(
  graded: GradedAnswer,
  stored: Pick<MasteryRow, "p_known" | "override_value"> | undefined,
  storedCard: { card: string } | undefined,
): MasteryChange & { card: ReviewCard | undefined } {
  const pKnownBefore = stored?.override_value ?? stored?.p_known ?? graded.update.prior;
  const pKnownAfter = graded.update.pKnownAfter(pKnownBefore);
  const card = graded.update.reviewCard(storedCard && ReviewCardSchema.parse(JSON.parse(storedCard.card)), pKnownAfter);
  return { pKnownBefore, pKnownAfter, card };
}
