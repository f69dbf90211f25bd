import { z } from "zod";
import { detectDelimiter, forEachRecord, readHeaderLine } from "./delimited-text.js";

export const ColumnMappingSchema = z.object({
  student: z.string().min(1).default("user_id"),
  skill: z.string().min(1).default("skill_name"),
  correct: z.string().min(1).default("correct"),
  /** Items for the Elo model; the skill stands in for the item when absent. */
  item: z.string().min(1).optional(),
  /** When given, each student's answers are put in time order (stable); otherwise file order is kept. */
  time: z.string().min(1).optional(),
});
export type ColumnMapping = z.input<typeof ColumnMappingSchema>;

/** Graded answers as parallel typed arrays; names are interned to small integers. */
export interface AttemptTable {
  rows: number;
  student: Int32Array;
  skill: Int32Array;
  item: Int32Array;
  correct: Uint8Array;
  studentCount: number;
  skillNames: string[];
  itemNames: string[];
}

export type ReadTableResult = { ok: true; table: AttemptTable } | { ok: false; error: string };

/** Gives each distinct name the next small integer, in first-seen order (`names[id]` is the name). */
export class Interner {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }
}

function parseCorrect(value: string): number | undefined {
  const v = value.trim().toLowerCase();
  if (v === "1" || v === "true" || v === "1.0") return 1;
  if (v === "0" || v === "false" || v === "0.0") return 0;
  return undefined;
}

function parseTime(value: string): number {
  const trimmed = value.trim();
  const numeric = Number(trimmed);
  return trimmed !== "" && Number.isFinite(numeric) ? numeric : Date.parse(trimmed);
}

/** Reads a CSV or TSV with a header line; `source` names the file in error messages. */
export function readAttemptTable(text: string, mapping: ColumnMapping = {}, source = "input"): ReadTableResult {
  const columns = ColumnMappingSchema.parse(mapping);
  const delimiter = detectDelimiter(readHeaderLine(text));
  let header: string[] | undefined;
  const index: Record<string, number> = {};
  const students = new Interner();
  const skills = new Interner();
  const items = new Interner();
  const student: number[] = [];
  const skill: number[] = [];
  const item: number[] = [];
  const correct: number[] = [];
  const time: number[] = [];
  let error: string | undefined;
  try {
    forEachRecord(text, delimiter, (fields, line) => {
      if (error) return;
      if (!header) {
        header = fields.map((f) => f.trim());
        for (const [role, name] of Object.entries(columns)) {
          if (name === undefined) continue;
          const at = header.indexOf(name);
          if (at < 0) {
            error = `${source}: no column "${name}" (for the ${role}). The header has: ${header.join(", ")}.`;
            return;
          }
          index[role] = at;
        }
        return;
      }
      const field = (role: string) => fields[index[role]!] ?? "";
      const value = parseCorrect(field("correct"));
      if (value === undefined) {
        error = `${source} line ${line}: column "${columns.correct}" should be 0 or 1, got "${field("correct")}".`;
        return;
      }
      const skillName = field("skill");
      student.push(students.idOf(field("student")));
      skill.push(skills.idOf(skillName));
      item.push(items.idOf(columns.item ? field("item") : skillName));
      correct.push(value);
      if (columns.time) {
        const t = parseTime(field("time"));
        if (Number.isNaN(t)) {
          error = `${source} line ${line}: column "${columns.time}" is not a number or a date: "${field("time")}".`;
          return;
        }
        time.push(t);
      }
    });
  } catch (cause) {
    return { ok: false, error: `${source}: ${(cause as Error).message}` };
  }
  if (error) return { ok: false, error };
  if (!header) return { ok: false, error: `${source} is empty: expected a header line.` };
  // A stable sort by time puts each student's answers in time order and keeps file order on ties.
  const order = student.map((_, i) => i);
  if (columns.time) order.sort((a, b) => time[a]! - time[b]!);
  return {
    ok: true,
    table: {
      rows: order.length,
      student: Int32Array.from(order, (i) => student[i]!),
      skill: Int32Array.from(order, (i) => skill[i]!),
      item: Int32Array.from(order, (i) => item[i]!),
      correct: Uint8Array.from(order, (i) => correct[i]!),
      studentCount: students.names.length,
      skillNames: skills.names,
      itemNames: items.names,
    },
  };
}
