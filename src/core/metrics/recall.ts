import { checkRankingArgs, rankByScore } from './rank-order.js';

/**
 * Recall at k: the share of all relevant items (relevance > 0) that the scorer puts in its top k.
 *
 *   recall@k = |{relevant} ∩ top-k| / |{relevant}|, and 0 when nothing is relevant.
 *
 * Note: some leaderboards divide by min(k, R) instead of R so that a perfect ranker scores 1 even when
 * R > k; that is "capped recall", not this. Ties broken by index (rank-order.ts).
 * Complexity O(n log n). Throws UsageError on length mismatch, k < 1, negative or NaN relevance.
 */
export function recallAtK(relevance: ArrayLike<number>, scores: ArrayLike<number>, k: number): number {
  const kk = checkRankingArgs('recallAtK', relevance, scores, k);
  let total = 0;
  for (let i = 0; i < relevance.length; i++) if (relevance[i] > 0) total++;
  if (total === 0) return 0;
  const order = rankByScore(scores);
  let hits = 0;
  for (let r = 0; r < kk; r++) if (relevance[order[r]] > 0) hits++;
  return hits / total;
}
