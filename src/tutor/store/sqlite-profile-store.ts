import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { TeachingStyleSchema, type TeachingStyle } from "../../retrieval/content/schema.js";
import { BktParamsSchema, MASTERY_THRESHOLD, type BktParams } from "../mastery/bkt.js";
import {
  normalizeAnswer,
  REPEATED_WRONG_MIN,
  STUCK_MAX_RIGHT,
  STUCK_MIN_ATTEMPTS,
  STUCK_WINDOW,
  type ClassRecords,
} from "../mastery/class-summary.js";
import { ReviewCardSchema, type ReviewCard } from "../reviews/review-card.js";
import {
  GAVE_UP_ANSWER,
  type AnswerPitch,
  type Attempt,
  type GradedAnswer,
  type MasteryChange,
  type MemoryEntry,
  type PendingItem,
  type ProfileStore,
  type SkillMastery,
  type StudentExport,
} from "./profile-store.js";
import {
  ATTEMPT_FILTERS,
  type AttemptRow,
  type MasteryRow,
  type PendingRow,
  RECENT_OUTCOMES_KEPT,
  recentRight,
  THREAD_RETENTION_MS,
  toAnswerPitch,
  toAttempt,
  toPendingItem,
  toSkillMastery,
  WRONG_ANSWER,
  WRITES,
  applySkillUpdate,
  SKILL_STATE_READS,
  STUDENT_EXPORT_QUERIES,
  STUDENT_TABLES,
  type StudentRows,
  toStudentExport,
  toSkillTotals,
  toStuckStudent,
  toWrongAnswerGroup,
  type SkillTotalsRow,
  type StuckRow,
  type WrongAnswerRow,
} from "./store-rows.js";
import { CLAIM_PURGE_INTERVAL_MS, type ClaimStore } from "./claim-store.js";
import type { TutoringThreadStore } from "./tutoring-thread-store.js";
import { LOCK_WAIT_MS, waitingForLock } from "./wait-for-lock.js";
import { startWalCheckpointer, type WalCheckpointOptions } from "./wal-checkpointer.js";

/** When the WAL is copied into the database file, off the request path (startWalCheckpointer). */
const WAL_CHECKPOINTS: Omit<WalCheckpointOptions, "restartWaitMs"> = { everyMs: 100, walLimitBytes: 64 * 2 ** 20 };
/** SQLite's own default, in force again should the checkpoint thread stop. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

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
CREATE TABLE IF NOT EXISTS claims (claim_key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS claims_by_expiry ON claims (expires_at);
-- The SQL each derived object (DERIVED_OBJECTS) was last made with: followDerivedDefinitions
CREATE TABLE IF NOT EXISTS derived_definitions (name TEXT PRIMARY KEY, definition TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS review_cards (
  course_id TEXT NOT NULL, student_id TEXT NOT NULL, skill_id TEXT NOT NULL, card TEXT NOT NULL, due INTEGER NOT NULL,
  PRIMARY KEY (course_id, student_id, skill_id)
);
`;

/**
 * Each index serves the queries named beside it, so that every filter the tutor puts on the attempt log is a
 * search, never a scan of the whole log (test/store/query-plans.test.ts checks the plans). Within equal keys,
 * entries are in rowid (attempt) order. Made before ADDED_COLUMNS fill theirs from the attempt log (they read on them).
 */
const INDEXES = `
-- lastAttemptAt, recentItemIds
CREATE INDEX IF NOT EXISTS attempts_by_student ON attempts (course_id, student_id, at);
-- listAttempts by course, student and skill; the latest N per skill (/progress)
CREATE INDEX IF NOT EXISTS attempts_by_skill ON attempts (course_id, student_id, skill_id);
-- exportStudent, forgetStudent
CREATE INDEX IF NOT EXISTS attempts_of_student ON attempts (student_id);
-- exportStudent, forgetStudent
CREATE INDEX IF NOT EXISTS mastery_of_student ON mastery (student_id);
`;

/**
 * A stuck (student, skill) record (ClassRecords.stuck), the constants written out: the condition of the partial index
 * stuck_students, which SQLite uses only for a query that says the same.
 */
const STUCK = `mastery.attempts >= ${STUCK_MIN_ATTEMPTS} AND COALESCE(mastery.override_value, mastery.p_known) < ${MASTERY_THRESHOLD}
  AND ${recentRight(STUCK_WINDOW)} <= ${STUCK_MAX_RIGHT}`;

/** Indexes on ADDED_COLUMNS, made once they are there. */
const INDEXES_ON_ADDED_COLUMNS = `
-- the earliest wrong answer left in a group of wrong_answer_counts once one is deleted; its fill; /class of a class (by member)
CREATE INDEX IF NOT EXISTS wrong_answers_by_item ON attempts (course_id, item_id, answer_key, correct, hints_used)
  WHERE ${WRONG_ANSWER};
CREATE INDEX IF NOT EXISTS wrong_answers_by_student ON attempts (course_id, student_id, item_id, answer_key, correct, hints_used)
  WHERE ${WRONG_ANSWER};
-- read every record of a course for /class, before skill_totals and stuck_students; dropped, as it slowed every graded answer down
DROP INDEX IF EXISTS mastery_by_skill;
`;

