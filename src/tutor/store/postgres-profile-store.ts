import pg from "pg";
import { StoreUnavailableError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { TeachingStyleSchema, type TeachingStyle } from "../../retrieval/content/schema.js";
import { BktParamsSchema, MASTERY_THRESHOLD, type BktParams } from "../mastery/bkt.js";
import { REPEATED_WRONG_MIN, STUCK_MAX_RIGHT, STUCK_MIN_ATTEMPTS, STUCK_WINDOW, type ClassRecords } from "../mastery/class-summary.js";
import { ReviewCardSchema, type ReviewCard } from "../reviews/review-card.js";
import { CLAIM_PURGE_INTERVAL_MS, type ClaimStore } from "./claim-store.js";
import { LOCK_CLASS, migrate } from "./postgres-migrations.js";
import type {
  AnswerPitch,
  Attempt,
  GradedAnswer,
  MasteryChange,
  MemoryEntry,
  PendingItem,
  ProfileStore,
  SkillMastery,
  StudentExport,
} from "./profile-store.js";
import {
  ATTEMPT_FILTERS,
  type AttemptRow,
  type MasteryRow,
  type PendingRow,
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
import { run, runInOneMessage, type Statement, StatementBatcher } from "./postgres-statements.js";
import type { TutoringThreadStore } from "./tutoring-thread-store.js";

/** BIGINT (epoch milliseconds, counts) as a number, as SQLite gives it: every value kept fits in 2^53. */
const INT8_OID = 20;
export const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

/** Node's socket errors when the server cannot be reached or drops the connection. */
const SOCKET_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);
/** SQLSTATEs of a server that is going away or not taking connections: class 08 (connection) and these. */
const SERVER_GONE = new Set(["57P01", "57P02", "57P03", "53300"]);

/** Whether `error` means the database server could not be reached (as opposed to a query it refused). */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (SOCKET_ERRORS.has(code) || SERVER_GONE.has(code) || code.startsWith("08"))) return true;
  // pg's own errors for a connection that ended or never came, which carry no code.
  return /Connection terminated|timeout exceeded when trying to connect|not queryable|Client was closed/i.test(error.message);
}

function unavailableOr(error: unknown): unknown {
  return isConnectionFailure(error) ? new StoreUnavailableError({ cause: error }) : error;
}

export interface PostgresProfileStoreOptions {
  /** `postgres://user:password@host:port/database` (DATABASE_URL). */
  url: string;
  /** Connections in the pool (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** Tells the operator about connections the server ended while idle (a restart): the pool replaces them. */
  log?: Logger;
  /** How long to wait for a connection before the call fails with StoreUnavailableError. */
  connectTimeoutMs?: number;
}

/**
 * Writes (data-modifying WITH clauses) as one statement committed without waiting for the server's disk
 * (synchronous_commit off for its own transaction), as SQLite writes them unsynced: a turn's claim, a question's
 * conversation memory and its answer pitch. Every turn makes some, and a burst of them would otherwise queue on the
 * server's WAL flushes. A server crash (not a restart) may lose the last moment of them: at worst a delivery
 * answered twice, or a conversation that forgets its last exchange; graded answers keep waiting for the disk. The
 * scalar subqueries always run, so the setting always applies; `counted` are clauses whose rows are counted under
 * their own names.
 */
function unsynced(clauses: string, counted: readonly string[] = []): string {
  const counts = ["unsynced", ...counted].map((name) => `(SELECT count(*) FROM ${name}) AS ${name}`);
  return `WITH unsynced AS (SELECT set_config('synchronous_commit', 'off', true)), ${clauses} SELECT ${counts.join(", ")}`;
}

const UNSYNCED_CLAIM = unsynced(`claimed AS (${WRITES.claim.sql} RETURNING 1)`, ["claimed"]);

