/**
 * The one ranking rule every metric in this folder shares, so that two metrics never disagree about
 * which item sits at rank 1.
 *
 * Items are ranked by score, descending; equal scores keep their input order (the lower index ranks
 * first). That makes every metric deterministic under ties. scikit-learn's ndcg_score instead averages
 * the gain over tied groups (ignore_ties=False); with untied scores the two agree exactly.
 */
import { UsageError } from '../errors.js';

/** Indices 0..n−1 ordered by score descending, ties by index ascending. O(n log n). */
export function rankByScore(scores: ArrayLike<number>): Int32Array {
  const n = scores.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (Number.isNaN(s)) throw new UsageError(`rankByScore: score ${i} is NaN`);
    order[i] = i;
  }
  // Int32Array.prototype.sort with a comparator is stable in V8 (TimSort), but the index tie-break
  // makes the order total anyway.
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  return order;
}

/** Validate the (relevance, scores, k) triple shared by the ranking metrics; returns k clamped to n. */
export function checkRankingArgs(fn: string, relevance: ArrayLike<number>, scores: ArrayLike<number>, k: number): number {
  if (relevance.length !== scores.length) {
    throw new UsageError(`${fn}: relevance and scores must have the same length, got ${relevance.length} and ${scores.length}`);
  }
  if (!Number.isInteger(k) || k < 1) throw new UsageError(`${fn}: k must be an integer ≥ 1, got ${k}`);
  for (let i = 0; i < relevance.length; i++) {
    const r = relevance[i];
    if (!(r >= 0) || !Number.isFinite(r)) throw new UsageError(`${fn}: relevance ${i} must be finite and ≥ 0, got ${r}`);
  }
  return Math.min(k, relevance.length);
}
