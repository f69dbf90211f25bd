/**
 * Moving a school's store at scale: a generated SQLite database with N attempts (default 1,000,000; the school of
 * bench:store, bench/store/generate-profiles.ts) is exported, imported into the target (a fresh database on the
 * PostgreSQL server `--database-url` names, created for the run and dropped after it; else a second SQLite file),
 * exported from there and imported into a fresh SQLite file, through the code `npm run store` runs. Prints rows/s
 * and the peak resident memory of each phase, beside the baseline of only reading every row of the source once
 * (what no export can beat). Checks that the last copy holds as many rows per table and that both export files
 * are the same bytes.
 *   npm run bench:store-transfer [-- --attempts 1000000] [-- --database-url postgres://…] [-- --json]
 */
import { readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { STORE_TABLES } from "../src/tutor/store/store-tables.js";
import { exportStore, importStore, type TableCounts } from "../src/tutor/store/store-transfer.js";
import { openTableAccess, type StoreLocation } from "../src/tutor/store/table-access.js";
import { createRunDatabase } from "./load/bench-database.js";
import { PeakMemory } from "./peak-memory.js";
import { generateProfiles } from "./store/generate-profiles.js";

const { values } = parseArgs({
  options: {
    attempts: { type: "string", default: "1000000" },
    "database-url": { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const attempts = Number(values.attempts);
if (!Number.isInteger(attempts) || attempts < 100)
  throw new Error(`--attempts must be a whole number of at least 100, got "${values.attempts}"`);
const log = (line: string) => process.stderr.write(`${line}\n`);

const dir = await mkdtemp(path.join(os.tmpdir(), "bench-store-transfer-"));
const runDatabase = values["database-url"] ? await createRunDatabase(values["database-url"]) : undefined;
const memory = new PeakMemory();
const phases: Record<string, { seconds: number; rows: number; rowsPerSec: number }> = {};
const total = (counts: TableCounts) => Object.values(counts).reduce((sum, rows) => sum + rows, 0);

async function phase(name: string, work: () => Promise<number>): Promise<void> {
  memory.endPhase(`before ${name}`);
  const started = performance.now();
  const rows = await work();
  const seconds = (performance.now() - started) / 1000;
  memory.endPhase(name);
  phases[name] = { seconds: Number(seconds.toFixed(2)), rows, rowsPerSec: Math.round(rows / seconds) };
  log(`${name}: ${rows} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s)`);
}

async function transfer(direction: "export" | "import", location: StoreLocation, file: string): Promise<number> {
  const access = await openTableAccess(location, { mustExist: direction === "export" });
  try {
    return total(direction === "export" ? await exportStore(access, file) : await importStore(access, file));
  } finally {
    await access.close();
  }
}

try {
  const source: StoreLocation = { kind: "sqlite", file: path.join(dir, "source.db") };
  log(`generating ${attempts} attempts…`);
  await generateProfiles(source.file, attempts);
  const target: StoreLocation = runDatabase
    ? { kind: "postgres", url: runDatabase.url }
    : { kind: "sqlite", file: path.join(dir, "target.db") };
  const back: StoreLocation = { kind: "sqlite", file: path.join(dir, "back.db") };
  const first = path.join(dir, "source.jsonl");
  const second = path.join(dir, "target.jsonl");

  await phase("baseline: read every row of the source", async () => {
    const db = new Database(source.file, { readonly: true });
    let rows = 0;
    for (const table of STORE_TABLES) for (const _ of db.prepare(`SELECT * FROM ${table.name}`).raw(true).iterate()) rows++;
    db.close();
    return rows;
  });
  await phase("export source (sqlite)", () => transfer("export", source, first));
  await phase(`import target (${target.kind})`, () => transfer("import", target, first));
  await phase(`export target (${target.kind})`, () => transfer("export", target, second));
  await phase("import back (sqlite)", () => transfer("import", back, second));

  const counts = (file: string) => {
    const db = new Database(file, { readonly: true });
    const result = Object.fromEntries(
      STORE_TABLES.map((table) => [table.name, db.prepare(`SELECT COUNT(*) FROM ${table.name}`).pluck().get()]),
    );
    db.close();
    return result;
  };
  const sameRows = JSON.stringify(counts(source.file)) === JSON.stringify(counts(back.file));
  const sameFiles = readFileSync(first).equals(readFileSync(second));
  const result = {
    attempts,
    target: target.kind,
    fileMb: Number((statSync(first).size / 1024 / 1024).toFixed(1)),
    phases,
    peakRssMbByPhase: Object.fromEntries(Object.entries(memory.report().peakRssMbByPhase).filter(([name]) => !name.startsWith("before "))),
    sameRowCounts: sameRows,
    sameExportFiles: sameFiles,
  };
  if (values.json) console.log(JSON.stringify(result));
  else console.log(JSON.stringify(result, null, 2));
  if (!sameRows || !sameFiles) process.exitCode = 1;
} finally {
  await runDatabase?.drop();
  await rm(dir, { recursive: true, force: true });
}
