import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { isConnectionFailure } from "../../src/tutor/store/postgres-profile-store.js";
import { run, runInOneMessage, StatementBatcher, withLiterals } from "../../src/tutor/store/postgres-statements.js";
import { createTestDatabase, describeWithPostgres } from "../support/test-database.js";

it("writes values in as quoted literals, numbering `?` markers as `$n` first, and declines values pg sends otherwise", () => {
  expect(withLiterals("SELECT * FROM t WHERE a = ? AND b = ?", ["it's", 2])).toBe("SELECT * FROM t WHERE a = 'it''s' AND b = '2'");
  expect(withLiterals("SELECT $2, $1, $1", [null, true])).toBe("SELECT 'true', NULL, NULL");
  // A backslash makes it an escape string, with the backslash doubled.
  expect(withLiterals("SELECT ?", ["a\\b"])).toBe("SELECT  E'a\\\\b'");
  expect(withLiterals("SELECT ?", [[1, 2]])).toBeUndefined();
  expect(withLiterals("SELECT ?", [{ a: 1 }])).toBeUndefined();
  expect(withLiterals("SELECT ?", [Number.NaN])).toBeUndefined();
  expect(withLiterals("SELECT $2", ["only one"])).toBeUndefined();
});

describeWithPostgres("statements sent together", (serverUrl) => {
  let pool: pg.Pool;
  let batcher: StatementBatcher;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: await createTestDatabase(serverUrl), max: 3 });
    batcher = new StatementBatcher(pool, isConnectionFailure);
  });
  afterAll(() => pool.end());

  /** What one statement saw: its transaction's start and its connection (reads sent together share both). */
  const seen = "SELECT now()::text AS started, pg_backend_pid() AS pid, $1::text AS tag";

  it("reads made in the same turn of the event loop run in one message: one transaction, one connection", async () => {
    const together = await Promise.all(["a", "b", "c"].map((tag) => batcher.query(seen, [tag])));
    expect(together.map((result) => result.rows[0]!.tag)).toEqual(["a", "b", "c"]);
    expect(new Set(together.map((result) => result.rows[0]!.started)).size).toBe(1);
    expect(new Set(together.map((result) => result.rows[0]!.pid)).size).toBe(1);
    // Made one after the other, each is its own transaction.
    const first = await batcher.query(seen, ["d"]);
    const second = await batcher.query(seen, ["e"]);
    expect(first.rows[0]!.started).not.toBe(second.rows[0]!.started);
  });

  it("a statement that fails fails alone: the others of its message still get their rows", async () => {
    const [divided, added, text] = await Promise.allSettled([
      batcher.query("SELECT 1 / ($1::int - 1) AS x", [1]),
      batcher.query("SELECT $1::int + 1 AS y", [1]),
      batcher.query("SELECT $1::text AS z", ["fine"]),
    ]);
    expect(divided.status === "rejected" && (divided.reason as { code?: string }).code).toBe("22012");
    expect(added.status === "fulfilled" && added.value.rows).toEqual([{ y: 2 }]);
    expect(text.status === "fulfilled" && text.value.rows).toEqual([{ z: "fine" }]);
  });

  it("values written in reach the server as values sent apart do: quotes, backslashes, NUL (dropped), other scripts, numbers", async () => {
    const values: unknown[] = ["it's", "a\\b\\\\'c", "nul\u0000here", "汉字 ✓ e\u0301", -1.5e-7, 42, true, false, null, "$1 ?"];
    const sql = "SELECT $1::text AS v";
    const written = await Promise.all(values.map((value) => batcher.query(sql, [value])));
    const apart = await Promise.all(values.map((value) => run(pool, sql, [value])));
    expect(written.map((result) => result.rows[0]!.v)).toEqual(apart.map((result) => result.rows[0]!.v));
    expect(written[2]!.rows[0]!.v).toBe("nulhere");
  });

  it("a statement whose values cannot be written in goes alone, with its values sent apart", async () => {
    const [array, tag] = await Promise.all([
      batcher.query("SELECT $1::int[] AS v", [[1, 2]]),
      batcher.query("SELECT $1::text AS v", ["x"]),
    ]);
    expect(array.rows[0]!.v).toEqual([1, 2]);
    expect(tag.rows[0]!.v).toBe("x");
  });

  it("a transaction begun and committed in its own messages keeps its writes, and one that fails keeps none", async () => {
    await pool.query("CREATE TABLE IF NOT EXISTS notes (id int PRIMARY KEY, body text)");
    const client = await pool.connect();
    try {
      const results = await runInOneMessage(client, [
        { sql: "BEGIN", values: [] },
        { sql: "INSERT INTO notes VALUES (?, ?)", values: [1, "kept"] },
        { sql: "SELECT count(*)::int AS n FROM notes", values: [] },
        { sql: "COMMIT", values: [] },
      ]);
      expect(results[2]!.rows).toEqual([{ n: 1 }]);
      const failing = runInOneMessage(client, [
        { sql: "BEGIN", values: [] },
        { sql: "INSERT INTO notes VALUES (?, ?)", values: [2, "lost"] },
        { sql: "INSERT INTO notes VALUES (?, ?)", values: [1, "duplicate"] },
        { sql: "COMMIT", values: [] },
      ]);
      await expect(failing).rejects.toMatchObject({ code: "23505" });
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect((await pool.query("SELECT id, body FROM notes ORDER BY id")).rows).toEqual([{ id: 1, body: "kept" }]);
  });
});