/** Columns added after a table was first released: databases made before them get them here, filled in by `fill`. */
const ADDED_COLUMNS: Array<{ table: string; column: string; definition: string; fill?: string }> = [
  { table: "pending_items", column: "wrong_answers", definition: "TEXT NOT NULL DEFAULT '[]'" },
  { table: "pending_items", column: "hint_sources", definition: "TEXT NOT NULL DEFAULT ''" },
  { table: "pending_items", column: "give_up_offered", definition: "INTEGER NOT NULL DEFAULT 0" },
  // The skill's last RECENT_OUTCOMES_KEPT first answers, newest in bit 0 (1: right), kept with the counters so that `/class` finds
  // stuck students in the mastery records alone. Filled from the attempt log (reading attempts_by_skill).
  {
    table: "mastery",
    column: "recent_outcomes",
    definition: "INTEGER NOT NULL DEFAULT 0",
    fill: `UPDATE mastery SET recent_outcomes = COALESCE((SELECT SUM(correct << (newest - 1)) FROM (
             SELECT correct, ROW_NUMBER() OVER (ORDER BY id DESC) AS newest FROM attempts
             WHERE course_id = mastery.course_id AND student_id = mastery.student_id AND skill_id = mastery.skill_id
             ORDER BY id DESC LIMIT ${RECENT_OUTCOMES_KEPT})), 0)`,
  },
  // The answer as `/class` groups it (answerKey), kept with the attempt so that the grouping is an index.
  {
    table: "attempts",
    column: "answer_key",
    definition: "TEXT",
    fill: `UPDATE attempts SET answer_key = CASE WHEN answer = '${GAVE_UP_ANSWER}' THEN NULL ELSE normalize_answer(answer) END`,
  },
];

/** A wrong first answer `/class` counts (WRONG_ANSWER), of the row a trigger is given. */
const wrongAnswerOf = (row: "NEW" | "OLD") => `${row}.correct = 0 AND ${row}.hints_used = 0 AND ${row}.answer_key IS NOT NULL`;
const WRONG_ANSWER_GROUP_OF_OLD = "course_id = OLD.course_id AND item_id = OLD.item_id AND answer_key = OLD.answer_key";

/** A mastery record `/class` sums up (SkillTotals): the skill was answered, or a teacher set it. */
const practised = (row: "NEW" | "OLD" | "mastery") => `(${row}.attempts > 0 OR ${row}.override_value IS NOT NULL)`;
/**
 * skill_totals sums p(known) as two whole numbers, its multiples of 2^-40 (p_known_units) and what is left of it in
 * multiples of 2^-80 (p_known_fraction), so that a sum kept by adding and taking away records stays exact whatever
 * their order (a REAL sum would drift with every update): every p(known) of 2^-28 or more is a whole number of
 * 2^-80, and 2^23 records per skill fit in 64 bits.
 */
const P_KNOWN_UNIT = 2 ** 40;
/** What one mastery record adds to its skill's totals, column by column (skill_totals). */
const skillTotalsOf = (row: "NEW" | "OLD" | "mastery") => {
  const value = `COALESCE(${row}.override_value, ${row}.p_known)`;
  const units = `CAST(${value} * ${P_KNOWN_UNIT} AS INTEGER)`;
  return {
    students: "1",
    p_known_units: units,
    p_known_fraction: `CAST(ROUND((${value} * ${P_KNOWN_UNIT} - ${units}) * ${P_KNOWN_UNIT}) AS INTEGER)`,
    mastered: `(${value} >= ${MASTERY_THRESHOLD})`,
    answers: `${row}.attempts`,
    wrong: `${row}.attempts - ${row}.correct`,
  };
};
const SKILL_TOTALS = Object.keys(skillTotalsOf("NEW"));
const addSkillTotalsOf = (row: "NEW") =>
  `INSERT INTO skill_totals (course_id, skill_id, ${SKILL_TOTALS.join(", ")})
     SELECT ${row}.course_id, ${row}.skill_id, ${Object.values(skillTotalsOf(row)).join(", ")} WHERE ${practised(row)}
     ON CONFLICT (course_id, skill_id) DO UPDATE SET ${SKILL_TOTALS.map((column) => `${column} = ${column} + excluded.${column}`).join(", ")};`;
const takeSkillTotalsOf = (row: "OLD") =>
  `UPDATE skill_totals SET ${Object.entries(skillTotalsOf(row))
    .map(([column, value]) => `${column} = ${column} - (${value})`)
    .join(", ")}
     WHERE course_id = ${row}.course_id AND skill_id = ${row}.skill_id AND ${practised(row)};`;

/** Whether the student of a mastery row has another record in its course (the row itself left out, in or out of the table). */
const otherRecordOf = (row: "NEW" | "OLD") =>
  `EXISTS (SELECT 1 FROM mastery WHERE course_id = ${row}.course_id AND student_id = ${row}.student_id AND rowid <> ${row}.rowid)`;
const addStudentOf = (row: "NEW") =>
  `INSERT INTO course_totals (course_id, students) SELECT ${row}.course_id, 1 WHERE NOT ${otherRecordOf(row)}
     ON CONFLICT (course_id) DO UPDATE SET students = students + 1;`;
const takeStudentOf = (row: "OLD") =>
  `UPDATE course_totals SET students = students - 1 WHERE course_id = ${row}.course_id AND NOT ${otherRecordOf(row)};`;

