import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { ConfigError } from "../errors.js";
import { exportStore, importStore } from "../tutor/store/store-transfer.js";
import { describeLocation, migratePostgres, openTableAccess, type StoreLocation } from "../tutor/store/table-access.js";
import type { CliIo } from "./mastery.js";

const USAGE = `Usage:
  npm run store -- migrate [--database-url URL]
      Brings the database's schema up to date and says which version it is at.
  npm run store -- export --out FILE [--database-url URL]
      Writes every table of the store to FILE (JSON Lines), read in one consistent snapshot.
  npm run store -- import --in FILE [--database-url URL]
      Loads such a file into an EMPTY store, in one transaction: all of it or, on any bad line, nothing.
The store is the one the tutor uses (DATABASE_URL, else <TUTOR_DATA_DIR>/tutor.db) unless --database-url names
another: postgres://user:password@host:5432/database, or sqlite:PATH (or a path) for a SQLite file.`;

/** The store `--database-url` names, or else the tutor's own (DATABASE_URL, or the SQLite file in TUTOR_DATA_DIR). */
async function locationOf(databaseUrl: string | undefined, io: CliIo): Promise<StoreLocation> {
  const cwd = io.cwd ?? process.cwd();
  if (databaseUrl !== undefined) {
    if (/^postgres(?:ql)?:\/\//.test(databaseUrl)) return { kind: "postgres", url: databaseUrl };
    const file = databaseUrl.replace(/^sqlite:/, "");
    if (file === "" || /^[a-z][a-z0-9+.-]*:\/\//i.test(file))
      throw new ConfigError(`--database-url "${databaseUrl}" is neither postgres://user:password@host:5432/database nor sqlite:PATH.`);
    return { kind: "sqlite", file: path.resolve(cwd, file) };
  }
  const config = loadConfig(io.env ?? process.env, cwd);
  return config.DATABASE_URL ? { kind: "postgres", url: config.DATABASE_URL } : { kind: "sqlite", file: config.databaseFile };
}

const formatCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([table, rows]) => `${table} ${rows}`)
    .join(", ");
const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, rows) => sum + rows, 0);

async function runMigrate(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { "database-url": { type: "string" } } });
  const location = await locationOf(values["database-url"], io);
  if (location.kind === "postgres") {
    const { applied, version } = await migratePostgres(location.url);
    io.out(
      `${describeLocation(location)}: schema version ${version}${applied.length ? ` (applied now: ${applied.join(", ")})` : " (already up to date)"}.`,
    );
    return 0;
  }
  const access = await openTableAccess(location, { mustExist: false });
  try {
    io.out(`${describeLocation(location)}: tables set up, as PostgreSQL's schema version ${await access.schemaVersion()}.`);
  } finally {
    await access.close();
  }
  return 0;
}

async function runTransfer(direction: "export" | "import", args: string[], io: CliIo): Promise<number> {
  const fileOption = direction === "export" ? "out" : "in";
  const { values } = parseArgs({ args, options: { [fileOption]: { type: "string" }, "database-url": { type: "string" } } });
  const given = values[fileOption];
  if (typeof given !== "string") {
    io.err(`${direction} needs --${fileOption} FILE.\n${USAGE}`);
    return 2;
  }
  const file = path.resolve(io.cwd ?? process.cwd(), given);
  const location = await locationOf(values["database-url"] as string | undefined, io);
  const started = performance.now();
  const access = await openTableAccess(location, { mustExist: direction === "export" });
  try {
    const counts = direction === "export" ? await exportStore(access, file) : await importStore(access, file);
    const seconds = (performance.now() - started) / 1000;
    const [from, to] = direction === "export" ? [describeLocation(location), file] : [file, describeLocation(location)];
    io.out(`${direction}ed ${total(counts)} rows from ${from} to ${to} in ${seconds.toFixed(1)} s (${formatCounts(counts)}).`);
    return 0;
  } finally {
    await access.close();
  }
}

/** Runs one command; returns the exit code. */
export async function runStoreCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "migrate") return await runMigrate(rest, io);
    if (command === "export" || command === "import") return await runTransfer(command, rest, io);
  } catch (error) {
    // Refusals, bad options and bad config come as exceptions with messages written for the operator.
    io.err((error as Error).message);
    return 1;
  }
  io.err(command ? `Unknown command "${command}".\n${USAGE}` : USAGE);
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };
  process.exitCode = await runStoreCli(process.argv.slice(2), io);
}
