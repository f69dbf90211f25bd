import type { BktParams } from "../../src/tutor/mastery/bkt.js";
import { createPrng } from "../../src/tutor/mastery/prng.js";

/** Answer sequences drawn from the BKT generative model itself, seeded. */
export function simulateSequences(params: BktParams, students: number, length: number, seed: number): number[][] {
  const random = createPrng(seed);
  return Array.from({ length: students }, () => {
    let known = random() < params.prior;
    return Array.from({ length }, () => {
      const correct = known ? random() >= params.slip : random() < params.guess;
      known = known ? random() >= params.forget : random() < params.learn;
      return correct ? 1 : 0;
    });
  });
}