/**
 * Tables derived from the attempt log or the mastery records, made and filled from them when a database is opened
 * without them or with another definition of them (followDerivedDefinitions), then kept by triggers in the transaction
 * of each write to their source.
 */
const DERIVED_TABLES: Array<{ table: string; create: string; fill: string }> = [
  // `/class` of a whole course: its wrong first answers counted per item and answerKey, with the earliest one's attempt
  // (its answer as typed), so that it reads a few counts instead of grouping every wrong answer in the log.
  // A deleted attempt (forgetStudent) leaves its count, and the earliest answer is then the earliest one left.
  {
    table: "wrong_answer_counts",
    create: `
      CREATE TABLE wrong_answer_counts (
        course_id TEXT NOT NULL, item_id TEXT NOT NULL, answer_key TEXT NOT NULL, count INTEGER NOT NULL, first_attempt_id INTEGER NOT NULL,
        PRIMARY KEY (course_id, item_id, answer_key)
      );
      -- per item, its wrong answers in all and the count of the most given, read from the index alone
      CREATE INDEX wrong_answer_counts_by_count ON wrong_answer_counts (course_id, item_id, count);
      CREATE TRIGGER wrong_answer_counted AFTER INSERT ON attempts WHEN ${wrongAnswerOf("NEW")} BEGIN
        INSERT INTO wrong_answer_counts (course_id, item_id, answer_key, count, first_attempt_id)
          VALUES (NEW.course_id, NEW.item_id, NEW.answer_key, 1, NEW.id)
          ON CONFLICT (course_id, item_id, answer_key) DO UPDATE SET count = count + 1;
      END;
      CREATE TRIGGER wrong_answer_uncounted AFTER DELETE ON attempts WHEN ${wrongAnswerOf("OLD")} BEGIN
        UPDATE wrong_answer_counts SET count = count - 1, first_attempt_id = CASE WHEN first_attempt_id <> OLD.id THEN first_attempt_id
            ELSE COALESCE((SELECT MIN(id) FROM attempts WHERE ${WRONG_ANSWER_GROUP_OF_OLD} AND ${WRONG_ANSWER}), 0) END
          WHERE ${WRONG_ANSWER_GROUP_OF_OLD};
        DELETE FROM wrong_answer_counts WHERE ${WRONG_ANSWER_GROUP_OF_OLD} AND count <= 0;
      END;`,
    fill: `INSERT INTO wrong_answer_counts (course_id, item_id, answer_key, count, first_attempt_id)
             SELECT course_id, item_id, answer_key, COUNT(*), MIN(id) FROM attempts WHERE ${WRONG_ANSWER} GROUP BY course_id, item_id, answer_key`,
  },
  // `/class` of a whole course: per skill, its practised records summed up (SkillTotals), so that it reads one row per skill
  // instead of every record of the course. A skill whose records are all gone keeps a row of zeros (read past).
  {
    table: "skill_totals",
    create: `
      CREATE TABLE skill_totals (
        course_id TEXT NOT NULL, skill_id TEXT NOT NULL, students INTEGER NOT NULL, p_known_units INTEGER NOT NULL,
        p_known_fraction INTEGER NOT NULL, mastered INTEGER NOT NULL, answers INTEGER NOT NULL, wrong INTEGER NOT NULL,
        PRIMARY KEY (course_id, skill_id)
      );
      CREATE TRIGGER skill_totals_added AFTER INSERT ON mastery BEGIN ${addSkillTotalsOf("NEW")} END;
      CREATE TRIGGER skill_totals_updated AFTER UPDATE ON mastery BEGIN ${takeSkillTotalsOf("OLD")} ${addSkillTotalsOf("NEW")} END;
      CREATE TRIGGER skill_totals_removed AFTER DELETE ON mastery BEGIN ${takeSkillTotalsOf("OLD")} END;`,
    fill: `INSERT INTO skill_totals (course_id, skill_id, ${SKILL_TOTALS.join(", ")})
             SELECT course_id, skill_id, ${Object.values(skillTotalsOf("mastery"))
               .map((value) => `SUM(${value})`)
               .join(", ")}
             FROM mastery WHERE ${practised("mastery")} GROUP BY course_id, skill_id`,
  },
  // `/class`: how many students have records in the course, so that it tells a class of the whole course from a smaller
  // one without counting the course's records. A row's student counts when it is their first record in the course.
  {
    table: "course_totals",
    create: `
      CREATE TABLE course_totals (course_id TEXT PRIMARY KEY, students INTEGER NOT NULL);
      CREATE TRIGGER course_student_added AFTER INSERT ON mastery BEGIN ${addStudentOf("NEW")} END;
      CREATE TRIGGER course_student_removed AFTER DELETE ON mastery BEGIN ${takeStudentOf("OLD")} END;
      CREATE TRIGGER course_student_moved AFTER UPDATE OF course_id, student_id ON mastery BEGIN
        ${takeStudentOf("OLD")} ${addStudentOf("NEW")}
      END;`,
    fill: "INSERT INTO course_totals (course_id, students) SELECT course_id, COUNT(DISTINCT student_id) FROM mastery GROUP BY course_id",
  },
];

