import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, it } from "vitest";
import { TEST_DATABASE_URL_VARIABLE, WITH_POSTGRES_COMMAND } from "./postgres-server.js";

/** The PostgreSQL test server's URL, when the suite runs with one (`npm run test:postgres`, and CI). */
export const testDatabaseUrl: string | undefined = process.env[TEST_DATABASE_URL_VARIABLE] || undefined;

/**
 * `describe` for tests that need the PostgreSQL test server. Without one they are skipped, saying how to run them;
 * in CI (CI=true), where `.ci/run` starts the server, its absence is a failure, never a silent skip.
 */
export function describeWithPostgres(name: string, body: (url: string) => void): void {
  if (testDatabaseUrl) {
    describe(name, () => body(testDatabaseUrl!));
    return;
  }
  const why = `no PostgreSQL test server (${TEST_DATABASE_URL_VARIABLE} is not set). Run \`${WITH_POSTGRES_COMMAND}\` to run these tests.`;
  if (process.env.CI === "true") {
    describe(name, () => {
      it("needs the PostgreSQL test server that .ci/run starts", () => {
        throw new Error(`CI=true but ${why}`);
      });
    });
    return;
  }
  console.warn(`[skipped] ${name}: ${why}`);
  describe.skip(`${name} — skipped: ${why}`, () => body(""));
}

/** A fresh, empty database on the server at `serverUrl`; its URL. */
export async function createTestDatabase(serverUrl: string): Promise<string> {
  const name = `test_${randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
