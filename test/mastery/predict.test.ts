import { describe, expect, it } from "vitest";
import { readAttemptTable, type AttemptTable } from "../../src/tutor/mastery/attempt-table.js";
import { DEFAULT_BKT_PARAMS, predictCorrect, updateKnowledge } from "../../src/tutor/mastery/bkt.js";
import { runElo } from "../../src/tutor/mastery/elo.js";
import { predictBkt } from "../../src/tutor/mastery/predict-bkt.js";
import { fitSkillMean, predictSkillMean } from "../../src/tutor/mastery/skill-mean.js";

function read(text: string): AttemptTable {
  const result = readAttemptTable(text);
  if (!result.ok) throw new Error(result.error);
  return result.table;
}

describe("predictBkt", () => {
  it("predicts each answer from the state after the student's earlier answers on that skill", () => {
    const params = { prior: 0.3, learn: 0.2, guess: 0.2, slip: 0.1, forget: 0.05 };
    const table = read("user_id,skill_name,correct\na,s,1\nb,s,0\na,s,0\na,t,1\n");
    const predictions = predictBkt(table, new Map([["s", params]]));
    const afterFirst = updateKnowledge(params.prior, true, params);
    expect(predictions[0]).toBeCloseTo(predictCorrect(params.prior, params), 12);
    // Student b starts afresh.
    expect(predictions[1]).toBeCloseTo(predictCorrect(params.prior, params), 12);
    expect(predictions[2]).toBeCloseTo(predictCorrect(afterFirst, params), 12);
    // Skill t was never fitted: the defaults apply.
    expect(predictions[3]).toBeCloseTo(predictCorrect(DEFAULT_BKT_PARAMS.prior, DEFAULT_BKT_PARAMS), 12);
  });
});

describe("baselines", () => {
  it("skill mean predicts the training share of correct answers, the overall share for unseen skills", () => {
    const model = fitSkillMean(read("user_id,skill_name,correct\na,s,1\na,s,0\nb,s,1\nb,t,0\n"));
    const predictions = predictSkillMean(read("user_id,skill_name,correct\nz,s,1\nz,new,0\n"), model);
    expect(Array.from(predictions)).toEqual([2 / 3, 0.5]);
  });

  it("Elo raises a student's ability after correct answers and starts new students at 0", () => {
    const train = read("user_id,skill_name,correct\na,s,1\na,s,1\na,s,1\n");
    const run = runElo(train, undefined);
    expect(run.predictions[0]).toBe(0.5);
    expect(run.predictions[1]).toBeGreaterThan(0.5);
    expect(run.predictions[2]).toBeGreaterThan(run.predictions[1]!);
    // The item got easier; a new student starts at ability 0 against it.
    const test = runElo(read("user_id,skill_name,correct\nnew,s,0\n"), run.items);
    expect(test.predictions[0]).toBeGreaterThan(0.5);
    expect(test.logits[0]).toBeCloseTo(-run.items.difficulty.get("s")!, 12);
  });
});
