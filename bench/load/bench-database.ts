/**
 * Where the load bench keeps profiles: the SQLite file in its data folder, or, with `--database-url`, a fresh
 * database of its own on that PostgreSQL server (created for the run and dropped after it), so a run never
 * mixes with an earlier one's students or with a school's data.
 */
import path from "node:path";
import pg from "pg";
import { PostgresProfileStore } from "../../src/tutor/store/postgres-profile-store.js";
import type { ClaimStore } from "../../src/tutor/store/claim-store.js";
import type { ProfileStore } from "../../src/tutor/store/profile-store.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";

/** The profile store one tutor process of the bench opens (and the bench itself, to count acknowledged answers). */
export async function openBenchStore(dataDir: string, databaseUrl: string | undefined): Promise<ProfileStore & ClaimStore> {
  return databaseUrl ? PostgresProfileStore.open({ url: databaseUrl }) : new SqliteProfileStore(path.join(dataDir, "tutor.db"));
}

/** Creates an empty database for this run on the server `serverUrl` names; `drop` removes it. Needs CREATEDB. */
export async function createRunDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tutor_bench_load_${process.pid}_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  try {
    await admin(`CREATE DATABASE ${name}`);
  } catch (error) {
    throw new Error(
      `--database-url: could not create a database for the run on ${new URL(serverUrl).host} (${(error as Error).message}); the URL's user needs CREATEDB`,
    );
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
