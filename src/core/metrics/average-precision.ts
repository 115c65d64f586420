import { checkRankingArgs, rankByScore } from './rank-order.js';

/**
 * Average precision at k, the per-query term of MAP@k:
 *
 *   AP@k = (1 / min(k, R)) · Σ_{i=1..k} precision@i · rel_i
 *
 * where rel_i = 1 when the item at rank i is relevant (relevance > 0), precision@i is the share of
 * relevant items among the first i, and R is the number of relevant items. Dividing by min(k, R)
 * (not R) lets a perfect ranking score 1 even when R > k — the convention of the widely used
 * ml_metrics `apk`. 0 when nothing is relevant. Ties broken by index (rank-order.ts).
 * Complexity O(n log n). Throws UsageError on length mismatch, k < 1, negative or NaN relevance.
 */
export function averagePrecisionAtK(relevance: ArrayLike<number>, scores: ArrayLike<number>, k: number): number {
  const kk = checkRankingArgs('averagePrecisionAtK', relevance, scores, k);
  let total = 0;
  for (let i = 0; i < relevance.length; i++) if (relevance[i] > 0) total++;
  if (total === 0) return 0;
  const order = rankByScore(scores);
  let hits = 0;
  let sum = 0;
  for (let r = 0; r < kk; r++) {
    if (relevance[order[r]] > 0) {
      hits++;
      sum += hits / (r + 1);
    }
  }
  return sum / Math.min(k, total);
}
