import type { Attempt } from "../store/profile-store.js";
import { Interner, type AttemptTable } from "./attempt-table.js";
import type { BktFit, FitBktOptions } from "./fit-bkt.js";
import { fitSkills } from "./fit-skills.js";

/** The attempt log as a table: attempts in time order (stable, so equal timestamps keep log order). */
function tabulateAttempts(attempts: readonly Attempt[]): AttemptTable {
  const ordered = [...attempts].sort((a, b) => a.at - b.at);
  const students = new Interner();
  const skills = new Interner();
  const items = new Interner();
  return {
    rows: ordered.length,
    student: Int32Array.from(ordered, (a) => students.idOf(a.studentId)),
    skill: Int32Array.from(ordered, (a) => skills.idOf(a.skillId)),
    item: Int32Array.from(ordered, (a) => items.idOf(a.itemId)),
    correct: Uint8Array.from(ordered, (a) => (a.correct ? 1 : 0)),
    studentCount: students.names.length,
    skillNames: skills.names,
    itemNames: items.names,
  };
}

/**
 * Fits BKT per skill from one course's attempt log. Skills with fewer than `minAttempts` answers keep
 * the defaults, which the result says through `fitted: false`.
 */
export function fitFromAttempts(attempts: readonly Attempt[], options: FitBktOptions = {}): Map<string, BktFit> {
  return fitSkills(tabulateAttempts(attempts), options);
}
