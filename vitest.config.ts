import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Native addons (hnswlib, SQLite) and real sockets: forks isolate them best.
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
