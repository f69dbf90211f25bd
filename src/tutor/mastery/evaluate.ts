import type { AttemptTable } from "./attempt-table.js";
import type { BktParams } from "./bkt.js";
import { runElo } from "./elo.js";
import type { FitBktOptions } from "./fit-bkt.js";
import { fitSkills } from "./fit-skills.js";
import { fitHybrid, predictHybrid } from "./hybrid-model.js";
import { computeMetrics, type Metrics } from "./metrics.js";
import { predictBkt } from "./predict-bkt.js";
import { fitSkillMean, predictSkillMean } from "./skill-mean.js";

export const MODEL_NAMES = ["skill-mean", "elo", "bkt", "bkt-forgetting", "bkt-forgetting+elo"] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export interface Evaluation {
  models: Record<ModelName, Metrics>;
  /** Wall time to fit every model on the training table (parsing excluded). */
  fitSeconds: number;
  trainRows: number;
  testRows: number;
  skillsFitted: { bkt: number; bktForgetting: number; total: number };
}

function toParams(fits: ReturnType<typeof fitSkills>): Map<string, BktParams> {
  return new Map([...fits].map(([skill, fit]) => [skill, fit.params]));
}

/** Fits every model on `train`, then scores next-answer predictions on `test` (whose students are new). */
export function evaluateModels(train: AttemptTable, test: AttemptTable, options: FitBktOptions = {}): Evaluation {
  const started = performance.now();
  const skillMean = fitSkillMean(train);
  const bktFits = fitSkills(train, { ...options, forgetting: false });
  const forgettingFits = fitSkills(train, { ...options, forgetting: true });
  const hybrid = fitHybrid(train, toParams(forgettingFits));
  const fitSeconds = (performance.now() - started) / 1000;

  const score = (predictions: Float64Array) => computeMetrics(predictions, test.correct);
  const countFitted = (fits: ReturnType<typeof fitSkills>) => [...fits.values()].filter((f) => f.fitted).length;
  return {
    models: {
      "skill-mean": score(predictSkillMean(test, skillMean)),
      // The hybrid ran Elo on the training table with the default options: its items are the Elo model's.
      elo: score(runElo(test, hybrid.eloItems).predictions),
      bkt: score(predictBkt(test, toParams(bktFits))),
      "bkt-forgetting": score(predictBkt(test, toParams(forgettingFits))),
      "bkt-forgetting+elo": score(predictHybrid(test, hybrid)),
    },
    fitSeconds,
    trainRows: train.rows,
    testRows: test.rows,
    skillsFitted: { bkt: countFitted(bktFits), bktForgetting: countFitted(forgettingFits), total: train.skillNames.length },
  };
}
