/**
 * Weighted sum of scores, each ranking's scores first mapped to 0..1 between its worst and best candidate, so
 * that rankers on unrelated scales (BM25, cosine similarity) count by their weight alone and a ranker whose
 * scores bunch together (cosines of 0.6 to 0.8) still spreads its candidates. An item absent from a ranking
 * scores 0 there.
 */
export function fuseScores<T>(rankings: ReadonlyArray<ReadonlyMap<T, number>>, weights: readonly number[]): Map<T, number> {
  const fused = new Map<T, number>();
  rankings.forEach((scores, which) => {
    if (scores.size === 0) return;
    const values = [...scores.values()];
    const best = Math.max(...values);
    const worst = Math.min(...values);
    const weight = weights[which] ?? 1;
    for (const [item, score] of scores) {
      const spread = best > worst ? (score - worst) / (best - worst) : 1;
      fused.set(item, (fused.get(item) ?? 0) + weight * spread);
    }
  });
  return fused;
}
