import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { StoreTransferError } from "../../errors.js";
import { migrate, SCHEMA_VERSION } from "./postgres-migrations.js";
import { TYPES } from "./postgres-profile-store.js";
import { SqliteProfileStore } from "./sqlite-profile-store.js";
import { STORE_TABLES, type StoreTable, TABLES_NOT_MOVED } from "./store-tables.js";

/** Where a school's profiles are: a SQLite file or a PostgreSQL database. */
export type StoreLocation = { kind: "sqlite"; file: string } | { kind: "postgres"; url: string };

/** Rows read or written per statement: bounded memory, few round trips. */
export const ROWS_PER_BATCH = 1000;
/** Values per multi-row INSERT, under SQLite's and PostgreSQL's limits on parameters (32,766 and 65,535). */
const VALUES_PER_INSERT = 30_000;

/** The location for people: a PostgreSQL URL without its password. */
export function describeLocation(location: StoreLocation): string {
  if (location.kind === "sqlite") return `SQLite ${location.file}`;
  const url = new URL(location.url);
  url.password = "";
  return `PostgreSQL ${url.toString()}`;
}

/** Writes into the tables inside one transaction (TableAccess.write). */
export interface TableWriter {
  /** Whether the table holds any row: an import refuses a target that does (one row looked at, not a count). */
  hasRows(table: StoreTable): Promise<boolean>;
  /** Inserts rows, each its values in the table's column order, as multi-row INSERTs. */
  insert(table: StoreTable, rows: readonly unknown[][]): Promise<void>;
  /** After rows came in with their own numbers: the database's next number follows the highest. */
  continueNumbering(table: StoreTable): Promise<void>;
}

/**
 * The store's tables read and written as rows, below the ProfileStore interface: what moving a school between
 * databases needs (one consistent snapshot to read, one transaction to write, the database's own catalog).
 */
