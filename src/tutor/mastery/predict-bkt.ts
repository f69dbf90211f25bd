import { DEFAULT_BKT_PARAMS, predictCorrectFromBelief, priorBelief, updateBelief, type Belief, type BktParams } from "./bkt.js";
import type { AttemptTable } from "./attempt-table.js";

/**
 * Next-answer predictions for every row: before each answer, p(correct) from the student's belief on
 * that skill after their earlier answers (the forward filter, learning step included); then the belief
 * is updated with the answer. Skills without fitted parameters use the defaults.
 */
export function predictBkt(table: AttemptTable, paramsBySkill: ReadonlyMap<string, BktParams>): Float64Array {
  const params = table.skillNames.map((name) => paramsBySkill.get(name) ?? DEFAULT_BKT_PARAMS);
  const skillCount = table.skillNames.length;
  const beliefs = new Map<number, Belief>();
  const predictions = new Float64Array(table.rows);
  for (let r = 0; r < table.rows; r++) {
    const skill = table.skill[r]!;
    const p = params[skill]!;
    const key = table.student[r]! * skillCount + skill;
    const belief = beliefs.get(key) ?? priorBelief(p);
    predictions[r] = predictCorrectFromBelief(belief, p);
    beliefs.set(key, updateBelief(belief, table.correct[r] === 1, p));
  }
  return predictions;
}
