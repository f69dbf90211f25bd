import { readFileSync, writeFileSync } from "node:fs";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runStoreCli } from "../../src/cli/store.js";
import { TYPES } from "../../src/tutor/store/postgres-profile-store.js";
import type { ClaimStore } from "../../src/tutor/store/claim-store.js";
import type { ProfileStore } from "../../src/tutor/store/profile-store.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import { STORE_TABLES, TABLES_NOT_MOVED } from "../../src/tutor/store/store-tables.js";
import type { TutoringThreadStore } from "../../src/tutor/store/tutoring-thread-store.js";
import { COURSE, populateClassTerm, SCHOOL } from "../support/class-term.js";
import { createTestDatabase, describeWithPostgres } from "../support/test-database.js";

type Rows = Record<string, unknown>[];

/**
 * A school's records written through the store's own interface: a term of graded answers (students, courses,
 * attempts, mastery, class members, review cards), teachers' overrides, pending items with hints and wrong answers,
 * conversations, fitted parameters, bindings, teaching styles, threads, answer pitches and a delivery's claim.
 */
async function populateSchool(store: ProfileStore & TutoringThreadStore & ClaimStore): Promise<void> {
  await populateClassTerm(store, 11);
  await store.setOverride(COURSE, "test:user:3", "lists", 0.9, "oral exam — «passed»", "discord:user:42");
  await store.setPendingItem(COURSE, "test:user:1", "dm", {
    itemId: "loops-2",
    hints: ["asked", "guard"],
    wrongAttempts: 2,
    wrongAnswers: ["range(10)", 'print("hi")\n'],
    giveUpOffered: true,
    askedAt: 5_000,
  });
  await store.setPendingItem("c2", "test:user:2", "discord:thread:9", {
    itemId: "lists-0",
    hints: [],
    wrongAttempts: 0,
    wrongAnswers: [],
    askedAt: 6_000,
  });
  await store.appendMemory(
    COURSE,
    "test:user:1",
    "dm",
    [
      { role: "user", content: "Pourquoi `range(1, 10)` s'arrête à 9 ? 🤔", at: 7_000 },
      { role: "assistant", content: "Bonne question.\nQu'en penses-tu ?", at: 7_001 },
    ],
    12,
  );
  await store.appendMemory("c2", "test:user:2", "discord:thread:9", { role: "user", content: "列表是什么？", at: 8_000 }, 12);
  await store.saveReviewCard(COURSE, "test:user:5", {
    skillId: "strings",
    due: 1_900_000_000_000,
    stability: 3.25,
    difficulty: 5.5,
    reps: 2,
    lapses: 1,
    state: 2,
    scheduledDays: 3,
    lastReview: 1_800_000_000_000,
  });
  await store.saveSkillParams(
    COURSE,
    new Map([["loops", { params: { prior: 0.2, learn: 0.15, guess: 0.2, slip: 0.1, forget: 0 }, attemptsUsed: 40 }]]),
  );
  await store.setBinding(SCHOOL, COURSE);
  await store.setBinding("slack:channel:C1", "c2");
  await store.setTeachingStyle(SCHOOL, "direct");
  await store.rememberThread("discord:thread:9", Date.now());
  await store.claimOnce("slack:event:Ev1", Date.now(), Date.now() + 24 * 60 * 60 * 1000);
  await store.setAnswerPitch(COURSE, "test:user:1", "dm", {
    question: "What does range(3) give?",
    skillId: "loops",
    pKnown: 0.4375,
    level: "developing",
    at: 9_000,
  });
}

/** Every table of a SQLite file, read with a connection of its own, in key order. */
function sqliteTables(file: string): Record<string, Rows> {
  const db = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(
      STORE_TABLES.map((table) => [table.name, db.prepare(`SELECT * FROM ${table.name} ORDER BY ${table.key.join(", ")}`).all() as Rows]),
    );
  } finally {
    db.close();
  }
}

async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, types: TYPES });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

async function postgresTables(url: string): Promise<Record<string, Rows>> {
  return withClient(url, async (client) => {
    const tables: Record<string, Rows> = {};
    for (const table of STORE_TABLES)
      tables[table.name] = (await client.query(`SELECT * FROM ${table.name} ORDER BY ${table.key.join(", ")}`)).rows;
    return tables;
  });
}

/** Every table and its columns, from SQLite's own catalog. */
function sqliteCatalog(file: string): Record<string, string[]> {
  const db = new Database(file, { readonly: true });
  try {
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    return Object.fromEntries(
      names.map((name) => [name, (db.pragma(`table_info(${name})`) as Array<{ name: string }>).map((column) => column.name).sort()]),
    );
  } finally {
    db.close();
  }
}

