import { describe, expect, it } from "vitest";
import { computeAuc, computeLogLoss, computeMetrics, computeRmse, LOG_LOSS_CLIP } from "../../src/tutor/mastery/metrics.js";

describe("computeAuc", () => {
  it("is 1 when every positive outranks every negative, 0 when reversed", () => {
    expect(computeAuc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1);
    expect(computeAuc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).toBe(0);
  });

  it("counts a tie between a positive and a negative as half", () => {
    // Pairs (pos, neg): (0.8, 0.5) win, (0.8, 0.3) win, (0.5, 0.5) tie, (0.5, 0.3) win → 3.5 / 4.
    expect(computeAuc([0.8, 0.5, 0.5, 0.3], [1, 1, 0, 0])).toBeCloseTo(0.875, 12);
    expect(computeAuc([0.5, 0.5, 0.5], [1, 0, 1])).toBe(0.5);
  });

  it("matches a pair count on a mixed case", () => {
    // Positives 0.7, 0.4; negatives 0.6, 0.4, 0.1: wins 0.7>0.6, 0.7>0.4, 0.7>0.1, 0.4>0.1; tie 0.4=0.4 → 4.5/6.
    expect(computeAuc([0.7, 0.6, 0.4, 0.4, 0.1], [1, 0, 1, 0, 0])).toBeCloseTo(0.75, 12);
  });

  it("is NaN with one class only", () => {
    expect(computeAuc([0.2, 0.4], [1, 1])).toBeNaN();
  });
});

describe("computeRmse and computeLogLoss", () => {
  it("compute the hand-worked values", () => {
    // Errors 0.2, 0.4 → sqrt((0.04 + 0.16) / 2) = sqrt(0.1).
    expect(computeRmse([0.8, 0.4], [1, 0])).toBeCloseTo(Math.sqrt(0.1), 12);
    expect(computeLogLoss([0.8, 0.4], [1, 0])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
  });

  it("clips certain wrong predictions instead of returning infinity", () => {
    expect(computeLogLoss([0, 1], [1, 0])).toBeCloseTo(-Math.log(LOG_LOSS_CLIP), 6);
  });

  it("bundle into one result", () => {
    expect(computeMetrics([0.9, 0.1], [1, 0])).toEqual({
      auc: 1,
      rmse: expect.closeTo(0.1, 12),
      logLoss: expect.closeTo(-Math.log(0.9), 12),
    });
  });
});