/**
 * What the store derives from its tables and keeps for `/class`, each with the SQL that creates and fills it: the
 * derived tables (with their triggers and indexes), and the partial index of stuck students, whose condition is
 * STUCK's word for word (a query that says otherwise does not use it). Made after ADDED_COLUMNS, which they read.
 */
const DERIVED_OBJECTS: Array<{ type: "table" | "index"; name: string; definition: string }> = [
  ...DERIVED_TABLES.map(({ table, create, fill }) => ({ type: "table" as const, name: table, definition: `${create}\n${fill};` })),
  // `/class` of a whole course: its stuck students alone, read whole from the index
  {
    type: "index",
    name: "stuck_students",
    definition: `CREATE INDEX stuck_students ON mastery (course_id, student_id, skill_id, attempts, p_known, override_value, recent_outcomes)
  WHERE ${STUCK}`,
  },
];

/** The triggers a definition creates: they are on its source tables, so dropping the derived table leaves them behind. */
const triggersOf = (definition: string) => [...definition.matchAll(/CREATE TRIGGER (\w+)/g)].map((match) => match[1]!);

/**
 * Makes each derived object as its definition in this code says, recorded in derived_definitions. A database made by
 * a version whose definition differs (another MASTERY_THRESHOLD or STUCK_* constant, another trigger), or before
 * definitions were recorded, would otherwise keep that version's triggers and sums (`/class` silently wrong) or its
 * index (no longer the query's condition, so unused): the object is dropped, its triggers with it (named in the
 * recorded definition and the current one), made again and filled. An object found missing is made the same way.
 */
function followDerivedDefinitions(db: Database.Database): void {
  const recorded = db.prepare(
    `SELECT definition, EXISTS (SELECT 1 FROM sqlite_master WHERE type = @type AND name = @name) AS present
     FROM derived_definitions WHERE name = @name`,
  );
  for (const { type, name, definition } of DERIVED_OBJECTS) {
    const read = () => recorded.get({ type, name }) as { definition: string; present: number } | undefined;
    changeOnce(
      db,
      () => {
        const found = read();
        return Boolean(found?.present) && found?.definition === definition;
      },
      () => {
        const triggers = new Set([...triggersOf(read()?.definition ?? ""), ...triggersOf(definition)]);
        for (const trigger of triggers) db.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
        db.exec(`DROP ${type.toUpperCase()} IF EXISTS ${name}`);
        db.exec(definition);
        db.prepare(
          "INSERT INTO derived_definitions (name, definition) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET definition = excluded.definition",
        ).run(name, definition);
      },
    );
  }
}

/**
 * A schema change made once, by whichever process opening the file gets there first. `isDone` is looked at without a
 * lock, so an open that finds everything done takes no write lock; otherwise again inside an IMMEDIATE transaction
 * before `change`: two processes opening a new file at once take turns, and the second finds it done.
 */
function changeOnce(db: Database.Database, isDone: () => boolean, change: () => void): void {
  if (isDone()) return;
  db.transaction(() => {
    if (!isDone()) change();
  }).immediate();
}

/**
 * Puts the file in WAL mode, once: later opens find it so and change nothing. Switching needs the file to itself, and
 * SQLite answers a process that opens it while another is in its own start-up with SQLITE_BUSY at once, without its
 * busy timeout: the switch is tried again until `waitMs` have passed (start-up; no student is served yet).
 */
function useWal(db: Database.Database, waitMs: number): void {
  const giveUpAt = Date.now() + waitMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      if (db.pragma("journal_mode", { simple: true }) !== "wal") db.pragma("journal_mode = WAL");
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() >= giveUpAt) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}

function addMissingColumns(db: Database.Database): void {
  for (const { table, column, definition, fill } of ADDED_COLUMNS) {
    changeOnce(
      db,
      () => (db.pragma(`table_info(${table})`) as Array<{ name: string }>).some(({ name }) => name === column),
      () => {
        db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
        if (fill) db.exec(fill);
      },
    );
  }
}

/**
 * Profiles in one SQLite file. WAL journaling with synchronous=FULL: a write that returned is on disk,
 * so an attempt the student saw acknowledged survives a crash (claims, conversation memory and answer pitches are
 * the exception, see `unsynced`). While another process (e.g. `npm run mastery -- fit`)
 * holds the write lock, a call waits for it on timers (waitingForLock), never on the event loop.
 */
export class SqliteProfileStore implements ProfileStore, TutoringThreadStore, ClaimStore {
  private readonly db: Database.Database;
  /** better-sqlite3 compiles a statement on every prepare(): each SQL text is compiled once here. */
  private readonly statements = new Map<string, Database.Statement>();
  private readonly lockWaitMs: number;
  private readonly checkpointer: { close(): Promise<void> } | undefined;
  /** When claimOnce next deletes expired claims (by the callers' clock). */
  private nextClaimPurgeAt = Number.NEGATIVE_INFINITY;

