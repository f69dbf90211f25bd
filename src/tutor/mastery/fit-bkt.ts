import { z } from "zod";
import { DEFAULT_BKT_PARAMS, type BktParams } from "./bkt.js";
import { countSequences, type FlatSequences } from "./flat-sequences.js";
import { createPrng } from "./prng.js";

export const FitBktOptionsSchema = z.object({
  /** Also fit p(F), the chance of forgetting between attempts. */
  forgetting: z.boolean().default(false),
  restarts: z.number().int().min(1).default(5),
  maxIterations: z.number().int().min(1).default(100),
  /** Stop when the log-likelihood per answer improves by less than this. */
  tolerance: z.number().positive().default(1e-7),
  seed: z.number().int().default(1),
  /** Below this many answers the skill keeps DEFAULT_BKT_PARAMS: EM on a handful of answers is noise. */
  minAttempts: z.number().int().min(0).default(30),
  /**
   * Upper bounds keep the model identifiable: with guess and slip below 0.5 each, guess + slip < 1, so
   * "known" always means "more likely right" and the two states cannot swap. Tighter bounds (0.3) cut
   * off real skills whose answers are easy to guess: on students held out of the ASSISTments training
   * file, AUC was 0.768 at 0.3, 0.774 at 0.4 and 0.778 at 0.5.
   */
  maxGuess: z.number().min(0).max(0.5).default(0.5),
  maxSlip: z.number().min(0).max(0.5).default(0.5),
});
export type FitBktOptions = z.input<typeof FitBktOptionsSchema>;

export interface BktFit {
  params: BktParams;
  /** Log-likelihood of the data under params; 0 when the defaults were kept. */
  logLikelihood: number;
  attemptsUsed: number;
  /** False when there was too little data and the defaults were kept. */
  fitted: boolean;
}

const EPSILON = 1e-4;

function clip(value: number, low: number, high: number): number {
  return value < low ? low : Math.min(value, high);
}

/**
 * Fits BKT to one skill's sequences by EM (Baum-Welch), keeping the restart with the best likelihood.
 * The restarts' random starting points come from `seed`, so the same data gives the same parameters.
 */
export function fitBkt(sequences: FlatSequences, options: FitBktOptions = {}): BktFit {
  const opts = FitBktOptionsSchema.parse(options);
  const attemptsUsed = sequences.obs.length;
  if (attemptsUsed < Math.max(1, opts.minAttempts)) {
    return { params: { ...DEFAULT_BKT_PARAMS }, logLikelihood: 0, attemptsUsed, fitted: false };
  }
  const random = createPrng(opts.seed);
  const longest = longestSequence(sequences);
  const scratch = { known: new Float64Array(longest), unknown: new Float64Array(longest) };
  let best: { params: BktParams; logLikelihood: number } | undefined;
  for (let restart = 0; restart < opts.restarts; restart++) {
    const start: BktParams =
      restart === 0
        ? { ...DEFAULT_BKT_PARAMS, forget: opts.forgetting ? 0.05 : 0 }
        : {
            prior: 0.05 + 0.9 * random(),
            learn: 0.01 + 0.4 * random(),
            guess: 0.05 + (opts.maxGuess - 0.05) * random(),
            slip: 0.05 + (opts.maxSlip - 0.05) * random(),
            forget: opts.forgetting ? 0.2 * random() : 0,
          };
    const result = runEm(sequences, start, opts, scratch);
    if (!best || result.logLikelihood > best.logLikelihood) best = result;
  }
  return { params: best!.params, logLikelihood: best!.logLikelihood, attemptsUsed, fitted: true };
}

function longestSequence({ starts }: FlatSequences): number {
  let longest = 0;
  for (let i = 0; i + 1 < starts.length; i++) longest = Math.max(longest, starts[i + 1]! - starts[i]!);
  return longest;
}

function runEm(
  sequences: FlatSequences,
  start: BktParams,
  opts: z.output<typeof FitBktOptionsSchema>,
  scratch: FilteredStates,
): { params: BktParams; logLikelihood: number } {
  let params = start;
  let previous = -Infinity;
  let logLikelihood = -Infinity;
  const n = sequences.obs.length;
  for (let iteration = 0; iteration < opts.maxIterations; iteration++) {
    const step = emStep(sequences, params, opts, scratch);
    logLikelihood = step.logLikelihood;
    params = step.next;
    if ((logLikelihood - previous) / n < opts.tolerance) break;
    previous = logLikelihood;
  }
  // The returned likelihood belongs to the parameters before the last M-step; close enough to rank restarts.
  return { params, logLikelihood };
}

/** Filtered p(known) and p(unknown) at each step of one sequence, reused across sequences. */
interface FilteredStates {
  known: Float64Array;
  unknown: Float64Array;
}