/**
 * Profiles in a PostgreSQL database, for several tutor processes (or machines) sharing one school's state.
 * Same tables and columns as SqliteProfileStore; the schema is brought up to date at start (postgres-migrations.ts).
 * Every write that must stay together is one transaction on one pooled connection. A server that cannot be
 * reached makes a call fail with StoreUnavailableError (nothing of it kept); the pool connects again by itself.
 */
export class PostgresProfileStore implements ProfileStore, TutoringThreadStore, ClaimStore {
  /** When claimOnce next deletes expired claims (by the callers' clock). */
  private nextClaimPurgeAt = Number.NEGATIVE_INFINITY;

  /** Reads and unsynced writes, sent together when made together. */
  private readonly batcher: StatementBatcher;

  private constructor(private readonly pool: pg.Pool) {
    this.batcher = new StatementBatcher(pool, isConnectionFailure);
  }

  static async open(options: PostgresProfileStoreOptions): Promise<PostgresProfileStore> {
    const size = options.poolSize ?? 10;
    // Every connection is opened at start and kept while idle: a class arriving at once then finds them ready,
    // instead of waiting for the server to start a backend per connection, and a server that cannot take this
    // many says so now rather than under load.
    const pool = new pg.Pool({
      connectionString: options.url,
      max: size,
      min: size,
      types: TYPES,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    });
    // An idle connection the server ended (a restart, an administrator) is an 'error' on the pool: without a
    // listener it would crash the process. The pool drops that client and opens another when one is needed.
    pool.on("error", (error) => options.log?.warn("postgres: an idle connection ended; the pool will reconnect", { error: error.message }));
    // A connection the server ends reports it to whoever holds it (a query, a transaction, the pool's watch over idle
    // ones), and may report it twice: the server's message, then the closed socket. The second can come after the
    // holder let go, with nobody listening, which would crash the process; it says nothing new.
    pool.on("connect", (client) => client.on("error", () => undefined));
    try {
      const client = await pool.connect();
      try {
        await migrate(client);
      } finally {
        client.release();
      }
      await pool.query("DELETE FROM tutoring_threads WHERE last_used_at < $1", [Date.now() - THREAD_RETENTION_MS]);
      await openEveryConnection(pool, size);
    } catch (error) {
      await pool.end();
      const { hostname, port } = new URL(options.url);
      throw isConnectionFailure(error) ? new StoreUnavailableError({ cause: error, server: `${hostname}:${port || 5432}` }) : error;
    }
    return new PostgresProfileStore(pool);
  }

  private async query<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<Row>> {
    try {
      return await run<Row>(this.pool, sql, params);
    } catch (error) {
      throw unavailableOr(error);
    }
  }

  /** A read or an unsynced write: goes to the server with the others made in the same turn of the event loop. */
  private async rows<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row[]> {
    try {
      return (await this.batcher.query<Row>(sql, params)).rows;
    } catch (error) {
      throw unavailableOr(error);
    }
  }

