/**
 * Reciprocal rank fusion (Cormack et al. 2009): each ranking gives an item 1 / (k + rank). It needs no score
 * calibration between BM25 and cosine similarity, which live on unrelated scales.
 */
export function fuseRankings<T>(rankings: ReadonlyArray<readonly T[]>, k = 60, weights?: readonly number[]): Map<T, number> {
  const fused = new Map<T, number>();
  rankings.forEach((ranking, which) => {
    const weight = weights?.[which] ?? 1;
    ranking.forEach((item, index) => {
      fused.set(item, (fused.get(item) ?? 0) + weight / (k + index + 1));
    });
  });
  return fused;
}
