import { z } from "zod";
import { normalizeAnswer } from "../mastery/class-summary.js";
import { GAVE_UP_ANSWER, type AnswerPitch, type Attempt, type HintSource, type PendingItem, type SkillMastery } from "./profile-store.js";

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
