/**
 * Retrieval metrics of ranked id lists against an EvalSet: recall@10/50/100/500 and NDCG@10 (binary
 * relevance), per cohort (warm users, new users, tail items, cold items), and the popularity bias of
 * what was retrieved. Recall uses src/core/metrics (recallOfRetrieved); NDCG@10 from id lists is
 * computed here because the core version takes a full score vector.
 */
import { recallOfRetrieved } from '../../core/metrics/index.js';
import type { EvalSet } from './eval-set.js';

export const RECALL_KS = [10, 50, 100, 500] as const;
export const MAX_K = 500;

/** NDCG@k with binary gains of a retrieved list; the ideal puts min(k, |relevant|) hits first. O(k). */
export function ndcgOfRetrieved(retrieved: ArrayLike<number>, relevant: Set<number>, k: number): number {
  let dcg = 0;
  const m = Math.min(k, retrieved.length);
  for (let r = 0; r < m; r++) if (relevant.has(retrieved[r])) dcg += 1 / Math.log2(r + 2);
  let idcg = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) idcg += 1 / Math.log2(r + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

/** Mean, and 0 for an empty cohort (run results must not carry NaN; the cohort sizes are reported beside). */
function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

/**
 * Metrics of `lists` (one ranked list of ≥ MAX_K ids per eval user, row r at [r·stride, r·stride + stride)).
 * Cohort metrics are recall@100 restricted to the cohort's users (warm/new) or to relevant items of
 * the cohort (tail/cold; users without such items are skipped); 0 when a cohort is empty, with the cohort
 * sizes reported (unprefixed call only) as eval_users_*.
 */
export function retrievalMetrics(set: EvalSet, lists: Int32Array, stride: number, prefix = ''): Record<string, number> {
  const recall: Record<number, number[]> = { 10: [], 50: [], 100: [], 500: [] };
  const ndcg: number[] = [];
  const warm: number[] = [];
  const fresh: number[] = [];
  const tail: number[] = [];
  const cold: number[] = [];
  let headHits = 0;
  let logPop = 0;
  for (let r = 0; r < set.users.length; r++) {
    const list = lists.subarray(r * stride, (r + 1) * stride);
    const rel = set.relevant[r];
    for (const k of RECALL_KS) recall[k].push(recallOfRetrieved(list, rel, k));
    ndcg.push(ndcgOfRetrieved(list, new Set(rel), 10));
    const r100 = recall[100][recall[100].length - 1];
    if (set.warm[r]) warm.push(r100);
    if (set.isNew[r]) fresh.push(r100);
    const relTail = rel.filter((i) => set.isTail[i] === 1);
    if (relTail.length) tail.push(recallOfRetrieved(list, relTail, 100));
    const relCold = rel.filter((i) => set.isCold[i] === 1);
    if (relCold.length) cold.push(recallOfRetrieved(list, relCold, 100));
    for (let q = 0; q < Math.min(10, list.length); q++) {
      if (list[q] < 0) continue;
      headHits += set.isTail[list[q]] ? 0 : 1;
      logPop += Math.log1p(set.trainCounts[list[q]]);
    }
  }
  const n10 = set.users.length * 10;
  const sizes: Record<string, number> = prefix === ''
    ? { eval_users: set.users.length, eval_users_warm: warm.length, eval_users_new: fresh.length, eval_users_with_tail_items: tail.length, eval_users_with_cold_items: cold.length }
    : {};
  return {
    ...sizes,
    [`${prefix}recall_at_10`]: mean(recall[10]),
    [`${prefix}recall_at_50`]: mean(recall[50]),
    [`${prefix}recall_at_100`]: mean(recall[100]),
    [`${prefix}recall_at_500`]: mean(recall[500]),
    [`${prefix}ndcg_at_10`]: mean(ndcg),
    [`${prefix}recall_at_100_warm_users`]: mean(warm),
    [`${prefix}recall_at_100_new_users`]: mean(fresh),
    [`${prefix}recall_at_100_tail_items`]: mean(tail),
    [`${prefix}recall_at_100_cold_items`]: mean(cold),
    [`${prefix}head_share_at_10`]: headHits / n10,
    [`${prefix}mean_log_popularity_at_10`]: logPop / n10,
  };
}