export interface TableAccess {
  readonly location: StoreLocation;
  /** The migration version the database is at (SQLite: the version whose tables it was set up with). */
  schemaVersion(): Promise<number>;
  /** Every table of the database, and its columns, from its own catalog. */
  catalog(): Promise<Map<string, string[]>>;
  /** Runs `body` on one consistent snapshot of the database; `read` yields a table's rows in key order, in batches. */
  snapshot<T>(body: (read: (table: StoreTable) => AsyncIterable<unknown[][]>) => Promise<T>): Promise<T>;
  /** Runs `body` in one transaction that holds off every other writer: committed when it returns, rolled back when it throws. */
  write<T>(body: (writer: TableWriter) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opens the database at `location` with its schema brought up to date (what opening the store does: SQLite sets its
 * tables up, PostgreSQL applies its pending migrations). `mustExist` refuses a SQLite file that is not there yet.
 */
export async function openTableAccess(location: StoreLocation, options: { mustExist: boolean }): Promise<TableAccess> {
  if (location.kind === "sqlite") {
    if (options.mustExist && !existsSync(location.file))
      throw new StoreTransferError(`There is no database at ${location.file}. Fix: check TUTOR_DATA_DIR or the path given.`);
    await new SqliteProfileStore(location.file).close();
    return new SqliteTableAccess(location);
  }
  return PostgresTableAccess.open(location);
}

/** Applies PostgreSQL's pending migrations; the versions applied now, and the version the database is at. */
export async function migratePostgres(url: string): Promise<{ applied: number[]; version: number }> {
  const client = new pg.Client({ connectionString: url, types: TYPES });
  await client.connect();
  try {
    const applied = await migrate(client);
    return { applied, version: await postgresSchemaVersion(client) };
  } finally {
    await client.end();
  }
}

async function postgresSchemaVersion(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ version: number | null }>("SELECT MAX(version) AS version FROM schema_migrations");
  return rows[0]?.version ?? 0;
}

/**
 * Refuses a database that holds a table or column neither moved (STORE_TABLES) nor deliberately left behind
 * (TABLES_NOT_MOVED): moving it would lose it silently.
 */
export function checkCatalog(location: StoreLocation, catalog: Map<string, string[]>): void {
  const problems: string[] = [];
  for (const [name, columns] of catalog) {
    if (name in TABLES_NOT_MOVED) continue;
    const table = STORE_TABLES.find((known) => known.name === name);
    if (!table) {
      problems.push(`table ${name} is not one this tutor moves`);
      continue;
    }
    const known = new Set(table.columns.map((column) => column.name));
    const unknown = columns.filter((column) => !known.has(column));
    if (unknown.length)
      problems.push(`table ${name} has column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} this tutor does not move`);
    const missing = [...known].filter((column) => !columns.includes(column));
    if (missing.length) problems.push(`table ${name} lacks column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  }
  for (const table of STORE_TABLES) if (!catalog.has(table.name)) problems.push(`table ${table.name} is missing`);
  if (problems.length)
    throw new StoreTransferError(
      `${describeLocation(location)} does not have the tables this tutor knows (${problems.join("; ")}). Fix: use the tutor version that made the database, or update this one.`,
    );
}

const columnList = (table: StoreTable) => table.columns.map((column) => column.name).join(", ");
const selectAll = (table: StoreTable) => `SELECT ${columnList(table)} FROM ${table.name} ORDER BY ${table.key.join(", ")}`;
const rowsPerInsert = (table: StoreTable) => Math.min(ROWS_PER_BATCH, Math.floor(VALUES_PER_INSERT / table.columns.length));

/** `INSERT INTO table (…) VALUES (…), (…)` for `rows` rows; `placeholder(n)` writes the n-th parameter (from 1). */
function insertSql(table: StoreTable, rows: number, placeholder: (n: number) => string): string {
  const width = table.columns.length;
  const tuples = Array.from(
    { length: rows },
    (_, row) => `(${table.columns.map((_, column) => placeholder(row * width + column + 1)).join(", ")})`,
  );
  return `INSERT INTO ${table.name} (${columnList(table)}) VALUES ${tuples.join(", ")}`;
}

/** Splits `rows` into slices of at most `size`. */
function* slices<T>(rows: readonly T[], size: number): Generator<readonly T[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}

class SqliteTableAccess implements TableAccess {
  private readonly db: Database.Database;
  private readonly inserts = new Map<string, Database.Statement>();

  constructor(readonly location: { kind: "sqlite"; file: string }) {
    this.db = new Database(location.file);
  }

  async schemaVersion(): Promise<number> {
    return SCHEMA_VERSION;
  }

  async catalog(): Promise<Map<string, string[]>> {
    const tables = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    return new Map(
      tables.map((name) => [name, (this.db.pragma(`table_info(${name})`) as Array<{ name: string }>).map((column) => column.name)]),
    );
  }

  async snapshot<T>(body: (read: (table: StoreTable) => AsyncIterable<unknown[][]>) => Promise<T>): Promise<T> {
    // WAL: a read transaction sees the database as of its first read, whatever other processes commit meanwhile.
    this.db.exec("BEGIN");
    const db = this.db;
    try {
      return await body(async function* (table) {
        let batch: unknown[][] = [];
        for (const row of db.prepare(selectAll(table)).raw(true).iterate() as IterableIterator<unknown[]>) {
          batch.push(row);
          if (batch.length === ROWS_PER_BATCH) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length) yield batch;
      });
    } finally {
      this.db.exec("COMMIT");
    }
  }

  async write<T>(body: (writer: TableWriter) => Promise<T>): Promise<T> {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = await body({
        hasRows: async (table) => this.db.prepare(`SELECT 1 FROM ${table.name} LIMIT 1`).get() !== undefined,
        insert: async (table, rows) => {
          for (const slice of slices(rows, rowsPerInsert(table))) this.insertStatement(table, slice.length).run(slice.flat());
        },
        // AUTOINCREMENT already continues after the highest id inserted (sqlite_sequence follows it).
        continueNumbering: async () => {},
      });
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  private insertStatement(table: StoreTable, rows: number): Database.Statement {
    const key = `${table.name}:${rows}`;
    let statement = this.inserts.get(key);
    if (!statement) {
      statement = this.db.prepare(insertSql(table, rows, () => "?"));
      this.inserts.set(key, statement);
    }
    return statement;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

class PostgresTableAccess implements TableAccess {
  private constructor(
    readonly location: { kind: "postgres"; url: string },
    private readonly client: pg.Client,
  ) {}

  static async open(location: { kind: "postgres"; url: string }): Promise<PostgresTableAccess> {
    const client = new pg.Client({ connectionString: location.url, types: TYPES });
    await client.connect();
    try {
      await migrate(client);
    } catch (error) {
      await client.end();
      throw error;
    }
    return new PostgresTableAccess(location, client);
  }

  async schemaVersion(): Promise<number> {
    return postgresSchemaVersion(this.client);
  }

  async catalog(): Promise<Map<string, string[]>> {
    const { rows } = await this.client.query<{ table_name: string; column_name: string }>(
      `SELECT columns.table_name, columns.column_name FROM information_schema.columns AS columns
         JOIN information_schema.tables AS tables ON tables.table_schema = columns.table_schema AND tables.table_name = columns.table_name
       WHERE columns.table_schema = current_schema() AND tables.table_type = 'BASE TABLE'
       ORDER BY columns.table_name, columns.ordinal_position`,
    );
    const catalog = new Map<string, string[]>();
    for (const row of rows) catalog.set(row.table_name, [...(catalog.get(row.table_name) ?? []), row.column_name]);
    return catalog;
  }

  async snapshot<T>(body: (read: (table: StoreTable) => AsyncIterable<unknown[][]>) => Promise<T>): Promise<T> {
    const client = this.client;
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    try {
      const result = await body(async function* (table) {
        // A cursor of the transaction: the server hands the rows over batch by batch, never the whole table at once.
        await client.query(`DECLARE table_rows NO SCROLL CURSOR FOR ${selectAll(table)}`);
        for (;;) {
          const { rows } = await client.query<unknown[]>({ text: `FETCH ${ROWS_PER_BATCH} FROM table_rows`, rowMode: "array" });
          if (rows.length === 0) break;
          yield rows;
        }
        await client.query("CLOSE table_rows");
      });
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  async write<T>(body: (writer: TableWriter) => Promise<T>): Promise<T> {
    const client = this.client;
    await client.query("BEGIN");
    try {
      // Tutor processes still running wait until the import is in (or gone) rather than write beside it.
      await client.query(`LOCK TABLE ${STORE_TABLES.map((table) => table.name).join(", ")} IN EXCLUSIVE MODE`);
      const result = await body({
        hasRows: async (table) => (await client.query(`SELECT 1 FROM ${table.name} LIMIT 1`)).rowCount === 1,
        insert: async (table, rows) => {
          for (const slice of slices(rows, rowsPerInsert(table)))
            await client.query(
              insertSql(table, slice.length, (n) => `$${n}`),
              // PostgreSQL's text refuses NUL, which SQLite keeps: dropped, as PostgresProfileStore does.
              slice.flat().map((value) => (typeof value === "string" ? value.replaceAll("\u0000", "") : value)),
            );
        },
        continueNumbering: async (table) => {
          const column = table.generated;
          if (!column) return;
          await client.query(
            `SELECT setval(pg_get_serial_sequence('${table.name}', '${column}'), MAX(${column})) FROM ${table.name} HAVING COUNT(*) > 0`,
          );
        },
      });
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
