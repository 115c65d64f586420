/**
 * Batch helpers for retrieval experiments, where a model returns id lists rather than a score per item:
 * recall of retrieved ids against a held-out set, and ANN recall against exact search.
 */
import { UsageError } from '../errors.js';

function checkK(fn: string, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new UsageError(`${fn}: k must be an integer ≥ 1, got ${k}`);
}

/** Binary search in a sorted ascending Int32Array. O(log n). */
function sortedHas(sorted: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid];
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Recall of a retrieved id list against the held-out relevant ids:
 *
 *   |relevant ∩ retrieved[0..k)| / |relevant|, 0 when nothing is relevant.
 *
 * `relevantIds` may be a Set or an ascending-sorted Int32Array (binary search; the caller sorts once).
 * A duplicate in `retrieved` counts once. Complexity O(k log R) for an array, O(k) for a Set.
 * Throws UsageError when k < 1.
 */
export function recallOfRetrieved(retrieved: ArrayLike<number>, relevantIds: Set<number> | Int32Array, k: number): number {
  checkK('recallOfRetrieved', k);
  const total = relevantIds instanceof Set ? relevantIds.size : relevantIds.length;
  if (total === 0) return 0;
  const has = relevantIds instanceof Set ? (id: number) => relevantIds.has(id) : (id: number) => sortedHas(relevantIds, id);
  const m = Math.min(k, retrieved.length);
  // only a relevant id can be a hit, so only those are remembered (a repeat of an earlier relevant id is skipped)
  let seen: Set<number> | null = null;
  let hits = 0;
  for (let i = 0; i < m; i++) {
    const id = retrieved[i];
    if (!has(id)) continue;
    if (seen === null) seen = new Set<number>();
    else if (seen.has(id)) continue;
    seen.add(id);
    hits++;
  }
  return hits / total;
}

/**
 * ANN recall@k, the figure ANN benchmarks report (ann-benchmarks, hnswlib's tests):
 *
 *   |approx[0..k) ∩ exact[0..k)| / min(k, |exact|)
 *
 * `exact` is the true top-k from brute force. Ties at the k-th exact score can make a correct answer look
 * like a miss; with continuous float scores that is rare. Complexity O(k). Throws UsageError when k < 1.
 */
export function annRecallAtK(approx: ArrayLike<number>, exact: ArrayLike<number>, k: number): number {
  checkK('annRecallAtK', k);
  const m = Math.min(k, exact.length);
  if (m === 0) return 0;
  const truth = new Set<number>();
  for (let i = 0; i < m; i++) truth.add(exact[i]);
  let hits = 0;
  const am = Math.min(k, approx.length);
  for (let i = 0; i < am; i++) {
    if (truth.delete(approx[i])) hits++;
  }
  return hits / m;
}

/**
 * Mean ANN recall@k over a batch of queries stored back to back (query q's ids at [q·stride, q·stride + k)).
 * Both arrays use the same stride (the k each search was asked for). O(queries · k).
 */
export function meanAnnRecallAtK(approx: Int32Array, exact: Int32Array, stride: number, k: number): number {
  checkK('meanAnnRecallAtK', k);
  if (!Number.isInteger(stride) || stride < k) throw new UsageError(`meanAnnRecallAtK: stride must be an integer ≥ k (${k}), got ${stride}`);
  if (approx.length !== exact.length || approx.length % stride !== 0) {
    throw new UsageError(`meanAnnRecallAtK: approx and exact must both hold queries × ${stride} ids, got ${approx.length} and ${exact.length}`);
  }
  const queries = approx.length / stride;
  if (queries === 0) return 0;
  let sum = 0;
  for (let q = 0; q < queries; q++) {
    sum += annRecallAtK(approx.subarray(q * stride, q * stride + k), exact.subarray(q * stride, q * stride + k), k);
  }
  return sum / queries;
}
