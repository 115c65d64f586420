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

/** Mean of the defined values (NaN marks a user outside the cohort), and 0 for an empty cohort (run results must not carry NaN; the cohort sizes are reported beside). */
export function cohortMean(xs: Float64Array): number {
  let s = 0;
  let n = 0;
  for (const x of xs) if (x === x) { s += x; n++; }
  return n ? s / n : 0;
}

/**
 * Every metric of `retrievalMetrics` as one value per eval user (row r of the set), NaN where the user is
 * outside the metric's cohort: what a bootstrap over users resamples (`ctx.bootstrap.mean(population, values)`
 * with one population name for all of them, so metrics of several models on the same set are paired).
 */
export function retrievalPerUser(set: EvalSet, lists: Int32Array, stride: number, prefix = ''): Record<string, Float64Array> {
  const n = set.users.length;
  const col = (): Float64Array => new Float64Array(n).fill(NaN);
  const recall: Record<number, Float64Array> = { 10: col(), 50: col(), 100: col(), 500: col() };
  const ndcg = col(), warm = col(), fresh = col(), tail = col(), cold = col(), head = col(), logPop = col();
  for (let r = 0; r < n; r++) {
    const list = lists.subarray(r * stride, (r + 1) * stride);
    const rel = set.relevant[r];
    for (const k of RECALL_KS) recall[k][r] = recallOfRetrieved(list, rel, k);
    ndcg[r] = ndcgOfRetrieved(list, new Set(rel), 10);
    if (set.warm[r]) warm[r] = recall[100][r];
    if (set.isNew[r]) fresh[r] = recall[100][r];
    const relTail = rel.filter((i) => set.isTail[i] === 1);
    if (relTail.length) tail[r] = recallOfRetrieved(list, relTail, 100);
    const relCold = rel.filter((i) => set.isCold[i] === 1);
    if (relCold.length) cold[r] = recallOfRetrieved(list, relCold, 100);
    let hits = 0;
    let pop = 0;
    for (let q = 0; q < Math.min(10, list.length); q++) {
      if (list[q] < 0) continue;
      hits += set.isTail[list[q]] ? 0 : 1;
      pop += Math.log1p(set.trainCounts[list[q]]);
    }
    head[r] = hits / 10;
    logPop[r] = pop / 10;
  }
  return {
    [`${prefix}recall_at_10`]: recall[10],
    [`${prefix}recall_at_50`]: recall[50],
    [`${prefix}recall_at_100`]: recall[100],
    [`${prefix}recall_at_500`]: recall[500],
    [`${prefix}ndcg_at_10`]: ndcg,
    [`${prefix}recall_at_100_warm_users`]: warm,
    [`${prefix}recall_at_100_new_users`]: fresh,
    [`${prefix}recall_at_100_tail_items`]: tail,
    [`${prefix}recall_at_100_cold_items`]: cold,
    [`${prefix}head_share_at_10`]: head,
    [`${prefix}mean_log_popularity_at_10`]: logPop,
  };
}

/**
 * Metrics of `lists` (one ranked list of ≥ MAX_K ids per eval user, row r at [r·stride, r·stride + stride)).
 * Cohort metrics are recall@100 restricted to the cohort's users (warm/new) or to relevant items of
 * the cohort (tail/cold; users without such items are skipped); 0 when a cohort is empty, with the cohort
 * sizes reported (unprefixed call only) as eval_users_*. Each metric is the mean of `retrievalPerUser`'s column.
 */
export function retrievalMetrics(set: EvalSet, lists: Int32Array, stride: number, prefix = ''): Record<string, number> {
  return retrievalEvaluation(set, lists, stride, prefix).metrics;
}

/** `retrievalMetrics` and the per-user columns they are the means of, from one pass (for runs that give replicates). */
export function retrievalEvaluation(set: EvalSet, lists: Int32Array, stride: number, prefix = ''): { metrics: Record<string, number>; perUser: Record<string, Float64Array> } {
  const perUser = retrievalPerUser(set, lists, stride, prefix);
  const count = (xs: Float64Array): number => xs.reduce((c, x) => (x === x ? c + 1 : c), 0);
  const sizes: Record<string, number> = prefix === ''
    ? {
        eval_users: set.users.length,
        eval_users_warm: count(perUser.recall_at_100_warm_users),
        eval_users_new: count(perUser.recall_at_100_new_users),
        eval_users_with_tail_items: count(perUser.recall_at_100_tail_items),
        eval_users_with_cold_items: count(perUser.recall_at_100_cold_items),
      }
    : {};
  const metrics: Record<string, number> = { ...sizes };
  for (const [k, v] of Object.entries(perUser)) metrics[k] = cohortMean(v);
  return { metrics, perUser };
}

/**
 * The recall@k a random ranking would get in expectation, per eval user: each relevant item lands in the top k
 * of the user's candidates (all items minus the excluded ones) with probability k / candidates. Given for the
 * users with relevant cold items (NaN for the others), so it sits beside recall_at_100_cold_items as its chance
 * level. O(users).
 */
export function chanceColdRecallPerUser(set: EvalSet, numItems: number, k: number): Float64Array {
  return Float64Array.from(set.users, (_, r) => {
    if (!set.relevant[r].some((i) => set.isCold[i] === 1)) return NaN;
    return Math.min(1, k / Math.max(1, numItems - set.exclude[r].size));
  });
}
