import { checkRankingArgs, rankByScore } from './rank-order.js';
import { UsageError } from '../errors.js';

export type NdcgGain = 'exponential' | 'linear';

/**
 * Normalised discounted cumulative gain at k (Järvelin & Kekäläinen, 2002).
 *
 *   DCG@k  = Σ_{r=1..k} gain(rel_(r)) / log2(r + 1), items ranked by score descending
 *   IDCG@k = the same sum over the relevance values sorted descending (computed from ALL items,
 *            not just those the scorer put in its top k)
 *   NDCG@k = DCG@k / IDCG@k, and 0 when IDCG@k = 0 (nothing relevant).
 *
 * The gain is a convention the field disagrees on, so it is an option:
 * - 'exponential' (default): 2^rel − 1 — LightGBM's lambdarank/ndcg and XGBoost's rank:ndcg;
 *   it rewards putting a rel-3 item first far more than a rel-1 item.
 * - 'linear': rel — scikit-learn's ndcg_score.
 * With binary relevance both give the same number; with graded labels they differ.
 *
 * Ties in scores are broken by input index (see rank-order.ts), not averaged as scikit-learn does.
 * Complexity O(n log n). Throws UsageError on length mismatch, k < 1, negative or NaN relevance.
 */
export function ndcgAtK(
  relevance: ArrayLike<number>,
  scores: ArrayLike<number>,
  k: number,
  opts: { gain?: NdcgGain } = {},
): number {
  const kk = checkRankingArgs('ndcgAtK', relevance, scores, k);
  const gainKind = opts.gain ?? 'exponential';
  if (gainKind !== 'exponential' && gainKind !== 'linear') {
    throw new UsageError(`ndcgAtK: gain must be 'exponential' or 'linear', got ${String(gainKind)}`);
  }
  const gain = gainKind === 'exponential' ? (r: number) => 2 ** r - 1 : (r: number) => r;
  const order = rankByScore(scores);
  let dcg = 0;
  for (let r = 0; r < kk; r++) dcg += gain(relevance[order[r]]) / Math.log2(r + 2);
  const ideal = Float64Array.from(relevance).sort().reverse();
  let idcg = 0;
  for (let r = 0; r < kk; r++) idcg += gain(ideal[r]) / Math.log2(r + 2);
  return idcg > 0 ? dcg / idcg : 0;
}
