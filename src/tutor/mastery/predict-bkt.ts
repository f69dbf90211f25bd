import { DEFAULT_BKT_PARAMS, predictCorrect, updateKnowledge, type BktParams } from "./bkt.js";
import type { AttemptTable } from "./attempt-table.js";

/**
 * Next-answer predictions for every row: before each answer, p(correct) from the student's p(L) on that
 * skill after their earlier answers; then p(L) is updated with the answer. Skills without fitted
 * parameters use the defaults.
 */
export function predictBkt(table: AttemptTable, paramsBySkill: ReadonlyMap<string, BktParams>): Float64Array {
  const params = table.skillNames.map((name) => paramsBySkill.get(name) ?? DEFAULT_BKT_PARAMS);
  const skillCount = table.skillNames.length;
  const known = new Map<number, number>();
  const predictions = new Float64Array(table.rows);
  for (let r = 0; r < table.rows; r++) {
    const skill = table.skill[r]!;
    const p = params[skill]!;
    const key = table.student[r]! * skillCount + skill;
    const pKnown = known.get(key) ?? p.prior;
    predictions[r] = predictCorrect(pKnown, p);
    known.set(key, updateKnowledge(pKnown, table.correct[r] === 1, p));
  }
  return predictions;
}
