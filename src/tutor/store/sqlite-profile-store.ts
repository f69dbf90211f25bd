import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";
import { TeachingStyleSchema, type TeachingStyle } from "../../retrieval/content/schema.js";
import { BktParamsSchema, type BktParams } from "../mastery/bkt.js";
import { ReviewCardSchema, type ReviewCard } from "../reviews/review-card.js";
import {
  MAX_WRONG_ANSWERS,
  type AnswerPitch,
  type Attempt,
  type HintSource,
  type MemoryEntry,
  type PendingItem,
  type ProfileStore,
  type SkillMastery,
  type StudentExport,
} from "./profile-store.js";
import type { TutoringThreadStore } from "./tutoring-thread-store.js";

/** A thread nobody wrote in for this long is forgotten at the next start: a follow-up there needs a mention again. */
const THREAD_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS mastery (
  course_id TEXT NOT NULL, student_id TEXT NOT NULL, skill_id TEXT NOT NULL,
  p_known REAL NOT NULL, attempts INTEGER NOT NULL, correct INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  override_value REAL, override_reason TEXT, override_by TEXT, override_at INTEGER,
  PRIMARY KEY (course_id, student_id, skill_id)
);
CREATE TABLE IF NOT EXISTS attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  course_id TEXT NOT NULL, student_id TEXT NOT NULL, skill_id TEXT NOT NULL, item_id TEXT NOT NULL,
  correct INTEGER NOT NULL, answer TEXT NOT NULL, hints_used INTEGER NOT NULL, at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_student ON attempts (course_id, student_id, at);