  /**
   * Runs `body` in one transaction on one connection: committed when it returns, rolled back when it throws. With
   * `inItsMessages`, the body's own first message begins it and its last commits it (runInOneMessage), a round trip
   * less each.
   */
  private async transaction<T>(body: (client: pg.PoolClient) => Promise<T>, { inItsMessages = false } = {}): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw unavailableOr(error);
    }
    let broken: Error | undefined;
    // The connection may end between two statements (a server restart): without a listener its 'error' would crash the process.
    const onError = (error: Error) => {
      broken = error;
    };
    client.on("error", onError);
    try {
      if (!inItsMessages) await client.query("BEGIN");
      try {
        const result = await body(client);
        if (!inItsMessages) await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    } catch (error) {
      // A connection that failed is not given back to the pool: release(error) closes it.
      if (isConnectionFailure(error)) broken = error as Error;
      throw unavailableOr(error);
    } finally {
      client.off("error", onError);
      client.release(broken);
    }
  }

  async getMastery(courseId: string, studentId: string): Promise<SkillMastery[]> {
    const rows = await this.rows<MasteryRow>("SELECT * FROM mastery WHERE course_id = $1 AND student_id = $2 ORDER BY skill_id", [
      courseId,
      studentId,
    ]);
    return rows.map(toSkillMastery);
  }

  async getReviewCards(courseId: string, studentId: string): Promise<ReviewCard[]> {
    const rows = await this.rows<{ card: string }>(
      "SELECT card FROM review_cards WHERE course_id = $1 AND student_id = $2 ORDER BY due, skill_id",
      [courseId, studentId],
    );
    return rows.map((row) => ReviewCardSchema.parse(JSON.parse(row.card)));
  }

  async saveReviewCard(courseId: string, studentId: string, card: ReviewCard): Promise<void> {
    const write = reviewCardWrite(courseId, studentId, card);
    await run(this.pool, write.sql, write.values).catch((error) => {
      throw unavailableOr(error);
    });
  }

  async recordAttempt(attempt: Attempt, pKnownAfter: number): Promise<void> {
    // One round trip: BEGIN, the student's lock, the writes, COMMIT.
    await this.transaction(
      (client) =>
        runInOneMessage(client, [
          BEGIN,
          lockStudent(attempt.courseId, attempt.studentId),
          together(attemptWrites(attempt, pKnownAfter)),
          COMMIT,
        ]),
      { inItsMessages: true },
    );
  }

  async recordGradedAnswer(graded: GradedAnswer): Promise<MasteryChange> {
    const { courseId, studentId, skillId } = graded.attempt;
    const key = [courseId, studentId, skillId];
    return this.transaction(
      async (client) => {
        // Two round trips: BEGIN, the lock and both reads; then every write and COMMIT. From the lock to COMMIT no
        // other transaction of this student's (in any process) reads or writes their records: the reads see the last
        // answer committed, and this one's writes land before the next one reads.
        const opened = await runInOneMessage(client, [
          BEGIN,
          lockStudent(courseId, studentId),
          {
            sql: `SELECT mastery.p_known, mastery.override_value, card.card FROM (SELECT 1) AS one
             LEFT JOIN (${SKILL_STATE_READS.mastery}) AS mastery ON TRUE LEFT JOIN (${SKILL_STATE_READS.reviewCard}) AS card ON TRUE`,
            values: [...key, ...key],
          },
        ]);
        const [state] = opened[2]!.rows as Array<{ p_known: number | null; override_value: number | null; card: string | null }>;
        const stored = state?.p_known == null ? undefined : { p_known: state.p_known, override_value: state.override_value };
        const { pKnownBefore, pKnownAfter, card } = applySkillUpdate(
          graded,
          stored,
          state?.card == null ? undefined : { card: state.card },
        );
        await runInOneMessage(client, [
          together([
            ...attemptWrites(graded.attempt, pKnownAfter),
            ...graded.classScopes.map((scope) => ({
              sql: "INSERT INTO class_members (course_id, scope, student_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
              values: [courseId, scope, studentId],
            })),
            ...(card ? [reviewCardWrite(courseId, studentId, card)] : []),
            pendingItemWrite(courseId, studentId, graded.conversationId, graded.pendingAfter),
          ]),
          COMMIT,
        ]);
        return { pKnownBefore, pKnownAfter };
      },
      { inItsMessages: true },
    );
  }

  async setOverride(courseId: string, studentId: string, skillId: string, value: number, reason: string, by: string): Promise<void> {
    const at = Date.now();
    await this.query(
      `INSERT INTO mastery (course_id, student_id, skill_id, p_known, attempts, correct, updated_at, override_value, override_reason, override_by, override_at)
         VALUES ($1, $2, $3, $4, 0, 0, $5, $4, $6, $7, $5)
       ON CONFLICT (course_id, student_id, skill_id) DO UPDATE SET override_value = EXCLUDED.override_value,
         override_reason = EXCLUDED.override_reason, override_by = EXCLUDED.override_by, override_at = EXCLUDED.override_at`,
      [courseId, studentId, skillId, value, at, reason, by],
    );
  }

  async listAttempts(filter: { courseId?: string; studentId?: string; skillId?: string; latestPerSkill?: number }): Promise<Attempt[]> {
    const given = ATTEMPT_FILTERS.filter(({ key }) => filter[key] !== undefined);
    const params: unknown[] = given.map(({ key }) => filter[key]);
    const where = given.length ? `WHERE ${given.map(({ column }, index) => `${column} = $${index + 1}`).join(" AND ")}` : "";
    const rows =
      filter.latestPerSkill === undefined
        ? await this.rows<AttemptRow>(`SELECT * FROM attempts ${where} ORDER BY id`, params)
        : await this.rows<AttemptRow>(
            `SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY course_id, student_id, skill_id ORDER BY id DESC) AS newest
               FROM attempts ${where}) AS latest
             WHERE newest <= $${params.length + 1} ORDER BY id`,
            [...params, filter.latestPerSkill],
          );
    return rows.map(toAttempt);
  }

  async classRecords(courseId: string, scope: string): Promise<ClassRecords> {
    // The class's members who have records in the course; every attempt writes its student's mastery record in the
    // same transaction, so a student with records has one.
    const members = `(SELECT member.student_id FROM class_members AS member
       WHERE member.course_id = $1 AND member.scope = $2
         AND EXISTS (SELECT 1 FROM mastery WHERE mastery.course_id = $1 AND mastery.student_id = member.student_id))`;
    const [{ students }] = (await this.rows<{ students: number }>(`SELECT COUNT(*) AS students FROM ${members} AS members`, [
      courseId,
      scope,
    ])) as [{ students: number }];
    const of = (table: "mastery" | "attempts") => `${table} WHERE ${table}.course_id = $1 AND ${table}.student_id IN ${members}`;
    const value = "COALESCE(mastery.override_value, mastery.p_known)";

    const skills = (
      await this.rows<SkillTotalsRow>(
        `SELECT mastery.skill_id, COUNT(*) AS students, SUM(${value}) AS p_known_sum, COUNT(*) FILTER (WHERE ${value} >= $3) AS mastered,
           SUM(mastery.attempts)::bigint AS answers, SUM(mastery.attempts - mastery.correct)::bigint AS wrong
         FROM ${of("mastery")} AND (mastery.attempts > 0 OR mastery.override_value IS NOT NULL) GROUP BY mastery.skill_id`,
        [courseId, scope, MASTERY_THRESHOLD],
      )
    ).map(toSkillTotals);

    const stuck = (
      await this.rows<StuckRow>(
        `SELECT mastery.student_id, mastery.skill_id, mastery.attempts, ${value} AS p_known, ${recentRight(STUCK_WINDOW)} AS recent_right
         FROM ${of("mastery")} AND mastery.attempts >= $3 AND ${value} < $4 AND ${recentRight(STUCK_WINDOW)} <= $5`,
        [courseId, scope, STUCK_MIN_ATTEMPTS, MASTERY_THRESHOLD, STUCK_MAX_RIGHT],
      )
    ).map(toStuckStudent);

    // Wrong answers grouped by item and answerKey; per item the groups tied for most, with their earliest answer as typed.
    const wrongAnswers = (
      await this.rows<WrongAnswerRow>(
        `WITH grouped AS (
           SELECT attempts.item_id, attempts.answer_key, COUNT(*) AS count, MIN(attempts.id) AS first_id
           FROM ${of("attempts")} AND ${WRONG_ANSWER}
           GROUP BY attempts.item_id, attempts.answer_key),
         items AS (SELECT item_id, MAX(count) AS most, SUM(count)::bigint AS wrong FROM grouped GROUP BY item_id)
         SELECT grouped.item_id, grouped.answer_key, grouped.count, items.wrong, attempts.answer
         FROM grouped JOIN items ON items.item_id = grouped.item_id AND grouped.count = items.most
           JOIN attempts ON attempts.id = grouped.first_id
         WHERE grouped.count >= $3`,
        [courseId, scope, REPEATED_WRONG_MIN],
      )
    ).map(toWrongAnswerGroup);
    return { students, skills, stuck, wrongAnswers };
  }

  async lastAttemptAt(courseId: string, studentId: string): Promise<number | undefined> {
    const [row] = await this.rows<{ at: number | null }>("SELECT MAX(at) AS at FROM attempts WHERE course_id = $1 AND student_id = $2", [
      courseId,
      studentId,
    ]);
    return row?.at ?? undefined;
  }

  async recentItemIds(courseId: string, studentId: string, limit: number): Promise<string[]> {
    const rows = await this.rows<{ item_id: string }>(
      "SELECT item_id FROM attempts WHERE course_id = $1 AND student_id = $2 ORDER BY id DESC LIMIT $3",
      [courseId, studentId, limit],
    );
    return rows.map((row) => row.item_id);
  }

  async getPendingItem(courseId: string, studentId: string, conversationId: string): Promise<PendingItem | undefined> {
    const [row] = await this.rows<PendingRow>(
      "SELECT * FROM pending_items WHERE course_id = $1 AND student_id = $2 AND conversation_id = $3",
      [courseId, studentId, conversationId],
    );
    return row && toPendingItem(row);
  }

  async setPendingItem(courseId: string, studentId: string, conversationId: string, pending: PendingItem | undefined): Promise<void> {
    const write = pendingItemWrite(courseId, studentId, conversationId, pending);
    await run(this.pool, write.sql, write.values).catch((error) => {
      throw unavailableOr(error);
    });
  }

  async getMemory(courseId: string, studentId: string, conversationId: string, limit: number): Promise<MemoryEntry[]> {
    const rows = await this.rows<MemoryEntry>(
      "SELECT role, content, at FROM memory WHERE course_id = $1 AND student_id = $2 AND conversation_id = $3 ORDER BY id DESC LIMIT $4",
      [courseId, studentId, conversationId, limit],
    );
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
    if (list.length === 0) return;
    // One statement, so one round trip and atomic by itself. Its DELETE sees the conversation as it was before
    // the INSERT (one snapshot per statement): it keeps the newest `keep` less the entries being added.
    const rows = list.map((_, index) => `($1, $2, $3, $${5 + index * 3}, $${6 + index * 3}, $${7 + index * 3})`);
    await this.rows(
      unsynced(`added AS (INSERT INTO memory (course_id, student_id, conversation_id, role, content, at) VALUES ${rows.join(", ")} RETURNING id),
       trimmed AS (DELETE FROM memory WHERE course_id = $1 AND student_id = $2 AND conversation_id = $3 AND id NOT IN
         (SELECT id FROM memory WHERE course_id = $1 AND student_id = $2 AND conversation_id = $3 ORDER BY id DESC LIMIT GREATEST($4::int - (SELECT COUNT(*) FROM added), 0)))`),
      [courseId, studentId, conversationId, keep, ...list.flatMap((entry) => [entry.role, entry.content, entry.at])],
    );
  }

  async getSkillParams(courseId: string): Promise<Map<string, BktParams>> {
    const rows = await this.rows<{ skill_id: string; params: string }>("SELECT skill_id, params FROM skill_params WHERE course_id = $1", [
      courseId,
    ]);
    return new Map(rows.map((row) => [row.skill_id, BktParamsSchema.parse(JSON.parse(row.params))]));
  }

  async saveSkillParams(courseId: string, params: Map<string, { params: BktParams; attemptsUsed: number }>): Promise<void> {
    const at = Date.now();
    await this.transaction(async (client) => {
      for (const [skillId, fitted] of params)
        await client.query(
          `INSERT INTO skill_params (course_id, skill_id, params, attempts_used, fitted_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (course_id, skill_id) DO UPDATE SET params = EXCLUDED.params, attempts_used = EXCLUDED.attempts_used, fitted_at = EXCLUDED.fitted_at`,
          [courseId, skillId, JSON.stringify(fitted.params), fitted.attemptsUsed, at],
        );
    });
  }

  async listClassMembers(courseId: string, scope: string): Promise<string[]> {
    const rows = await this.rows<{ student_id: string }>(
      "SELECT student_id FROM class_members WHERE course_id = $1 AND scope = $2 ORDER BY student_id",
      [courseId, scope],
    );
    return rows.map((row) => row.student_id);
  }

  async getAnswerPitch(courseId: string, studentId: string, conversationId: string): Promise<AnswerPitch | undefined> {
    const [row] = await this.rows("SELECT * FROM answer_pitches WHERE course_id = $1 AND student_id = $2 AND conversation_id = $3", [
      courseId,
      studentId,
      conversationId,
    ]);
    return row === undefined ? undefined : toAnswerPitch(row);
  }

  async setAnswerPitch(courseId: string, studentId: string, conversationId: string, pitch: AnswerPitch): Promise<void> {
    await this.rows(
      unsynced(`pitched AS (INSERT INTO answer_pitches (course_id, student_id, conversation_id, question, skill_id, p_known, level, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (course_id, student_id, conversation_id) DO UPDATE SET question = EXCLUDED.question, skill_id = EXCLUDED.skill_id,
         p_known = EXCLUDED.p_known, level = EXCLUDED.level, at = EXCLUDED.at)`),
      [courseId, studentId, conversationId, pitch.question, pitch.skillId, pitch.pKnown, pitch.level, pitch.at],
    );
  }

  async getTeachingStyle(scope: string): Promise<TeachingStyle | undefined> {
    const [row] = await this.rows<{ style: string }>("SELECT style FROM teaching_styles WHERE scope = $1", [scope]);
    return row && TeachingStyleSchema.parse(row.style);
  }

  async setTeachingStyle(scope: string, style: TeachingStyle | undefined): Promise<void> {
    if (style === undefined) await this.query("DELETE FROM teaching_styles WHERE scope = $1", [scope]);
    else
      await this.query(
        "INSERT INTO teaching_styles (scope, style) VALUES ($1, $2) ON CONFLICT (scope) DO UPDATE SET style = EXCLUDED.style",
        [scope, style],
      );
  }

  async rememberThread(threadKey: string, at: number): Promise<void> {
    await this.query(
      "INSERT INTO tutoring_threads (thread_key, last_used_at) VALUES ($1, $2) ON CONFLICT (thread_key) DO UPDATE SET last_used_at = EXCLUDED.last_used_at",
      [threadKey, at],
    );
  }

  async isTutoringThread(threadKey: string): Promise<boolean> {
    return (await this.rows("SELECT 1 FROM tutoring_threads WHERE thread_key = $1", [threadKey])).length > 0;
  }

  async claimOnce(key: string, now: number, expiresAt: number): Promise<boolean> {
    if (now >= this.nextClaimPurgeAt) {
      // Once per interval, beside the claims rather than ahead of them (a burst of turns would each start one);
      // one that fails is tried again at the next claim.
      this.nextClaimPurgeAt = now + CLAIM_PURGE_INTERVAL_MS;
      this.query(WRITES.purgeClaims.sql, [now]).catch(() => {
        this.nextClaimPurgeAt = Number.NEGATIVE_INFINITY;
      });
    }
    // One statement: it inserts the claim, or takes over an expired one; a live claim is left as it is (no row).
    const [row] = await this.rows<{ claimed: string }>(UNSYNCED_CLAIM, WRITES.claim.values(key, expiresAt, now));
    return Number(row?.claimed) === 1;
  }

  async getBinding(scope: string): Promise<string | undefined> {
    const [row] = await this.rows<{ course_id: string }>("SELECT course_id FROM bindings WHERE scope = $1", [scope]);
    return row?.course_id;
  }

  async setBinding(scope: string, courseId: string): Promise<void> {
    await this.query(
      "INSERT INTO bindings (scope, course_id) VALUES ($1, $2) ON CONFLICT (scope) DO UPDATE SET course_id = EXCLUDED.course_id",
      [scope, courseId],
    );
  }

  async exportStudent(studentId: string): Promise<StudentExport> {
    // One snapshot: a graded answer committing meanwhile is in the export whole or not at all.
    const rows = await this.transaction(async (client) => {
      await client.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      const read = Object.entries(STUDENT_EXPORT_QUERIES).map(async ([name, sql]) => [name, (await run(client, sql, [studentId])).rows]);
      return Object.fromEntries(await Promise.all(read)) as StudentRows;
    });
    return toStudentExport(studentId, rows);
  }

  async forgetStudent(studentId: string): Promise<number> {
    return this.transaction(async (client) => {
      let removed = 0;
      for (const table of STUDENT_TABLES)
        removed += (await client.query(`DELETE FROM ${table} WHERE student_id = $1`, [studentId])).rowCount ?? 0;
      return removed;
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * The statement that holds the student's records in the course against every other transaction that takes the same lock (their
 * other graded answers, in this process or another) until this one ends: one student's answers are applied one
 * after the other. Students never wait for each other (beyond a rare hash collision).
 */
function lockStudent(courseId: string, studentId: string): Statement {
  return { sql: "SELECT pg_advisory_xact_lock($1, hashtext($2 || E'\\n' || $3))", values: [LOCK_CLASS.student, courseId, studentId] };
}

const BEGIN: Statement = { sql: "BEGIN", values: [] };
const COMMIT: Statement = { sql: "COMMIT", values: [] };

/** Opens the pool's `size` connections; a server that refuses one is named with the setting to change. */
async function openEveryConnection(pool: pg.Pool, size: number): Promise<void> {
  const opened = await Promise.allSettled(Array.from({ length: size }, () => pool.connect()));
  for (const result of opened) if (result.status === "fulfilled") result.value.release();
  const refused = opened.find((result) => result.status === "rejected");
  if (!refused) return;
  const count = opened.filter((result) => result.status === "fulfilled").length;
  throw new Error(
    `the database server accepted ${count} of the ${size} connections DATABASE_POOL_SIZE asks for (${(refused.reason as Error).message}): lower DATABASE_POOL_SIZE, or raise the server's max_connections to cover every tutor process's pool`,
    { cause: refused.reason },
  );
}

/**
 * Several writes as one statement (each a data-modifying WITH clause), so one round trip: they see one snapshot
 * and must touch different rows, which the writes of one answer do (each its own table).
 */
function together(writes: readonly Statement[]): Statement {
  const clauses = writes.map(({ sql }, index) => `write${index} AS (${sql})`);
  return { sql: `WITH ${clauses.join(", ")} SELECT 1`, values: writes.flatMap(({ values }) => values) };
}

function attemptWrites(attempt: Attempt, pKnownAfter: number): Statement[] {
  return [
    { sql: WRITES.attempt.sql, values: WRITES.attempt.values(attempt) },
    { sql: WRITES.masteryAfterAttempt.sql, values: WRITES.masteryAfterAttempt.values(attempt, pKnownAfter) },
  ];
}

function reviewCardWrite(courseId: string, studentId: string, card: ReviewCard): Statement {
  return { sql: WRITES.reviewCard.sql, values: WRITES.reviewCard.values(courseId, studentId, card) };
}

function pendingItemWrite(courseId: string, studentId: string, conversationId: string, pending: PendingItem | undefined): Statement {
  return pending
    ? { sql: WRITES.pendingItem.sql, values: WRITES.pendingItem.values(courseId, studentId, conversationId, pending) }
    : { sql: WRITES.noPendingItem.sql, values: WRITES.noPendingItem.values(courseId, studentId, conversationId) };
}
