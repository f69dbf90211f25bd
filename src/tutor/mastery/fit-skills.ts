import type { AttemptTable } from "./attempt-table.js";
import { fitBkt, FitBktOptionsSchema, type BktFit, type FitBktOptions } from "./fit-bkt.js";
import { groupBySkill } from "./flat-sequences.js";

/** Fits one BKT model per skill of the table; skill k is seeded with seed + k, so fits are reproducible. */
export function fitSkills(table: AttemptTable, options: FitBktOptions = {}): Map<string, BktFit> {
  const sequences = groupBySkill(table.student, table.skill, table.correct, table.skillNames.length);
  const baseSeed = FitBktOptionsSchema.shape.seed.parse(options.seed);
  return new Map(table.skillNames.map((name, k) => [name, fitBkt(sequences[k]!, { ...options, seed: baseSeed + k })]));
}
