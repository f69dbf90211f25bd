import pg from "pg";
import { expect, it } from "vitest";
import { createTestDatabase, describeWithPostgres } from "../support/test-database.js";

describeWithPostgres("the PostgreSQL test server", (serverUrl) => {
  it("is a real server on 127.0.0.1 that gives each test file a database of its own", async () => {
    const first = await createTestDatabase(serverUrl);
    const second = await createTestDatabase(serverUrl);
    expect(new URL(first).hostname).toBe("127.0.0.1");
    expect(first).not.toBe(second);
    const client = new pg.Client({ connectionString: first });
    await client.connect();
    try {
      const { rows } = await client.query<{ database: string; version: string }>(
        "SELECT current_database() AS database, current_setting('server_version_num') AS version",
      );
      expect(`/${rows[0]!.database}`).toBe(new URL(first).pathname);
      expect(Number(rows[0]!.version)).toBeGreaterThanOrEqual(150000);
    } finally {
      await client.end();
    }
  });
});
