import type { AttemptTable } from "./attempt-table.js";

/** The baseline every model must beat: each skill's share of correct answers in the training data. */
export interface SkillMeanModel {
  bySkill: Map<string, number>;
  overall: number;
}

export function fitSkillMean(train: AttemptTable): SkillMeanModel {
  const correct = new Float64Array(train.skillNames.length);
  const total = new Float64Array(train.skillNames.length);
  let allCorrect = 0;
  for (let r = 0; r < train.rows; r++) {
    total[train.skill[r]!]!++;
    correct[train.skill[r]!]! += train.correct[r]!;
    allCorrect += train.correct[r]!;
  }
  const bySkill = new Map(train.skillNames.map((name, k) => [name, correct[k]! / total[k]!]));
  return { bySkill, overall: train.rows > 0 ? allCorrect / train.rows : 0.5 };
}

export function predictSkillMean(table: AttemptTable, model: SkillMeanModel): Float64Array {
  const bySkill = table.skillNames.map((name) => model.bySkill.get(name) ?? model.overall);
  return Float64Array.from(table.skill, (k) => bySkill[k]!);
}
