import path from "node:path";
import { createTestDatabase, describeWithPostgres } from "../support/test-database.js";
import { describeConcurrentGrading } from "./concurrent-grading.js";

describeConcurrentGrading("SQLite", {
  opener: path.join(import.meta.dirname, "open-sqlite-store.ts"),
  create: async (root) => path.join(root, "tutor.db"),
});

describeWithPostgres("concurrent grading on PostgreSQL", (serverUrl) => {
  describeConcurrentGrading("PostgreSQL", {
    opener: path.join(import.meta.dirname, "open-postgres-store.ts"),
    create: () => createTestDatabase(serverUrl),
  });
});
