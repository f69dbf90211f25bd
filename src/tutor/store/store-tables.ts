import { z } from "zod";

/**
 * Every table of the profile store and its columns, as both SqliteProfileStore and PostgresProfileStore keep them:
 * what `npm run store -- export|import` moves, in this order, column by column. The store CLI refuses a database
 * holding a table named neither here nor in TABLES_NOT_MOVED, and test/store/store-transfer.test.ts compares
 * this list with both databases' own catalogs, so a table or column added to one store without a line here fails.
 */
export type ColumnType = "text" | "integer" | "real";

export interface StoreColumn {
  name: string;
  type: ColumnType;
  nullable?: true;
}

export interface StoreTable {
  name: string;
  columns: readonly StoreColumn[];
  /** The primary key: rows are exported in its order. */
  key: readonly string[];
  /** A column the database numbers itself (an attempt's or a memory entry's id): imported as it was, and the numbering continues after it. */
  generated?: string;
}

const text = (name: string): StoreColumn => ({ name, type: "text" });
const integer = (name: string): StoreColumn => ({ name, type: "integer" });
const real = (name: string): StoreColumn => ({ name, type: "real" });
const nullable = (column: StoreColumn): StoreColumn => ({ ...column, nullable: true });

export const STORE_TABLES: readonly StoreTable[] = [
  {
    name: "mastery",
    columns: [
      text("course_id"),
      text("student_id"),
      text("skill_id"),
      real("p_known"),
      integer("attempts"),
      integer("correct"),
      integer("updated_at"),
      nullable(real("override_value")),
      nullable(text("override_reason")),
      nullable(text("override_by")),
      nullable(integer("override_at")),
      integer("recent_outcomes"),
    ],
    key: ["course_id", "student_id", "skill_id"],
  },
  {
    name: "attempts",
    columns: [
      integer("id"),
      text("course_id"),
      text("student_id"),
      text("skill_id"),
      text("item_id"),
      integer("correct"),
      text("answer"),
      integer("hints_used"),
      integer("at"),
      nullable(text("answer_key")),
    ],
    key: ["id"],
    generated: "id",
  },
  {
    name: "pending_items",
    columns: [
      text("course_id"),
      text("student_id"),
      text("conversation_id"),
      text("item_id"),
      integer("hints_shown"),
      integer("wrong_attempts"),
      integer("asked_at"),
      text("wrong_answers"),
      text("hint_sources"),
      integer("give_up_offered"),
    ],
    key: ["course_id", "student_id", "conversation_id"],
  },
  {
    name: "memory",
    columns: [integer("id"), text("course_id"), text("student_id"), text("conversation_id"), text("role"), text("content"), integer("at")],
    key: ["id"],
    generated: "id",
  },
  {
    name: "skill_params",
    columns: [text("course_id"), text("skill_id"), text("params"), integer("attempts_used"), integer("fitted_at")],
    key: ["course_id", "skill_id"],
  },
  { name: "bindings", columns: [text("scope"), text("course_id")], key: ["scope"] },
  { name: "class_members", columns: [text("course_id"), text("scope"), text("student_id")], key: ["course_id", "scope", "student_id"] },
  { name: "teaching_styles", columns: [text("scope"), text("style")], key: ["scope"] },
  {
    name: "answer_pitches",
    columns: [
      text("course_id"),
      text("student_id"),
      text("conversation_id"),
      text("question"),
      text("skill_id"),
      real("p_known"),
      text("level"),
      integer("at"),
    ],
    key: ["course_id", "student_id", "conversation_id"],
  },
  { name: "tutoring_threads", columns: [text("thread_key"), integer("last_used_at")], key: ["thread_key"] },
  // Deliveries already answered (ClaimStore): moved so that a platform's retry reaching the moved school is still answered once; they expire by themselves.
  { name: "claims", columns: [text("claim_key"), integer("expires_at")], key: ["claim_key"] },
  {
    name: "review_cards",
    columns: [text("course_id"), text("student_id"), text("skill_id"), text("card"), integer("due")],
    key: ["course_id", "student_id", "skill_id"],
  },
];

/**
 * Tables a database may hold that a move between stores leaves behind on purpose, and why (README, "Moving a
 * school between SQLite and PostgreSQL"). The target's own schema set-up makes them.
 */
export const TABLES_NOT_MOVED: Readonly<Record<string, string>> = {
  schema_migrations: "PostgreSQL's record of the migrations applied to that database; the target's `migrate` writes its own",
  wrong_answer_counts:
    "SQLite's counts of wrong answers, derived from attempts: its triggers count the attempts again as they are imported",
  skill_totals:
    "SQLite's per-skill sums of the mastery records, derived from them: its triggers sum the records again as they are imported",
  course_totals:
    "SQLite's count of students per course, derived from the mastery records: its triggers count them again as they are imported",
  derived_definitions:
    "SQLite's record of the SQL its derived tables and indexes were made with: the target records the definitions of its own",
};

const VALUE_SCHEMAS: Record<ColumnType, z.ZodType> = {
  text: z.string(),
  integer: z.number().int().refine(Number.isSafeInteger, "a whole number beyond 2^53"),
  real: z.number(),
};

/** One row of `table` as an export file holds it: its values in column order. */
export function rowSchema(table: StoreTable): z.ZodType<unknown[]> {
  const values = table.columns.map((column) => {
    const value = VALUE_SCHEMAS[column.type];
    return column.nullable ? value.nullable() : value;
  });
  return z.tuple(values as [z.ZodType, ...z.ZodType[]]) as unknown as z.ZodType<unknown[]>;
}