async function postgresCatalog(url: string): Promise<Record<string, string[]>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()",
    );
    const catalog: Record<string, string[]> = {};
    for (const row of rows) catalog[row.table_name] = [...(catalog[row.table_name] ?? []), row.column_name].sort();
    return catalog;
  });
}

/** What the export moves: every table of STORE_TABLES with its columns. */
const moved = () => Object.fromEntries(STORE_TABLES.map((table) => [table.name, table.columns.map((column) => column.name).sort()]));
const withoutNotMoved = (catalog: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(catalog).filter(([name]) => !(name in TABLES_NOT_MOVED)));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runStoreCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line), env: {} });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const rowCounts = (tables: Record<string, Rows>) => Object.values(tables).reduce((sum, rows) => sum + rows.length, 0);

let template: string;
let dir: string;
let original: string;
beforeAll(async () => {
  template = await mkdtemp(path.join(os.tmpdir(), "store-transfer-school-"));
  const store = new SqliteProfileStore(path.join(template, "school.db"));
  await populateSchool(store);
  await store.close();
});
afterAll(async () => {
  await rm(template, { recursive: true, force: true });
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "store-transfer-"));
  original = path.join(dir, "school.db");
  await copyFile(path.join(template, "school.db"), original);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("npm run store -- export|import between SQLite files", () => {
  it("moves every table row by row, and exports the copy to the same file", async () => {
    const tables = sqliteTables(original);
    for (const table of STORE_TABLES) expect(tables[table.name], `${table.name} is populated`).not.toHaveLength(0);
    expect(withoutNotMoved(sqliteCatalog(original))).toEqual(moved());

    const exported = path.join(dir, "school.jsonl");
    const exportRun = await cli("export", "--out", exported, "--database-url", `sqlite:${original}`);
    expect(exportRun).toMatchObject({ code: 0, err: "" });
    expect(exportRun.out).toContain(`exported ${rowCounts(tables)} rows`);

    const copy = path.join(dir, "copy", "tutor.db");
    expect(await cli("import", "--in", exported, "--database-url", copy)).toMatchObject({ code: 0, err: "" });
    expect(sqliteTables(copy)).toEqual(tables);
    // SQLite's derived counts of wrong answers and totals of the mastery records are not moved: its triggers count the imported rows again.
    const counts = (file: string) => {
      const db = new Database(file, { readonly: true });
      return ["wrong_answer_counts", "skill_totals", "course_totals"].map((table) =>
        db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all(),
      );
    };
    expect(counts(copy)).toEqual(counts(original));
    for (const rows of counts(copy)) expect(rows).not.toHaveLength(0);
    const again = path.join(dir, "again.jsonl");
    expect(await cli("export", "--out", again, "--database-url", `sqlite:${copy}`)).toMatchObject({ code: 0 });
    expect(readFileSync(again, "utf8")).toBe(readFileSync(exported, "utf8"));

    // The numbering continues after the imported ids: a new attempt comes after the last one moved.
    const reopened = new SqliteProfileStore(copy);
    await reopened.recordAttempt(
      {
        courseId: COURSE,
        studentId: "test:user:new",
        skillId: "loops",
        itemId: "loops-0",
        correct: true,
        answer: "B",
        hintsUsed: 0,
        at: 99_999,
      },
      0.5,
    );
    await reopened.close();
    const ids = sqliteTables(copy).attempts!.map((row) => row.id as number);
    expect(ids.at(-1)).toBe(Math.max(...tables.attempts!.map((row) => row.id as number)) + 1);
  });

  it("refuses to import into a store that holds rows, and changes nothing there", async () => {
    const exported = path.join(dir, "school.jsonl");
    await cli("export", "--out", exported, "--database-url", original);
    const before = sqliteTables(original);
    const run = await cli("import", "--in", exported, "--database-url", original);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/already holds rows \(in mastery, attempts.*nothing was imported/);
    expect(sqliteTables(original)).toEqual(before);
  });

  it("refuses a malformed line with its file and line number, and imports nothing", async () => {
    const exported = path.join(dir, "school.jsonl");
    await cli("export", "--out", exported, "--database-url", original);
    const lines = readFileSync(exported, "utf8").split("\n");
    const attemptLine = lines.findIndex((line) => line.startsWith('{"table":"attempts"')) + 5;
    const row = JSON.parse(lines[attemptLine]!) as { row: unknown[] };
    row.row[5] = "yes"; // correct
    const broken = path.join(dir, "broken.jsonl");
    writeFileSync(broken, [...lines.slice(0, attemptLine), JSON.stringify(row), ...lines.slice(attemptLine + 1)].join("\n"));

    const target = path.join(dir, "target.db");
    const run = await cli("import", "--in", broken, "--database-url", target);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`${broken}:${attemptLine + 1}: table attempts, column correct:`);
    expect(rowCounts(sqliteTables(target))).toBe(0);

    // A file cut short (the closing count missing) is refused whole too.
    const cut = path.join(dir, "cut.jsonl");
    writeFileSync(cut, lines.slice(0, -2).join("\n"));
    const cutRun = await cli("import", "--in", cut, "--database-url", target);
    expect(cutRun.err).toMatch(/ends before its closing line/);
    expect(rowCounts(sqliteTables(target))).toBe(0);
  });

  it("refuses to export a database with a table it would leave behind", async () => {
    const db = new Database(original);
    db.exec("CREATE TABLE unknown_records (id INTEGER)");
    db.close();
    const run = await cli("export", "--out", path.join(dir, "x.jsonl"), "--database-url", original);
    expect(run.code).toBe(1);
    expect(run.err).toContain("table unknown_records is not one this tutor moves");
  });
});

