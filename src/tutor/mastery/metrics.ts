/** Scores of probabilistic predictions against 0/1 outcomes. */
export interface Metrics {
  auc: number;
  rmse: number;
  logLoss: number;
}

/** Predictions are clipped before the log, so one confident miss costs a lot but not infinity. */
export const LOG_LOSS_CLIP = 1e-7;

/**
 * Area under the ROC curve by the rank-sum (Mann-Whitney) statistic; tied predictions share their mean
 * rank, which counts a positive-negative tie as half. NaN when one class is absent.
 */
export function computeAuc(predictions: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  const n = predictions.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => predictions[a]! - predictions[b]!);
  let positives = 0;
  let positiveRankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && predictions[order[j + 1]!] === predictions[order[i]!]) j++;
    const meanRank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) {
      if (outcomes[order[k]!]) {
        positives++;
        positiveRankSum += meanRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function computeRmse(predictions: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < predictions.length; i++) sum += (predictions[i]! - outcomes[i]!) ** 2;
  return Math.sqrt(sum / predictions.length);
}

export function computeLogLoss(predictions: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < predictions.length; i++) {
    const p = Math.min(1 - LOG_LOSS_CLIP, Math.max(LOG_LOSS_CLIP, predictions[i]!));
    sum -= outcomes[i] ? Math.log(p) : Math.log(1 - p);
  }
  return sum / predictions.length;
}

export function computeMetrics(predictions: ArrayLike<number>, outcomes: ArrayLike<number>): Metrics {
  return {
    auc: computeAuc(predictions, outcomes),
    rmse: computeRmse(predictions, outcomes),
    logLoss: computeLogLoss(predictions, outcomes),
  };
}
