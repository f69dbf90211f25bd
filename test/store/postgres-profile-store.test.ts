import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { expect, it } from "vitest";
import { MIGRATIONS } from "../../src/tutor/store/postgres-migrations.js";
import { PostgresProfileStore } from "../../src/tutor/store/postgres-profile-store.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import { TABLES_NOT_MOVED } from "../../src/tutor/store/store-tables.js";
import { StoreUnavailableError } from "../../src/errors.js";
import { freePort } from "../support/postgres-server.js";
import { createTestDatabase, describeWithPostgres } from "../support/test-database.js";
import { describeProfileStoreContract } from "./profile-store.contract.js";

/** Runs `body` on a connection of its own to `url` (what another process sees). */
async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

it("a PostgreSQL server that cannot be reached at start is named (host and port, not the password) with the fix", async () => {
  const port = await freePort();
  const opening = PostgresProfileStore.open({ url: `postgres://tutor:s3cret-pw@127.0.0.1:${port}/tutor`, connectTimeoutMs: 2000 });
  await expect(opening).rejects.toBeInstanceOf(StoreUnavailableError);
  const message = await opening.catch((error: Error) => error.message);
  expect(message).toContain(`at 127.0.0.1:${port} cannot be reached`);
  expect(message).toContain("DATABASE_URL");
  expect(message).not.toContain("s3cret-pw");
});

describeWithPostgres("PostgresProfileStore", (serverUrl) => {
  describeProfileStoreContract("PostgresProfileStore", async () => {
    const url = await createTestDatabase(serverUrl);
    let store = await PostgresProfileStore.open({ url, poolSize: 3 });
    return {
      get store() {
        return store;
      },
      async reopen() {
        await store.close();
        store = await PostgresProfileStore.open({ url, poolSize: 3 });
        return store;
      },
      rowsFor: (table, studentId) =>
        withClient(url, async (client) =>
          Number((await client.query(`SELECT COUNT(*) AS n FROM ${table} WHERE student_id = $1`, [studentId])).rows[0].n),
        ),
      async refuseReviewCards() {
        await withClient(url, (client) =>
          client.query(`CREATE FUNCTION refuse_card() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'review card refused'; END $$;
                        CREATE TRIGGER no_cards BEFORE INSERT OR UPDATE ON review_cards FOR EACH ROW EXECUTE FUNCTION refuse_card();`),
        );
        return async () => {
          await withClient(url, (client) => client.query("DROP TRIGGER no_cards ON review_cards; DROP FUNCTION refuse_card();"));
        };
      },
      async destroy() {
        await store.close();
      },
    };
  });

  it("migrations: applied once, in order, recorded in schema_migrations, even when two processes start at once on an empty database", async () => {
    const url = await createTestDatabase(serverUrl);
    // Two stores opening together race for the schema: the advisory lock makes the second wait, then find it done.
    const stores = await Promise.all([PostgresProfileStore.open({ url }), PostgresProfileStore.open({ url })]);
    await stores[0]!.setBinding("discord:guild:1", "c1");
    expect(await stores[1]!.getBinding("discord:guild:1")).toBe("c1");
    await Promise.all(stores.map((store) => store.close()));
    const reopened = await PostgresProfileStore.open({ url });
    await reopened.close();
    const applied = await withClient(
      url,
      async (client) => (await client.query("SELECT version FROM schema_migrations ORDER BY version")).rows,
    );
    expect(applied.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
  });

  it("has SQLite's tables and columns, but for the derived ones a store keeps for itself (TABLES_NOT_MOVED), so a school moves table by table", async () => {
    const url = await createTestDatabase(serverUrl);
    await (await PostgresProfileStore.open({ url })).close();
    const postgresColumns = await withClient(
      url,
      async (client) =>
        (
          await client.query<{ table_name: string; column_name: string }>(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'",
          )
        ).rows,
    );
    const dir = await mkdtemp(path.join(os.tmpdir(), "tutor-columns-"));
    try {
      const file = path.join(dir, "tutor.db");
      await new SqliteProfileStore(file).close();
      const db = new Database(file, { readonly: true });
      const sqliteColumns = db
        .prepare(
          "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
        )
        .all() as Array<{ table_name: string; column_name: string }>;
      db.close();
      const names = (rows: Array<{ table_name: string; column_name: string }>) =>
        rows
          .filter((row) => !Object.hasOwn(TABLES_NOT_MOVED, row.table_name))
          .map((row) => `${row.table_name}.${row.column_name}`)
          .sort();
      expect(names(postgresColumns)).toEqual(names(sqliteColumns));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("opens every pooled connection at start, and a server that refuses some says how many it took and which settings to change", async () => {
    const url = await createTestDatabase(serverUrl);
    const store = await PostgresProfileStore.open({ url, poolSize: 4 });
    const database = new URL(url).pathname.slice(1);
    const connections = () =>
      withClient(url, async (client) =>
        Number((await client.query("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = $1", [database])).rows[0].n),
      );
    // The pool's four and the one counting them, before any student has asked anything.
    expect(await connections()).toBe(5);
    await store.close();

    const role = `tutor_limited_${process.pid}`;
    await withClient(url, (client) =>
      client.query(
        `CREATE ROLE ${role} LOGIN CONNECTION LIMIT 2; GRANT ALL ON SCHEMA public TO ${role}; GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
      ),
    );
    const limited = new URL(url);
    limited.username = role;
    const opening = PostgresProfileStore.open({ url: limited.toString(), poolSize: 3 });
    await expect(opening).rejects.toThrow(
      /accepted [12] of the 3 connections DATABASE_POOL_SIZE asks for .*lower DATABASE_POOL_SIZE, or raise the server's max_connections/,
    );
  });

  it("a reply holding a NUL character (which PostgreSQL's text refuses) is kept without it", async () => {
    const url = await createTestDatabase(serverUrl);
    const store = await PostgresProfileStore.open({ url });
    try {
      await store.appendMemory("c1", "s1", "conv", { role: "assistant", content: "a\u0000b", at: 1 }, 4);
      expect(await store.getMemory("c1", "s1", "conv", 4)).toEqual([{ role: "assistant", content: "ab", at: 1 }]);
    } finally {
      await store.close();
    }
  });
});