describeWithPostgres("npm run store: a school moved from SQLite to PostgreSQL and back", (serverUrl) => {
  it("keeps every row of every table, through PostgreSQL into a fresh SQLite file", async () => {
    const url = await createTestDatabase(serverUrl);
    const tables = sqliteTables(original);

    const migrated = await cli("migrate", "--database-url", url);
    expect(migrated.out).toMatch(/schema version \d+ \(applied now: 1/);
    expect((await cli("migrate", "--database-url", url)).out).toMatch(/already up to date/);
    // Both stores' own catalogs hold exactly the tables and columns the export moves (besides those left behind on purpose).
    expect(withoutNotMoved(await postgresCatalog(url))).toEqual(moved());
    expect(withoutNotMoved(sqliteCatalog(original))).toEqual(moved());

    const fromSqlite = path.join(dir, "from-sqlite.jsonl");
    expect(await cli("export", "--out", fromSqlite, "--database-url", original)).toMatchObject({ code: 0, err: "" });
    expect(await cli("import", "--in", fromSqlite, "--database-url", url)).toMatchObject({ code: 0, err: "" });
    expect(await postgresTables(url)).toEqual(tables);

    const fromPostgres = path.join(dir, "from-postgres.jsonl");
    expect(await cli("export", "--out", fromPostgres, "--database-url", url)).toMatchObject({ code: 0, err: "" });
    expect(readFileSync(fromPostgres, "utf8")).toBe(readFileSync(fromSqlite, "utf8"));
    const back = path.join(dir, "back.db");
    expect(await cli("import", "--in", fromPostgres, "--database-url", `sqlite:${back}`)).toMatchObject({ code: 0, err: "" });
    expect(sqliteTables(back)).toEqual(tables);

    // PostgreSQL numbers new attempts after the imported ones.
    const next = await withClient(url, async (client) =>
      client.query(
        "INSERT INTO attempts (course_id, student_id, skill_id, item_id, correct, answer, hints_used, at) VALUES ('c1', 's', 'k', 'i', 1, 'B', 0, 1) RETURNING id",
      ),
    );
    expect(next.rows[0].id).toBe(Math.max(...tables.attempts!.map((row) => row.id as number)) + 1);
  });

  it("refuses a non-empty database and a malformed line, importing nothing", async () => {
    const url = await createTestDatabase(serverUrl);
    const exported = path.join(dir, "school.jsonl");
    await cli("export", "--out", exported, "--database-url", original);
    const lines = readFileSync(exported, "utf8").split("\n");
    const reviewLine = lines.findIndex((line) => line.startsWith('{"table":"review_cards"'));
    const broken = path.join(dir, "broken.jsonl");
    writeFileSync(
      broken,
      [...lines.slice(0, reviewLine), '{"table":"review_cards","row":["c1"]}', ...lines.slice(reviewLine + 1)].join("\n"),
    );

    const run = await cli("import", "--in", broken, "--database-url", url);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`${broken}:${reviewLine + 1}: table review_cards`);
    expect(rowCounts(await postgresTables(url))).toBe(0);

    expect(await cli("import", "--in", exported, "--database-url", url)).toMatchObject({ code: 0 });
    const filled = await postgresTables(url);
    const again = await cli("import", "--in", exported, "--database-url", url);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already holds rows/);
    expect(await postgresTables(url)).toEqual(filled);
  });
});