/**
 * One E-step (scaled forward-backward over every sequence) and the M-step that follows it.
 * Both states' probabilities are carried separately and never as 1 − p: after a long run of right
 * answers p(known) rounds to exactly 1 in floating point, and a filter holding only p(known) could
 * then never believe the student does not know the skill, whatever follows. That silently broke EM
 * (the likelihood fell between iterations, so fits stopped early) and predictions on long sequences.
 */
function emStep(
  { obs, starts }: FlatSequences,
  params: BktParams,
  opts: z.output<typeof FitBktOptionsSchema>,
  { known: alphaKnown, unknown: alphaUnknown }: FilteredStates,
): { next: BktParams; logLikelihood: number } {
  const { prior, learn, guess, slip } = params;
  const forget = opts.forgetting ? params.forget : 0;
  const stay = 1 - forget;
  const remain = 1 - learn;
  let priorSum = 0;
  let learnNum = 0,
    learnDen = 0,
    forgetNum = 0,
    forgetDen = 0;
  let guessNum = 0,
    guessDen = 0,
    slipNum = 0,
    slipDen = 0;
  let logLikelihood = 0;
  const sequenceCount = countSequences({ obs, starts });
  for (let s = 0; s < sequenceCount; s++) {
    const begin = starts[s]!;
    const length = starts[s + 1]! - begin;
    if (length === 0) continue;
    // Forward: alphaKnown[t] = p(known at t | answers up to t), alphaUnknown[t] the same for unknown.
    let pKnown = prior;
    let pUnknown = 1 - prior;
    for (let t = 0; t < length; t++) {
      const correct = obs[begin + t] === 1;
      const known = pKnown * (correct ? 1 - slip : slip);
      const unknown = pUnknown * (correct ? guess : 1 - guess);
      const evidence = known + unknown;
      logLikelihood += Math.log(evidence);
      const postKnown = known / evidence;
      const postUnknown = unknown / evidence;
      alphaKnown[t] = postKnown;
      alphaUnknown[t] = postUnknown;
      pKnown = postKnown * stay + postUnknown * learn;
      pUnknown = postKnown * forget + postUnknown * remain;
    }
    // Backward, accumulating the expected counts as it goes.
    let betaKnown = 1;
    let betaUnknown = 1;
    const lastKnown = alphaKnown[length - 1]!;
    const lastUnknown = alphaUnknown[length - 1]!;
    const lastCorrect = obs[begin + length - 1]!;
    guessNum += lastUnknown * lastCorrect;
    guessDen += lastUnknown;
    slipNum += lastKnown * (1 - lastCorrect);
    slipDen += lastKnown;
    let gammaKnown = lastKnown;
    for (let t = length - 2; t >= 0; t--) {
      const nextCorrect = obs[begin + t + 1] === 1;
      const mKnown = (nextCorrect ? 1 - slip : slip) * betaKnown;
      const mUnknown = (nextCorrect ? guess : 1 - guess) * betaUnknown;
      const aKnown = alphaKnown[t]!;
      const aUnknown = alphaUnknown[t]!;
      const knownKnown = aKnown * stay * mKnown;
      const knownUnknown = aKnown * forget * mUnknown;
      const unknownKnown = aUnknown * learn * mKnown;
      const unknownUnknown = aUnknown * remain * mUnknown;
      const z = knownKnown + knownUnknown + unknownKnown + unknownUnknown;
      gammaKnown = (knownKnown + knownUnknown) / z;
      const gammaUnknown = (unknownKnown + unknownUnknown) / z;
      learnNum += unknownKnown / z;
      learnDen += gammaUnknown;
      forgetNum += knownUnknown / z;
      forgetDen += gammaKnown;
      const correct = obs[begin + t]!;
      guessNum += gammaUnknown * correct;
      guessDen += gammaUnknown;
      slipNum += gammaKnown * (1 - correct);
      slipDen += gammaKnown;
      const nextBetaKnown = stay * mKnown + forget * mUnknown;
      const nextBetaUnknown = learn * mKnown + remain * mUnknown;
      const scale = nextBetaKnown + nextBetaUnknown;
      betaKnown = nextBetaKnown / scale;
      betaUnknown = nextBetaUnknown / scale;
    }
    priorSum += gammaKnown;
  }
  const ratio = (num: number, den: number, fallback: number) => (den > 0 ? num / den : fallback);
  const next: BktParams = {
    prior: clip(ratio(priorSum, sequenceCount, prior), EPSILON, 1 - EPSILON),
    learn: clip(ratio(learnNum, learnDen, learn), EPSILON, 1 - EPSILON),
    guess: clip(ratio(guessNum, guessDen, guess), EPSILON, opts.maxGuess),
    slip: clip(ratio(slipNum, slipDen, slip), EPSILON, opts.maxSlip),
    forget: opts.forgetting ? clip(ratio(forgetNum, forgetDen, forget), EPSILON, 1 - EPSILON) : 0,
  };
  return { next, logLikelihood };
}
