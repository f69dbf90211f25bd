import { describe, expect, it } from "vitest";
import { DEFAULT_BKT_PARAMS, posteriorKnown, predictCorrect, updateKnowledge, type BktParams } from "../../src/tutor/mastery/bkt.js";

// Default parameters: prior 0.2, learn 0.15, guess 0.2, slip 0.1, no forgetting. Values worked by hand.
const params: BktParams = DEFAULT_BKT_PARAMS;

describe("BKT", () => {
  it("posteriorKnown after a right answer: 0.2·0.9 / (0.2·0.9 + 0.8·0.2) = 9/17", () => {
    expect(posteriorKnown(0.2, true, params)).toBeCloseTo(9 / 17, 12);
  });

  it("posteriorKnown after a wrong answer: 0.2·0.1 / (0.2·0.1 + 0.8·0.8) = 1/33", () => {
    expect(posteriorKnown(0.2, false, params)).toBeCloseTo(1 / 33, 12);
  });

  it("updateKnowledge adds the chance to learn: 9/17 + 8/17·0.15 = 0.6", () => {
    expect(updateKnowledge(0.2, true, params)).toBeCloseTo(0.6, 12);
    expect(updateKnowledge(0.2, false, params)).toBeCloseTo(5.8 / 33, 12);
  });

  it("updateKnowledge with forgetting: 9/17·(1 − 0.1) + 8/17·0.15 = 9.3/17", () => {
    expect(updateKnowledge(0.2, true, { ...params, forget: 0.1 })).toBeCloseTo(9.3 / 17, 12);
  });

  it("predictCorrect: p·(1 − slip) + (1 − p)·guess", () => {
    expect(predictCorrect(0.5, params)).toBeCloseTo(0.55, 12);
    expect(predictCorrect(0, params)).toBeCloseTo(0.2, 12);
    expect(predictCorrect(1, params)).toBeCloseTo(0.9, 12);
  });

  it("a run of right answers reaches mastery (0.95) and a wrong one lowers it", () => {
    let p = params.prior;
    const history: number[] = [];
    for (let i = 0; i < 4; i++) history.push((p = updateKnowledge(p, true, params)));
    // 0.6 → 0.54 / 0.62 + (0.08 / 0.62)·0.15 = 0.8903, and so on.
    expect(history.map((x) => Number(x.toFixed(4)))).toEqual([0.6, 0.8903, 0.9774, 0.9956]);
    expect(history[2]).toBeGreaterThanOrEqual(0.95);
    expect(updateKnowledge(p, false, params)).toBeCloseTo(0.9713, 4);
  });
});
