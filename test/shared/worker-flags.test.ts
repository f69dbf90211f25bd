import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

it("a tutor started with V8 flags on its command line still starts its threads: it draws a chart and checkpoints its database", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "worker-flags-"));
  try {
    const script = path.join(dir, "threads.mts");
    await writeFile(
      script,
      `import { renderMasteryChart } from ${JSON.stringify(path.join(ROOT, "src/tutor/charts/chart-thread.ts"))};
import { SqliteProfileStore } from ${JSON.stringify(path.join(ROOT, "src/tutor/store/sqlite-profile-store.ts"))};
const png = await renderMasteryChart({ title: "Python", legend: "Mastered at 95%", threshold: 0.95, rows: [{ label: "Loops", value: 0.5, status: "learning" }], formatPercent: (share) => Math.round(share * 100) + "%" });
const store = new SqliteProfileStore(${JSON.stringify(path.join(dir, "tutor.db"))});
await store.setBinding("scope", "python");
await store.close();
process.stdout.write(Buffer.from(png.subarray(1, 4)).toString("latin1"));
`,
    );
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--max-semi-space-size=16", "--stack-trace-limit=20", "--import", "tsx", script],
      {
        cwd: ROOT,
      },
    );
    expect(stdout).toBe("PNG");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);