CREATE TABLE IF NOT EXISTS pending_items (
  course_id TEXT NOT NULL, student_id TEXT NOT NULL, conversation_id TEXT NOT NULL,
  item_id TEXT NOT NULL, hints_shown INTEGER NOT NULL, wrong_attempts INTEGER NOT NULL, asked_at INTEGER NOT NULL,
  PRIMARY KEY (course_id, student_id, conversation_id)
);
CREATE TABLE IF NOT EXISTS memory (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  course_id TEXT NOT NULL, student_id TEXT NOT NULL, conversation_id TEXT NOT NULL,
  role TEXT NOT NULL, content TEXT NOT NULL, at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS memory_by_conversation ON memory (course_id, student_id, conversation_id, id);
CREATE TABLE IF NOT EXISTS skill_params (
  course_id TEXT NOT NULL, skill_id TEXT NOT NULL, params TEXT NOT NULL, attempts_used INTEGER NOT NULL, fitted_at INTEGER NOT NULL,
  PRIMARY KEY (course_id, skill_id)
);
CREATE TABLE IF NOT EXISTS bindings (scope TEXT PRIMARY KEY, course_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS class_members (
  course_id TEXT NOT NULL, scope TEXT NOT NULL, student_id TEXT NOT NULL,
  PRIMARY KEY (course_id, scope, student_id)
);
CREATE INDEX IF NOT EXISTS class_members_by_student ON class_members (student_id);
CREATE TABLE IF NOT EXISTS teaching_styles (scope TEXT PRIMARY KEY, style TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answer_pitches (
  course_id TEXT NOT NULL, student_id TEXT NOT NULL, conversation_id TEXT NOT NULL,
  question TEXT NOT NULL, skill_id TEXT NOT NULL, p_known REAL NOT NULL, level TEXT NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY (course_id, student_id, conversation_id)
);
CREATE TABLE IF NOT EXISTS tutoring_threads (thread_key TEXT PRIMARY KEY, last_used_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS review_cards (
  course_id TEXT NOT NULL, student_id TEXT NOT NULL, skill_id TEXT NOT NULL, card TEXT NOT NULL, due INTEGER NOT NULL,
  PRIMARY KEY (course_id, student_id, skill_id)
);
`;

/** Columns added after a table was first released: databases made before them get them here. */
const ADDED_COLUMNS: Array<{ table: string; column: string; definition: string }> = [
  { table: "pending_items", column: "wrong_answers", definition: "TEXT NOT NULL DEFAULT '[]'" },
  { table: "pending_items", column: "hint_sources", definition: "TEXT NOT NULL DEFAULT ''" },
];

function addMissingColumns(db: Database.Database): void {
  for (const { table, column, definition } of ADDED_COLUMNS) {
    const columns = db.pragma(`table_info(${table})`) as Array<{ name: string }>;
    if (!columns.some(({ name }) => name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
}

const WrongAnswersSchema = z.array(z.string());
const AnswerPitchRowSchema = z.object({
  question: z.string(),
  skill_id: z.string(),
  p_known: z.number(),
  level: z.enum(["novice", "developing", "proficient"]),
  at: z.number(),
});

interface PendingRow {
  course_id: string;
  conversation_id: string;
  item_id: string;
  hints_shown: number;
  hint_sources: string;
  wrong_attempts: number;
  wrong_answers: string;
  asked_at: number;
}

/** One letter per hint in `hint_sources`. */
const HINT_CODES: Record<HintSource, string> = { asked: "a", guard: "g" };

function toPendingItem(row: PendingRow): PendingItem {
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
    askedAt: row.asked_at,
  };
}

function toAnswerPitch(row: unknown): AnswerPitch {
  const parsed = AnswerPitchRowSchema.parse(row);
  return { question: parsed.question, skillId: parsed.skill_id, pKnown: parsed.p_known, level: parsed.level, at: parsed.at };
}

interface MasteryRow {
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

interface AttemptRow {
  course_id: string;
  student_id: string;
  skill_id: string;
  item_id: string;
  correct: number;
  answer: string;
  hints_used: number;
  at: number;
}

function toSkillMastery(row: MasteryRow): SkillMastery {
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

/**
 * Profiles in one SQLite file. WAL journaling with synchronous=FULL: a write that returned is on disk,
 * so an attempt the student saw acknowledged survives a crash. busy_timeout waits out another process
 * (e.g. `npm run mastery -- fit`) holding the lock instead of failing.
 */
export class SqliteProfileStore implements ProfileStore, TutoringThreadStore {
  private readonly db: Database.Database;
  /** better-sqlite3 compiles a statement on every prepare(): each SQL text is compiled once here. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file, { timeout: 5000 });
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.exec(SCHEMA);
    addMissingColumns(this.db);
    this.db.prepare("DELETE FROM tutoring_threads WHERE last_used_at < ?").run(Date.now() - THREAD_RETENTION_MS);
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  getMastery(courseId: string, studentId: string): SkillMastery[] {
    const rows = this.statement("SELECT * FROM mastery WHERE course_id = ? AND student_id = ? ORDER BY skill_id").all(
      courseId,
      studentId,
    ) as MasteryRow[];
    return rows.map(toSkillMastery);
  }

  listCourseMastery(courseId: string): Array<SkillMastery & { studentId: string }> {
    const rows = this.statement("SELECT * FROM mastery WHERE course_id = ? ORDER BY student_id, skill_id").all(courseId) as Array<
      MasteryRow & { student_id: string }
    >;
    return rows.map((row) => ({ studentId: row.student_id, ...toSkillMastery(row) }));
  }

  getReviewCards(courseId: string, studentId: string): ReviewCard[] {
    const rows = this.statement("SELECT card FROM review_cards WHERE course_id = ? AND student_id = ? ORDER BY due, skill_id").all(
      courseId,
      studentId,
    ) as Array<{ card: string }>;
    return rows.map((row) => ReviewCardSchema.parse(JSON.parse(row.card)));
  }

  saveReviewCard(courseId: string, studentId: string, card: ReviewCard): void {
    this.statement(
      `INSERT INTO review_cards (course_id, student_id, skill_id, card, due) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (course_id, student_id, skill_id) DO UPDATE SET card = excluded.card, due = excluded.due`,
    ).run(courseId, studentId, card.skillId, JSON.stringify(card), card.due);
  }

  recordAttempt(attempt: Attempt, pKnownAfter: number): void {
    this.db.transaction(() => {
      this.statement(
        "INSERT INTO attempts (course_id, student_id, skill_id, item_id, correct, answer, hints_used, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ).run(
        attempt.courseId,
        attempt.studentId,
        attempt.skillId,
        attempt.itemId,
        attempt.correct ? 1 : 0,
        attempt.answer,
        attempt.hintsUsed,
        attempt.at,
      );
      // A new attempt is new evidence: it ends any teacher override of this skill.
      this.statement(
        `INSERT INTO mastery (course_id, student_id, skill_id, p_known, attempts, correct, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)
           ON CONFLICT (course_id, student_id, skill_id) DO UPDATE SET p_known = excluded.p_known, attempts = attempts + 1,
             correct = correct + excluded.correct, updated_at = excluded.updated_at,
             override_value = NULL, override_reason = NULL, override_by = NULL, override_at = NULL`,
      ).run(attempt.courseId, attempt.studentId, attempt.skillId, pKnownAfter, attempt.correct ? 1 : 0, attempt.at);
    })();
  }

  setOverride(courseId: string, studentId: string, skillId: string, value: number, reason: string, by: string): void {
    const at = Date.now();
    this.statement(
      `INSERT INTO mastery (course_id, student_id, skill_id, p_known, attempts, correct, updated_at, override_value, override_reason, override_by, override_at)
         VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)
         ON CONFLICT (course_id, student_id, skill_id) DO UPDATE SET override_value = excluded.override_value,
           override_reason = excluded.override_reason, override_by = excluded.override_by, override_at = excluded.override_at`,
    ).run(courseId, studentId, skillId, value, at, value, reason, by, at);
  }

  listAttempts(filter: { courseId?: string; studentId?: string; skillId?: string; latestPerSkill?: number }): Attempt[] {
    const where = `(@courseId IS NULL OR course_id = @courseId) AND (@studentId IS NULL OR student_id = @studentId) AND (@skillId IS NULL OR skill_id = @skillId)`;
    const params = { courseId: filter.courseId ?? null, studentId: filter.studentId ?? null, skillId: filter.skillId ?? null };
    const rows = (
      filter.latestPerSkill === undefined
        ? this.statement(`SELECT * FROM attempts WHERE ${where} ORDER BY id`).all(params)
        : this.statement(
            `SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY course_id, student_id, skill_id ORDER BY id DESC) AS newest FROM attempts WHERE ${where})
             WHERE newest <= @latest ORDER BY id`,
          ).all({ ...params, latest: filter.latestPerSkill })
    ) as AttemptRow[];
    return rows.map((row) => ({
      courseId: row.course_id,
      studentId: row.student_id,
      skillId: row.skill_id,
      itemId: row.item_id,
      correct: row.correct === 1,
      answer: row.answer,
      hintsUsed: row.hints_used,
      at: row.at,
    }));
  }

  lastAttemptAt(courseId: string, studentId: string): number | undefined {
    const row = this.statement("SELECT MAX(at) AS at FROM attempts WHERE course_id = ? AND student_id = ?").get(courseId, studentId) as {
      at: number | null;
    };
    return row.at ?? undefined;
  }

  recentItemIds(courseId: string, studentId: string, limit: number): string[] {
    const rows = this.statement("SELECT item_id FROM attempts WHERE course_id = ? AND student_id = ? ORDER BY id DESC LIMIT ?").all(
      courseId,
      studentId,
      limit,
    ) as Array<{ item_id: string }>;
    return rows.map((row) => row.item_id);
  }

  getPendingItem(courseId: string, studentId: string, conversationId: string): PendingItem | undefined {
    const row = this.statement("SELECT * FROM pending_items WHERE course_id = ? AND student_id = ? AND conversation_id = ?").get(
      courseId,
      studentId,
      conversationId,
    ) as PendingRow | undefined;
    return row && toPendingItem(row);
  }

  setPendingItem(courseId: string, studentId: string, conversationId: string, pending: PendingItem | undefined): void {
    if (!pending) {
      this.statement("DELETE FROM pending_items WHERE course_id = ? AND student_id = ? AND conversation_id = ?").run(
        courseId,
        studentId,
        conversationId,
      );
      return;
    }
    this.statement(
      `INSERT INTO pending_items (course_id, student_id, conversation_id, item_id, hints_shown, hint_sources, wrong_attempts, wrong_answers, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (course_id, student_id, conversation_id) DO UPDATE SET item_id = excluded.item_id, hints_shown = excluded.hints_shown,
           hint_sources = excluded.hint_sources, wrong_attempts = excluded.wrong_attempts, wrong_answers = excluded.wrong_answers, asked_at = excluded.asked_at`,
    ).run(
      courseId,
      studentId,
      conversationId,
      pending.itemId,
      pending.hints.length,
      pending.hints.map((source) => HINT_CODES[source]).join(""),
      pending.wrongAttempts,
      JSON.stringify(pending.wrongAnswers.slice(-MAX_WRONG_ANSWERS)),
      pending.askedAt,
    );
  }

  getMemory(courseId: string, studentId: string, conversationId: string, limit: number): MemoryEntry[] {
    const rows = this.statement(
      "SELECT role, content, at FROM memory WHERE course_id = ? AND student_id = ? AND conversation_id = ? ORDER BY id DESC LIMIT ?",
    ).all(courseId, studentId, conversationId, limit) as MemoryEntry[];
    return rows.reverse();
  }

  appendMemory(
    courseId: string,
    studentId: string,
    conversationId: string,
    entries: MemoryEntry | readonly MemoryEntry[],
    keep: number,
  ): void {
    const list: readonly MemoryEntry[] = Array.isArray(entries) ? entries : [entries as MemoryEntry];
    this.db.transaction(() => {
      const insert = this.statement(
        "INSERT INTO memory (course_id, student_id, conversation_id, role, content, at) VALUES (?, ?, ?, ?, ?, ?)",
      );
      for (const entry of list) insert.run(courseId, studentId, conversationId, entry.role, entry.content, entry.at);
      this.statement(
        `DELETE FROM memory WHERE course_id = ? AND student_id = ? AND conversation_id = ? AND id NOT IN
           (SELECT id FROM memory WHERE course_id = ? AND student_id = ? AND conversation_id = ? ORDER BY id DESC LIMIT ?)`,
      ).run(courseId, studentId, conversationId, courseId, studentId, conversationId, keep);
    })();
  }

  getSkillParams(courseId: string): Map<string, BktParams> {
    const rows = this.statement("SELECT skill_id, params FROM skill_params WHERE course_id = ?").all(courseId) as Array<{
      skill_id: string;
      params: string;
    }>;
    return new Map(rows.map((row) => [row.skill_id, BktParamsSchema.parse(JSON.parse(row.params))]));
  }

  saveSkillParams(courseId: string, params: Map<string, { params: BktParams; attemptsUsed: number }>): void {
    const upsert = this.statement(
      `INSERT INTO skill_params (course_id, skill_id, params, attempts_used, fitted_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (course_id, skill_id) DO UPDATE SET params = excluded.params, attempts_used = excluded.attempts_used, fitted_at = excluded.fitted_at`,
    );
    const at = Date.now();
    this.db.transaction(() => {
      for (const [skillId, fitted] of params) upsert.run(courseId, skillId, JSON.stringify(fitted.params), fitted.attemptsUsed, at);
    })();
  }

  joinClass(courseId: string, studentId: string, scopes: readonly string[]): void {
    const insert = this.statement("INSERT OR IGNORE INTO class_members (course_id, scope, student_id) VALUES (?, ?, ?)");
    this.db.transaction(() => {
      for (const scope of scopes) insert.run(courseId, scope, studentId);
    })();
  }

  listClassMembers(courseId: string, scope: string): string[] {
    const rows = this.statement("SELECT student_id FROM class_members WHERE course_id = ? AND scope = ? ORDER BY student_id").all(
      courseId,
      scope,
    ) as Array<{ student_id: string }>;
    return rows.map((row) => row.student_id);
  }

  getAnswerPitch(courseId: string, studentId: string, conversationId: string): AnswerPitch | undefined {
    const row = this.statement("SELECT * FROM answer_pitches WHERE course_id = ? AND student_id = ? AND conversation_id = ?").get(
      courseId,
      studentId,
      conversationId,
    );
    return row === undefined ? undefined : toAnswerPitch(row);
  }

  setAnswerPitch(courseId: string, studentId: string, conversationId: string, pitch: AnswerPitch): void {
    this.statement(
      `INSERT INTO answer_pitches (course_id, student_id, conversation_id, question, skill_id, p_known, level, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (course_id, student_id, conversation_id) DO UPDATE SET question = excluded.question, skill_id = excluded.skill_id,
         p_known = excluded.p_known, level = excluded.level, at = excluded.at`,
    ).run(courseId, studentId, conversationId, pitch.question, pitch.skillId, pitch.pKnown, pitch.level, pitch.at);
  }

  getTeachingStyle(scope: string): TeachingStyle | undefined {
    const row = this.statement("SELECT style FROM teaching_styles WHERE scope = ?").get(scope) as { style: string } | undefined;
    return row && TeachingStyleSchema.parse(row.style);
  }

  setTeachingStyle(scope: string, style: TeachingStyle | undefined): void {
    if (style === undefined) this.statement("DELETE FROM teaching_styles WHERE scope = ?").run(scope);
    else
      this.statement(
        "INSERT INTO teaching_styles (scope, style) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET style = excluded.style",
      ).run(scope, style);
  }

  rememberThread(threadKey: string, at: number): void {
    this.statement(
      "INSERT INTO tutoring_threads (thread_key, last_used_at) VALUES (?, ?) ON CONFLICT (thread_key) DO UPDATE SET last_used_at = excluded.last_used_at",
    ).run(threadKey, at);
  }

  isTutoringThread(threadKey: string): boolean {
    return this.statement("SELECT 1 FROM tutoring_threads WHERE thread_key = ?").get(threadKey) !== undefined;
  }

  getBinding(scope: string): string | undefined {
    const row = this.statement("SELECT course_id FROM bindings WHERE scope = ?").get(scope) as { course_id: string } | undefined;
    return row?.course_id;
  }

  setBinding(scope: string, courseId: string): void {
    this.statement(
      "INSERT INTO bindings (scope, course_id) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET course_id = excluded.course_id",
    ).run(scope, courseId);
  }

  exportStudent(studentId: string): StudentExport {
    const mastery = this.statement("SELECT * FROM mastery WHERE student_id = ? ORDER BY course_id, skill_id").all(studentId) as Array<
      MasteryRow & { course_id: string }
    >;
    const pending = this.statement("SELECT * FROM pending_items WHERE student_id = ?").all(studentId) as PendingRow[];
    const pitches = this.statement("SELECT * FROM answer_pitches WHERE student_id = ? ORDER BY course_id, conversation_id").all(
      studentId,
    ) as Array<{ course_id: string; conversation_id: string }>;
    const memory = this.statement("SELECT course_id, conversation_id, role, content, at FROM memory WHERE student_id = ? ORDER BY id").all(
      studentId,
    ) as Array<{ course_id: string; conversation_id: string; role: "user" | "assistant"; content: string; at: number }>;
    const reviews = this.statement("SELECT course_id, card FROM review_cards WHERE student_id = ? ORDER BY course_id, skill_id").all(
      studentId,
    ) as Array<{ course_id: string; card: string }>;
    const classes = this.statement("SELECT course_id, scope FROM class_members WHERE student_id = ? ORDER BY course_id, scope").all(
      studentId,
    ) as Array<{ course_id: string; scope: string }>;
    return {
      studentId,
      mastery: mastery.map((row) => ({ courseId: row.course_id, ...toSkillMastery(row) })),
      attempts: this.listAttempts({ studentId }),
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

  forgetStudent(studentId: string): number {
    return this.db.transaction(() => {
      let removed = 0;
      for (const table of ["mastery", "attempts", "pending_items", "memory", "review_cards", "class_members", "answer_pitches"]) {
        removed += this.statement(`DELETE FROM ${table} WHERE student_id = ?`).run(studentId).changes;
      }
      return removed;
    })();
  }

  close(): void {
    this.db.close();
  }
}
