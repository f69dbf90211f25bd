import { describe, expect, it } from "vitest";
import { DEFAULT_BKT_PARAMS, type BktParams } from "../../src/tutor/mastery/bkt.js";
import { fitBkt } from "../../src/tutor/mastery/fit-bkt.js";
import { flattenSequences } from "../../src/tutor/mastery/flat-sequences.js";
import { simulateSequences } from "./simulate.js";

function expectClose(actual: BktParams, expected: BktParams, tolerance: number): void {
  for (const key of ["prior", "learn", "guess", "slip", "forget"] as const) {
    expect(Math.abs(actual[key] - expected[key]), `${key}: ${actual[key]} vs ${expected[key]}`).toBeLessThan(tolerance);
  }
}

describe("fitBkt", () => {
  it("recovers the parameters that generated the data", () => {
    const truth = { prior: 0.3, learn: 0.2, guess: 0.15, slip: 0.1, forget: 0 };
    const fit = fitBkt(flattenSequences(simulateSequences(truth, 3000, 12, 7)), { seed: 3 });
    expect(fit.fitted).toBe(true);
    expect(fit.attemptsUsed).toBe(36_000);
    expectClose(fit.params, truth, 0.03);
  });

  it("recovers a forgetting rate when asked to fit one", () => {
    const truth = { prior: 0.4, learn: 0.25, guess: 0.2, slip: 0.08, forget: 0.1 };
    const fit = fitBkt(flattenSequences(simulateSequences(truth, 3000, 15, 11)), { forgetting: true, seed: 5 });
    expectClose(fit.params, truth, 0.04);
  });

  it("keeps forget at 0 without the forgetting option", () => {
    const truth = { prior: 0.4, learn: 0.25, guess: 0.2, slip: 0.08, forget: 0.1 };
    const fit = fitBkt(flattenSequences(simulateSequences(truth, 500, 10, 2)));
    expect(fit.params.forget).toBe(0);
  });

  it("clips guess and slip to their bounds", () => {
    const truth = { prior: 0.5, learn: 0.1, guess: 0.45, slip: 0.4, forget: 0 };
    const fit = fitBkt(flattenSequences(simulateSequences(truth, 1000, 10, 4)), { maxGuess: 0.3, maxSlip: 0.25 });
    expect(fit.params.guess).toBeLessThanOrEqual(0.3);
    expect(fit.params.slip).toBeLessThanOrEqual(0.25);
  });

  it("keeps the defaults below the minimum amount of data", () => {
    const fit = fitBkt(
      flattenSequences([
        [1, 0, 1],
        [0, 1],
      ]),
      { minAttempts: 10 },
    );
    expect(fit).toEqual({ params: DEFAULT_BKT_PARAMS, logLikelihood: 0, attemptsUsed: 5, fitted: false });
  });

  it("gives the same parameters for the same seed", () => {
    const data = flattenSequences(simulateSequences({ ...DEFAULT_BKT_PARAMS }, 200, 8, 9));
    expect(fitBkt(data, { seed: 42 })).toEqual(fitBkt(data, { seed: 42 }));
  });
});
