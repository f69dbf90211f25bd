import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { z } from "zod";
import { StoreTransferError } from "../../errors.js";
import { STORE_TABLES, type StoreTable, rowSchema } from "./store-tables.js";
import { checkCatalog, describeLocation, ROWS_PER_BATCH, type TableAccess } from "./table-access.js";

/**
 * The export file (`npm run store -- export`): JSON Lines. The first line names the format and the schema and
 * lists the tables with their columns; then one line per row, `{"table":…,"row":[values in column order]}`,
 * table after table; the last line counts the rows of each table, so a file cut short is refused whole.
 */
const EXPORT_FORMAT = "tutor-store-export";
const EXPORT_FORMAT_VERSION = 1;

const ExportHeaderSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT, { message: `the first line is not the header of a tutor store export ("format": "${EXPORT_FORMAT}")` }),
  formatVersion: z.literal(EXPORT_FORMAT_VERSION, { message: `this tutor reads export format ${EXPORT_FORMAT_VERSION}` }),
  schemaVersion: z.number().int().positive(),
  tables: z.record(z.string(), z.array(z.string())),
});
type ExportHeader = z.infer<typeof ExportHeaderSchema>;

const RowLineSchema = z.strictObject({ table: z.string(), row: z.array(z.unknown()) });
const EndLineSchema = z.strictObject({ end: z.record(z.string(), z.number().int().nonnegative()) });

/** Rows per table, in STORE_TABLES order. */
export type TableCounts = Record<string, number>;

const emptyCounts = (): TableCounts => Object.fromEntries(STORE_TABLES.map((table) => [table.name, 0]));

function headerOf(schemaVersion: number): ExportHeader {
  return {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    schemaVersion,
    tables: Object.fromEntries(STORE_TABLES.map((table) => [table.name, table.columns.map((column) => column.name)])),
  };
}

/**
 * Writes every moved table of `source` to `file`, read in one consistent snapshot and streamed batch by batch
 * (memory stays flat however many attempts a school has). A failed export leaves no file behind.
 */
export async function exportStore(source: TableAccess, file: string): Promise<TableCounts> {
  checkCatalog(source.location, await source.catalog());
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  const counts = emptyCounts();
  try {
    await source.snapshot(async (read) => {
      await write(`${JSON.stringify(headerOf(await source.schemaVersion()))}\n`);
      for (const table of STORE_TABLES) {
        const prefix = `{"table":${JSON.stringify(table.name)},"row":`;
        for await (const batch of read(table)) {
          await write(batch.map((row) => `${prefix}${JSON.stringify(row)}}\n`).join(""));
          counts[table.name]! += batch.length;
        }
      }
    });
    await write(`${JSON.stringify({ end: counts })}\n`);
    out.end();
    await finished(out);
  } catch (error) {
    out.destroy();
    await rm(file, { force: true });
    throw error;
  }
  return counts;
}

/** The lines of a text file, streamed, numbered from 1 (a last line without its newline included). */
async function* linesOf(file: string): AsyncGenerator<{ text: string; number: number }> {
  let rest = "";
  let number = 0;
  for await (const chunk of createReadStream(file, { encoding: "utf8" })) {
    const parts = (rest + (chunk as string)).split("\n");
    rest = parts.pop()!;
    for (const text of parts) yield { text, number: ++number };
  }
  if (rest !== "") yield { text: rest, number: ++number };
}

