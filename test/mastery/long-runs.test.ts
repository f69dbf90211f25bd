import { describe, expect, it } from "vitest";
import {
  DEFAULT_BKT_PARAMS,
  MAX_STORED_P_KNOWN,
  predictCorrectFromBelief,
  priorBelief,
  updateBelief,
  updateKnowledge,
} from "../../src/tutor/mastery/bkt.js";
import { fitBkt } from "../../src/tutor/mastery/fit-bkt.js";
import { flattenSequences } from "../../src/tutor/mastery/flat-sequences.js";
import { predictBkt } from "../../src/tutor/mastery/predict-bkt.js";
import type { AttemptTable } from "../../src/tutor/mastery/attempt-table.js";

/** p(known) rounds to exactly 1 after a long run of right answers; a p(known)-only filter then ignores every miss. */
const RIGHTS = 60;
const WRONGS = 70;
const sequence = [...Array<number>(RIGHTS).fill(1), ...Array<number>(WRONGS).fill(0)];

describe("long runs of right answers", () => {
  it("the belief still comes down after a long run of wrong answers", () => {
    let belief = priorBelief(DEFAULT_BKT_PARAMS);
    for (const answer of sequence) belief = updateBelief(belief, answer === 1, DEFAULT_BKT_PARAMS);
    expect(belief.known).toBeLessThan(0.5);
    expect(predictCorrectFromBelief(belief, DEFAULT_BKT_PARAMS)).toBeLessThan(0.5);
  });

  it("the tutor's stored p(known) never reaches 1, so misses after mastery still count", () => {
    let p = DEFAULT_BKT_PARAMS.prior;
    for (let i = 0; i < RIGHTS; i++) p = updateKnowledge(p, true, DEFAULT_BKT_PARAMS);
    expect(p).toBe(MAX_STORED_P_KNOWN);
    for (let i = 0; i < 10; i++) p = updateKnowledge(p, false, DEFAULT_BKT_PARAMS);
    expect(p).toBeLessThan(0.5);
  });

  it("predictions on the test rows follow the misses", () => {
    const table: AttemptTable = {
      rows: sequence.length,
      student: new Int32Array(sequence.length),
      skill: new Int32Array(sequence.length),
      item: new Int32Array(sequence.length),
      correct: Uint8Array.from(sequence),
      studentCount: 1,
      skillNames: ["s"],
      itemNames: ["s"],
    };
    const predictions = predictBkt(table, new Map([["s", DEFAULT_BKT_PARAMS]]));
    expect(predictions[RIGHTS]).toBeCloseTo(0.9, 6);
    expect(predictions[sequence.length - 1]).toBeLessThan(0.5);
  });

  it("EM never lowers the likelihood on such sequences (it stopped early and fitted poorly before)", () => {
    const data = flattenSequences([
      ...Array.from({ length: 40 }, () => sequence),
      ...Array.from({ length: 40 }, (_, i) => [0, 0, 1, i % 2, 1, 1]),
    ]);
    let previous = -Infinity;
    for (const maxIterations of [1, 2, 3, 5, 8, 13, 21, 34]) {
      const fit = fitBkt(data, { restarts: 1, maxIterations, tolerance: 1e-12 });
      expect(fit.logLikelihood, `after ${maxIterations} iterations`).toBeGreaterThanOrEqual(previous - 1e-6);
      previous = fit.logLikelihood;
    }
  });
});
