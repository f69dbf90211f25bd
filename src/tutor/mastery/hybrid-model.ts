import type { AttemptTable } from "./attempt-table.js";
import type { BktParams } from "./bkt.js";
import { runElo, type EloItems, type EloOptions } from "./elo.js";
import { fitLogistic, predictLogistic } from "./logistic-regression.js";
import { predictBkt } from "./predict-bkt.js";

/**
 * BKT with forgetting combined with Elo by a logistic regression. Per-skill BKT cannot see that a
 * student who is strong on other skills is likely strong on this one; the Elo ability carries that
 * across skills. Features: logit of the BKT prediction, the Elo logit (ability − difficulty), and
 * log(1 + earlier answers on the skill).
 */
export interface HybridModel {
  bkt: ReadonlyMap<string, BktParams>;
  eloItems: EloItems;
  eloOptions: EloOptions;
  weights: Float64Array;
}

const MAX_LOGIT = 15;

function toLogit(p: number): number {
  const logit = Math.log(p / (1 - p));
  return Math.max(-MAX_LOGIT, Math.min(MAX_LOGIT, logit));
}

function computeFeatures(table: AttemptTable, bkt: ReadonlyMap<string, BktParams>, eloLogits: Float64Array): Float64Array[] {
  const bktLogits = Float64Array.from(predictBkt(table, bkt), toLogit);
  const earlier = new Float64Array(table.rows);
  const seen = new Map<number, number>();
  const skillCount = table.skillNames.length;
  for (let r = 0; r < table.rows; r++) {
    const key = table.student[r]! * skillCount + table.skill[r]!;
    const count = seen.get(key) ?? 0;
    earlier[r] = Math.log1p(count);
    seen.set(key, count + 1);
  }
  return [bktLogits, eloLogits, earlier];
}

/** Fits the combination weights on the training table's own next-answer features. */
export function fitHybrid(train: AttemptTable, bkt: ReadonlyMap<string, BktParams>, eloOptions: EloOptions = {}): HybridModel {
  const elo = runElo(train, undefined, eloOptions);
  const weights = fitLogistic(computeFeatures(train, bkt, elo.logits), train.correct);
  return { bkt, eloItems: elo.items, eloOptions, weights };
}

/** Next-answer predictions; students are new, items keep their trained difficulty and keep learning. */
export function predictHybrid(table: AttemptTable, model: HybridModel): Float64Array {
  const elo = runElo(table, model.eloItems, model.eloOptions);
  const features = computeFeatures(table, model.bkt, elo.logits);
  return Float64Array.from({ length: table.rows }, (_, r) => predictLogistic(model.weights, features, r));
}