/** The issues of a parse, each with where it is: the column, when `table` says what a row's values are. */
function describeIssues(error: z.ZodError, table?: StoreTable): string {
  return error.issues
    .map((issue) => {
      const [index] = issue.path;
      const column = table && typeof index === "number" ? table.columns[index] : undefined;
      const where = column ? `column ${column.name}` : issue.path.length ? issue.path.join(".") : "";
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

function parseJson(text: string, at: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StoreTransferError(
      `${at}: not a line of JSON (${(error as Error).message}). Fix: use the file \`npm run store -- export\` wrote, unedited.`,
    );
  }
}

function checkHeader(header: ExportHeader, at: string): void {
  const expected = headerOf(header.schemaVersion).tables;
  const same =
    Object.keys(header.tables).join() === Object.keys(expected).join() &&
    Object.entries(expected).every(([name, columns]) => header.tables[name]?.join() === columns.join());
  if (!same)
    throw new StoreTransferError(
      `${at}: the file's tables or columns (schema version ${header.schemaVersion}) are not this tutor's. Fix: import it with the tutor version that exported it, or export again with this one.`,
    );
}

/**
 * Loads an export file into `target`, which must hold no rows: in one transaction, in multi-row INSERTs, each
 * line checked first. A bad line (or a file cut short) names its file and line, and nothing of the file is kept.
 */
export async function importStore(target: TableAccess, file: string): Promise<TableCounts> {
  checkCatalog(target.location, await target.catalog());
  const lines = linesOf(file);
  const first = await lines.next();
  if (first.done) throw new StoreTransferError(`${file} is empty. Fix: give the file \`npm run store -- export\` wrote.`);
  const headerAt = `${file}:1`;
  const header = ExportHeaderSchema.safeParse(parseJson(first.value.text, headerAt));
  if (!header.success) throw new StoreTransferError(`${headerAt}: ${describeIssues(header.error)}`);
  checkHeader(header.data, headerAt);

  const tables = new Map(STORE_TABLES.map((table) => [table.name, { table, schema: rowSchema(table), pending: [] as unknown[][] }]));
  const counts = emptyCounts();
  return target.write(async (writer) => {
    const filled = [];
    for (const table of STORE_TABLES) if (await writer.hasRows(table)) filled.push(table.name);
    if (filled.length)
      throw new StoreTransferError(
        `${describeLocation(target.location)} already holds rows (in ${filled.join(", ")}); nothing was imported. Fix: import into an empty database (a new PostgreSQL database, or a path where no tutor.db exists yet).`,
      );
    let end: TableCounts | undefined;
    let lastLine = 1;
    for await (const { text, number } of lines) {
      lastLine = number;
      const at = `${file}:${number}`;
      if (end)
        throw new StoreTransferError(
          `${at}: a line after the closing line. Fix: use the file \`npm run store -- export\` wrote, unedited.`,
        );
      const json = parseJson(text, at);
      const closing = EndLineSchema.safeParse(json);
      if (closing.success) {
        end = closing.data.end;
        continue;
      }
      const line = RowLineSchema.safeParse(json);
      if (!line.success) throw new StoreTransferError(`${at}: ${describeIssues(line.error)}`);
      const entry = tables.get(line.data.table);
      if (!entry) throw new StoreTransferError(`${at}: table ${JSON.stringify(line.data.table)} is not one of the store's tables.`);
      const row = entry.schema.safeParse(line.data.row);
      if (!row.success) throw new StoreTransferError(`${at}: table ${entry.table.name}, ${describeIssues(row.error, entry.table)}`);
      entry.pending.push(row.data);
      counts[entry.table.name]! += 1;
      if (entry.pending.length === ROWS_PER_BATCH) {
        await writer.insert(entry.table, entry.pending);
        entry.pending = [];
      }
    }
    if (!end)
      throw new StoreTransferError(
        `${file}:${lastLine}: the file ends before its closing line (the export was cut short); nothing was imported. Fix: export again.`,
      );
    const mismatch = STORE_TABLES.filter((table) => end[table.name] !== counts[table.name]);
    if (mismatch.length)
      throw new StoreTransferError(
        `${file}:${lastLine}: the closing line counts other rows than the file holds (${mismatch.map((table) => `${table.name}: ${end[table.name] ?? 0} counted, ${counts[table.name]} found`).join("; ")}); nothing was imported. Fix: export again.`,
      );
    for (const { table, pending } of tables.values()) {
      if (pending.length) await writer.insert(table, pending);
      await writer.continueNumbering(table);
    }
    return counts;
  });
}