  /**
   * Every asynchronous method (the store's interface) waits out another connection's lock and is then run again
   * whole (waitingForLock): its writes are one statement or one transaction, which SQLite rolled back when it was
   * refused. The synchronous helpers run inside those methods' transactions and are never retried alone.
   */
  static {
    const AsyncFunction = (async () => {}).constructor;
    const methods = SqliteProfileStore.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const name of Object.getOwnPropertyNames(methods)) {
      const method = methods[name];
      if (!(method instanceof AsyncFunction)) continue;
      methods[name] = function (this: SqliteProfileStore, ...args: unknown[]) {
        return waitingForLock(() => method!.apply(this, args), this.lockWaitMs);
      };
    }
  }

  /**
   * `traceSql` is given every statement as it runs, its parameters filled in (for debugging, and the query-plan test);
   * `lockWaitMs` bounds a call's wait for another connection's lock (then StoreBusyError); `walCheckpoints` tunes
   * when the WAL is copied into the database file.
   */
  constructor(
    file: string,
    options: { traceSql?: (sql: string) => void; lockWaitMs?: number; walCheckpoints?: Partial<typeof WAL_CHECKPOINTS> } = {},
  ) {
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
    this.lockWaitMs = options.lockWaitMs ?? LOCK_WAIT_MS;
    // Start-up (the schema and its migrations) may wait on SQLite's busy timeout: no student is served yet.
    this.db = new Database(file, {
      timeout: this.lockWaitMs,
      ...(options.traceSql ? { verbose: (sql) => options.traceSql!(String(sql)) } : {}),
    });
    useWal(this.db, this.lockWaitMs);
    this.db.pragma("synchronous = FULL");
    this.db.function("normalize_answer", { deterministic: true }, (answer) => normalizeAnswer(String(answer)));
    this.db.exec(SCHEMA);
    this.db.exec(INDEXES);
    addMissingColumns(this.db);
    this.db.exec(INDEXES_ON_ADDED_COLUMNS);
    followDerivedDefinitions(this.db);
    this.db.prepare("DELETE FROM tutoring_threads WHERE last_used_at < ?").run(Date.now() - THREAD_RETENTION_MS);
    // From here on SQLITE_BUSY comes back at once and waitingForLock waits on timers instead.
    this.db.pragma("busy_timeout = 0");
    if (file !== ":memory:") this.checkpointer = this.checkpointOffRequestPath(file, { ...WAL_CHECKPOINTS, ...options.walCheckpoints });
  }

  /**
   * SQLite's auto-checkpoint runs inside the commit of whichever write crosses its threshold: that student's graded
   * answer waited for the copy and a sync of the database file (grading p99 20 ms at a school's scale instead of 2).
   * A thread of its own checkpoints instead; should it stop, auto-checkpoint takes over again. A WAL started over
   * is cut back to the limit (journal_size_limit), so its file does not keep the size of its largest burst.
   */
  private checkpointOffRequestPath(file: string, checkpoints: typeof WAL_CHECKPOINTS) {
    this.db.pragma(`journal_size_limit = ${checkpoints.walLimitBytes}`);
    this.db.pragma("wal_autocheckpoint = 0");
    return startWalCheckpointer(file, { ...checkpoints, restartWaitMs: this.lockWaitMs }, () => {
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
    });
  }

  /**
   * Runs `write` without waiting for the disk's sync (synchronous=NORMAL, FULL again after): in WAL mode it survives
   * the process, not a power cut. For what a turn writes besides a graded answer (a claim, conversation memory, an
   * answer's pitch): the sync would cost the turn most of a millisecond on the event loop, every other student waiting
   * (a busy disk, many), while losing the last of these to a power cut costs at most a repeated answer or a
   * forgotten exchange. Graded answers, overrides and the rest stay synced.
   */
  private unsynced<T>(write: () => T): T {
    // Through statement(): db.pragma() compiles its statement on every call, and this runs on every turn.
    this.statement("PRAGMA synchronous = NORMAL").run();
    try {
      return write();
    } finally {
      this.statement("PRAGMA synchronous = FULL").run();
    }
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async getMastery(courseId: string, studentId: string): Promise<SkillMastery[]> {
    const rows = this.statement("SELECT * FROM mastery WHERE course_id = ? AND student_id = ? ORDER BY skill_id").all(
      courseId,
      studentId,
    ) as MasteryRow[];
    return rows.map(toSkillMastery);
  }

  async getReviewCards(courseId: string, studentId: string): Promise<ReviewCard[]> {
    const rows = this.statement("SELECT card FROM review_cards WHERE course_id = ? AND student_id = ? ORDER BY due, skill_id").all(
      courseId,
      studentId,
    ) as Array<{ card: string }>;
    return rows.map((row) => ReviewCardSchema.parse(JSON.parse(row.card)));
  }

  async saveReviewCard(courseId: string, studentId: string, card: ReviewCard): Promise<void> {
    this.writeReviewCard(courseId, studentId, card);
  }

  async recordAttempt(attempt: Attempt, pKnownAfter: number): Promise<void> {
    this.db.transaction(() => this.writeAttempt(attempt, pKnownAfter)).immediate();
  }

  async recordGradedAnswer(graded: GradedAnswer): Promise<MasteryChange> {
    const { courseId, studentId, skillId } = graded.attempt;
    // IMMEDIATE takes the write lock at BEGIN, before the reads: no other process can write this skill in between.
    return this.db
      .transaction((): MasteryChange => {
        const key = [courseId, studentId, skillId];
        const { pKnownBefore, pKnownAfter, card } = applySkillUpdate(
          graded,
          this.statement(SKILL_STATE_READS.mastery).get(key) as Pick<MasteryRow, "p_known" | "override_value"> | undefined,
          this.statement(SKILL_STATE_READS.reviewCard).get(key) as { card: string } | undefined,
        );
        this.writeAttempt(graded.attempt, pKnownAfter);
        this.writeClassMembership(courseId, studentId, graded.classScopes);
        if (card) this.writeReviewCard(courseId, studentId, card);
        this.writePendingItem(courseId, studentId, graded.conversationId, graded.pendingAfter);
        return { pKnownBefore, pKnownAfter };
      })
      .immediate();
  }

  private writeAttempt(attempt: Attempt, pKnownAfter: number): void {
    this.statement(WRITES.attempt.sql).run(WRITES.attempt.values(attempt));
    this.statement(WRITES.masteryAfterAttempt.sql).run(WRITES.masteryAfterAttempt.values(attempt, pKnownAfter));
  }

  private writeReviewCard(courseId: string, studentId: string, card: ReviewCard): void {
    this.statement(WRITES.reviewCard.sql).run(WRITES.reviewCard.values(courseId, studentId, card));
  }

  async setOverride(courseId: string, studentId: string, skillId: string, value: number, reason: string, by: string): Promise<void> {
    const at = Date.now();
    this.statement(
      `INSERT INTO mastery (course_id, student_id, skill_id, p_known, attempts, correct, updated_at, override_value, override_reason, override_by, override_at)
         VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)
         ON CONFLICT (course_id, student_id, skill_id) DO UPDATE SET override_value = excluded.override_value,
           override_reason = excluded.override_reason, override_by = excluded.override_by, override_at = excluded.override_at`,
    ).run(courseId, studentId, skillId, value, at, value, reason, by, at);
  }

  async listAttempts(filter: { courseId?: string; studentId?: string; skillId?: string; latestPerSkill?: number }): Promise<Attempt[]> {
    // One statement per combination of filters given, so that each is a search on an index (INDEXES):
    // `(@x IS NULL OR column = @x)` in one shared statement made SQLite scan the whole log for every one.
    const given = ATTEMPT_FILTERS.filter(({ key }) => filter[key] !== undefined);
    const where = given.length ? `WHERE ${given.map(({ key, column }) => `${column} = @${key}`).join(" AND ")}` : "";
    const params = Object.fromEntries(given.map(({ key }) => [key, filter[key]]));
    const rows = (
      filter.latestPerSkill === undefined
        ? this.statement(`SELECT * FROM attempts ${where} ORDER BY id`).all(params)
        : this.statement(
            `SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY course_id, student_id, skill_id ORDER BY id DESC) AS newest FROM attempts ${where})
             WHERE newest <= @latest ORDER BY id`,
          ).all({ ...params, latest: filter.latestPerSkill })
    ) as AttemptRow[];
    return rows.map(toAttempt);
  }

  async classRecords(courseId: string, scope: string): Promise<ClassRecords> {
    const { students, course_students } = this.statement(
      `SELECT (SELECT COUNT(*) FROM class_members AS member WHERE member.course_id = @courseId AND member.scope = @scope
                 AND EXISTS (SELECT 1 FROM mastery WHERE course_id = @courseId AND student_id = member.student_id)) AS students,
              COALESCE((SELECT students FROM course_totals WHERE course_id = @courseId), 0) AS course_students`,
    ).get({ courseId, scope }) as { students: number; course_students: number };
    // Every attempt writes its student's mastery record in the same transaction: a student with records has one.
    // A class of the whole course (a school's server) reads the totals the triggers keep (skill_totals, course_totals,
    // wrong_answer_counts) and its stuck students alone from their index (stuck_students); any other class reads its
    // members' records, member after member (CROSS JOIN keeps that order; INDEXED BY names the primary key's index,
    // which the planner passes over for a covering one without statistics).
    const wholeCourse = students === course_students;
    const params = wholeCourse ? { courseId } : { courseId, scope };
    const of = (table: "mastery" | "attempts") =>
      wholeCourse
        ? `${table} WHERE ${table}.course_id = @courseId`
        : `class_members AS member CROSS JOIN ${table} ${table === "mastery" ? "INDEXED BY sqlite_autoindex_mastery_1" : ""} ON ${table}.course_id = member.course_id AND ${table}.student_id = member.student_id
           WHERE member.course_id = @courseId AND member.scope = @scope`;
    const value = "COALESCE(mastery.override_value, mastery.p_known)";

    // Per skill and per stuck student, from the mastery records alone: their counters and recent outcomes are written with each
    // attempt. For a whole course, the skills' totals as the triggers keep them (skill_totals).
    const skills = (
      wholeCourse
        ? this.statement(
            `SELECT skill_id, students, p_known_units / ${P_KNOWN_UNIT}.0 + p_known_fraction / ${P_KNOWN_UNIT}.0 / ${P_KNOWN_UNIT}.0 AS p_known_sum, mastered, answers, wrong
             FROM skill_totals WHERE course_id = @courseId AND students > 0`,
          ).all(params)
        : this.statement(
            `SELECT mastery.skill_id, COUNT(*) AS students, SUM(${value}) AS p_known_sum, SUM(${value} >= @threshold) AS mastered,
               SUM(mastery.attempts) AS answers, SUM(mastery.attempts - mastery.correct) AS wrong
             FROM ${of("mastery")} AND ${practised("mastery")} GROUP BY mastery.skill_id`,
          ).all({ ...params, threshold: MASTERY_THRESHOLD })
    ) as SkillTotalsRow[];

    const stuck = (
      this.statement(
        `SELECT mastery.student_id, mastery.skill_id, mastery.attempts, ${value} AS p_known, ${recentRight(STUCK_WINDOW)} AS recent_right
         FROM ${of("mastery")} AND ${STUCK}`,
      ).all(params) as StuckRow[]
    ).map(toStuckStudent);

    // Wrong answers grouped by item and answerKey (for a whole course, counted as they were written); per item the
    // groups tied for most, with their earliest answer as typed.
    const grouped = wholeCourse
      ? "SELECT item_id, answer_key, count, first_attempt_id AS first_id FROM wrong_answer_counts WHERE course_id = @courseId"
      : `SELECT attempts.item_id, attempts.answer_key, COUNT(*) AS count, MIN(attempts.id) AS first_id
         FROM ${of("attempts")} AND ${WRONG_ANSWER}
         GROUP BY attempts.item_id, attempts.answer_key`;
    const wrongAnswers = (
      this.statement(
        `WITH grouped AS (${grouped}),
         items AS (SELECT item_id, MAX(count) AS most, SUM(count) AS wrong FROM grouped GROUP BY item_id)
         SELECT grouped.item_id, grouped.answer_key, grouped.count, items.wrong, attempts.answer
         FROM grouped JOIN items ON items.item_id = grouped.item_id AND grouped.count = items.most
           JOIN attempts ON attempts.id = grouped.first_id
         WHERE grouped.count >= @repeated`,
      ).all({ ...params, repeated: REPEATED_WRONG_MIN }) as WrongAnswerRow[]
    ).map(toWrongAnswerGroup);
    return { students, skills: skills.map(toSkillTotals), stuck, wrongAnswers };
  }

  async lastAttemptAt(courseId: string, studentId: string): Promise<number | undefined> {
    const row = this.statement("SELECT MAX(at) AS at FROM attempts WHERE course_id = ? AND student_id = ?").get(courseId, studentId) as {
      at: number | null;
    };
    return row.at ?? undefined;
  }

  async recentItemIds(courseId: string, studentId: string, limit: number): Promise<string[]> {
    const rows = this.statement("SELECT item_id FROM attempts WHERE course_id = ? AND student_id = ? ORDER BY id DESC LIMIT ?").all(
      courseId,
      studentId,
      limit,
    ) as Array<{ item_id: string }>;
    return rows.map((row) => row.item_id);
  }

  async getPendingItem(courseId: string, studentId: string, conversationId: string): Promise<PendingItem | undefined> {
    const row = this.statement("SELECT * FROM pending_items WHERE course_id = ? AND student_id = ? AND conversation_id = ?").get(
      courseId,
      studentId,
      conversationId,
    ) as PendingRow | undefined;
    return row && toPendingItem(row);
  }

  async setPendingItem(courseId: string, studentId: string, conversationId: string, pending: PendingItem | undefined): Promise<void> {
    this.writePendingItem(courseId, studentId, conversationId, pending);
  }

  private writePendingItem(courseId: string, studentId: string, conversationId: string, pending: PendingItem | undefined): void {
    if (pending) this.statement(WRITES.pendingItem.sql).run(WRITES.pendingItem.values(courseId, studentId, conversationId, pending));
    else this.statement(WRITES.noPendingItem.sql).run(WRITES.noPendingItem.values(courseId, studentId, conversationId));
  }

  async getMemory(courseId: string, studentId: string, conversationId: string, limit: number): Promise<MemoryEntry[]> {
    const rows = this.statement(
      "SELECT role, content, at FROM memory WHERE course_id = ? AND student_id = ? AND conversation_id = ? ORDER BY id DESC LIMIT ?",
    ).all(courseId, studentId, conversationId, limit) as MemoryEntry[];
    return rows.reverse();
  }

  async appendMemory(
    courseId: string,
    studentId: string,
    conversationId: string,
    entries: MemoryEntry | readonly MemoryEntry[],
    keep: number,
  ): Promise<void> {
    const list: readonly MemoryEntry[] = Array.isArray(entries) ? entries : [entries as MemoryEntry];
    this.unsynced(() =>
      this.db.transaction(() => {
        const insert = this.statement(
          "INSERT INTO memory (course_id, student_id, conversation_id, role, content, at) VALUES (?, ?, ?, ?, ?, ?)",
        );
        for (const entry of list) insert.run(courseId, studentId, conversationId, entry.role, entry.content, entry.at);
        this.statement(
          `DELETE FROM memory WHERE course_id = ? AND student_id = ? AND conversation_id = ? AND id NOT IN
             (SELECT id FROM memory WHERE course_id = ? AND student_id = ? AND conversation_id = ? ORDER BY id DESC LIMIT ?)`,
        ).run(courseId, studentId, conversationId, courseId, studentId, conversationId, keep);
      })(),
    );
  }

  async getSkillParams(courseId: string): Promise<Map<string, BktParams>> {
    const rows = this.statement("SELECT skill_id, params FROM skill_params WHERE course_id = ?").all(courseId) as Array<{
      skill_id: string;
      params: string;
    }>;
    return new Map(rows.map((row) => [row.skill_id, BktParamsSchema.parse(JSON.parse(row.params))]));
  }

  async saveSkillParams(courseId: string, params: Map<string, { params: BktParams; attemptsUsed: number }>): Promise<void> {
    const upsert = this.statement(
      `INSERT INTO skill_params (course_id, skill_id, params, attempts_used, fitted_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (course_id, skill_id) DO UPDATE SET params = excluded.params, attempts_used = excluded.attempts_used, fitted_at = excluded.fitted_at`,
    );
    const at = Date.now();
    this.db.transaction(() => {
      for (const [skillId, fitted] of params) upsert.run(courseId, skillId, JSON.stringify(fitted.params), fitted.attemptsUsed, at);
    })();
  }

  private writeClassMembership(courseId: string, studentId: string, scopes: readonly string[]): void {
    const insert = this.statement("INSERT OR IGNORE INTO class_members (course_id, scope, student_id) VALUES (?, ?, ?)");
    for (const scope of scopes) insert.run(courseId, scope, studentId);
  }

  async listClassMembers(courseId: string, scope: string): Promise<string[]> {
    const rows = this.statement("SELECT student_id FROM class_members WHERE course_id = ? AND scope = ? ORDER BY student_id").all(
      courseId,
      scope,
    ) as Array<{ student_id: string }>;
    return rows.map((row) => row.student_id);
  }

  async getAnswerPitch(courseId: string, studentId: string, conversationId: string): Promise<AnswerPitch | undefined> {
    const row = this.statement("SELECT * FROM answer_pitches WHERE course_id = ? AND student_id = ? AND conversation_id = ?").get(
      courseId,
      studentId,
      conversationId,
    );
    return row === undefined ? undefined : toAnswerPitch(row);
  }

  async setAnswerPitch(courseId: string, studentId: string, conversationId: string, pitch: AnswerPitch): Promise<void> {
    this.unsynced(() =>
      this.statement(
        `INSERT INTO answer_pitches (course_id, student_id, conversation_id, question, skill_id, p_known, level, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (course_id, student_id, conversation_id) DO UPDATE SET question = excluded.question, skill_id = excluded.skill_id,
           p_known = excluded.p_known, level = excluded.level, at = excluded.at`,
      ).run(courseId, studentId, conversationId, pitch.question, pitch.skillId, pitch.pKnown, pitch.level, pitch.at),
    );
  }

  async getTeachingStyle(scope: string): Promise<TeachingStyle | undefined> {
    const row = this.statement("SELECT style FROM teaching_styles WHERE scope = ?").get(scope) as { style: string } | undefined;
    return row && TeachingStyleSchema.parse(row.style);
  }

  async setTeachingStyle(scope: string, style: TeachingStyle | undefined): Promise<void> {
    if (style === undefined) this.statement("DELETE FROM teaching_styles WHERE scope = ?").run(scope);
    else
      this.statement(
        "INSERT INTO teaching_styles (scope, style) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET style = excluded.style",
      ).run(scope, style);
  }

  async rememberThread(threadKey: string, at: number): Promise<void> {
    this.statement(
      "INSERT INTO tutoring_threads (thread_key, last_used_at) VALUES (?, ?) ON CONFLICT (thread_key) DO UPDATE SET last_used_at = excluded.last_used_at",
    ).run(threadKey, at);
  }

  async isTutoringThread(threadKey: string): Promise<boolean> {
    return this.statement("SELECT 1 FROM tutoring_threads WHERE thread_key = ?").get(threadKey) !== undefined;
  }

  async claimOnce(key: string, now: number, expiresAt: number): Promise<boolean> {
    return this.unsynced(() => {
      if (now >= this.nextClaimPurgeAt) {
        this.statement(WRITES.purgeClaims.sql).run(now);
        this.nextClaimPurgeAt = now + CLAIM_PURGE_INTERVAL_MS;
      }
      // One statement: it inserts the claim, or takes over an expired one; a live claim is left as it is (no change).
      return this.statement(WRITES.claim.sql).run(...WRITES.claim.values(key, expiresAt, now)).changes === 1;
    });
  }

  async getBinding(scope: string): Promise<string | undefined> {
    const row = this.statement("SELECT course_id FROM bindings WHERE scope = ?").get(scope) as { course_id: string } | undefined;
    return row?.course_id;
  }

  async setBinding(scope: string, courseId: string): Promise<void> {
    this.statement(
      "INSERT INTO bindings (scope, course_id) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET course_id = excluded.course_id",
    ).run(scope, courseId);
  }

  async exportStudent(studentId: string): Promise<StudentExport> {
    // One read transaction: a graded answer committed meanwhile by another process is in the export whole or not at all.
    const rows = this.db.transaction(
      () =>
        Object.fromEntries(
          Object.entries(STUDENT_EXPORT_QUERIES).map(([name, sql]) => [name, this.statement(sql).all(studentId)]),
        ) as unknown as StudentRows,
    )();
    return toStudentExport(studentId, rows);
  }

  async forgetStudent(studentId: string): Promise<number> {
    return this.db.transaction(() => {
      let removed = 0;
      for (const table of STUDENT_TABLES) removed += this.statement(`DELETE FROM ${table} WHERE student_id = ?`).run(studentId).changes;
      return removed;
    })();
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    this.db.close();
  }
}
