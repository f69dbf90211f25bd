import path from "node:path";
import { describeConcurrentGrading } from "./concurrent-grading.js";

describeConcurrentGrading("SQLite", {
  opener: path.join(import.meta.dirname, "open-sqlite-store.ts"),
  create: async (root) => path.join(root, "tutor.db"),
});
