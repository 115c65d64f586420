/**
 * PSI of large samples in three passes over the data instead of a selection and two binned scans.
 * Values are counted per bucket of an order-preserving key (the top 12–20 bits of the float64);
 * the quantile edges need only the order statistics inside at most 2·(bins−1) buckets, which are
 * gathered and sorted; and a value's bin follows from its bucket unless an edge falls inside that
 * bucket, where it is compared with the edges one by one. Same edges (type-7), same bins
 * (right-closed), same ε rule as `psi` — checked against it and a naive implementation in
 * test/core/drift-stats.test.ts.
 */
import { UsageError } from '../errors.js';
import { highKey, highKeys } from './float-key.js';


/** Keys of `v` and its bucket counts; throws UsageError naming the first NaN. */
function countBuckets(v: ArrayLike<number>, shift: number, counts: Uint32Array, name: string): Uint32Array {
  const { keys, nanAt } = highKeys(v);
  if (nanAt >= 0) throw new UsageError(`psi: ${name} value ${nanAt} is NaN; drift statistics need numbers`);
  for (let i = 0; i < keys.length; i++) counts[keys[i] >>> shift]++;
  return keys;
}

/** Type-7 quantile edges of `v` from its bucket counts: gather and sort only the buckets holding the needed ranks. */
function edgesFromBuckets(v: ArrayLike<number>, keys: Uint32Array, counts: Uint32Array, shift: number, bins: number): { edges: Float64Array; gathered: Float64Array } {
  const n = v.length;
  const ranks: number[] = [];
  for (let j = 1; j < bins; j++) {
    const lo = Math.floor(((n - 1) * j) / bins);
    ranks.push(lo, Math.min(n - 1, lo + 1));
  }
  // bucket of each needed rank, and where that bucket starts in the sorted order
  const slotOf = new Int32Array(counts.length).fill(-1);
  const start: number[] = [];
  const size: number[] = [];
  let cum = 0;
  let r = 0;
  for (let k = 0; k < counts.length && r < ranks.length; k++) {
    const c = counts[k];
    if (c > 0 && ranks[r] < cum + c) {
      slotOf[k] = start.length;
      start.push(cum);
      size.push(c);
      while (r < ranks.length && ranks[r] < cum + c) r++;
    }
    cum += c;
  }
  const offsets = [0];
  for (const s of size) offsets.push(offsets[offsets.length - 1] + s);
  const gathered = new Float64Array(offsets[offsets.length - 1]);
  const fill = offsets.slice(0, -1);
  for (let i = 0; i < n; i++) {
    const slot = slotOf[keys[i] >>> shift];
    if (slot >= 0) gathered[fill[slot]++] = v[i];
  }
  for (let s = 0; s < size.length; s++) gathered.subarray(offsets[s], offsets[s + 1]).sort();
  const orderStat = (rank: number): number => {
    let s = 0;
    while (!(rank >= start[s] && rank < start[s] + size[s])) s++;
    return gathered[offsets[s] + rank - start[s]];
  };
  const edges = new Float64Array(bins - 1);
  for (let j = 1; j < bins; j++) {
    const pos = ((n - 1) * j) / bins;
    const lo = Math.floor(pos);
    const a = orderStat(lo);
    const b = orderStat(Math.min(n - 1, lo + 1));
    edges[j - 1] = a + (b - a) * (pos - lo);
  }
  return { edges, gathered };
}

/** 1 for each bucket that holds an edge. */
function edgeBuckets(edges: Float64Array, shift: number, buckets: number): Uint8Array {
  const out = new Uint8Array(buckets);
  for (let e = 0; e < edges.length; e++) out[highKey(edges[e]) >>> shift] = 1;
  return out;
}

/**
 * Bins (right-closed, as binCounts) of the values counted in `counts`, except those in edge buckets,
 * which the caller adds one by one: a bucket without an edge sends all its values to one bin.
 */
function binsOfPlainBuckets(counts: Uint32Array, shift: number, edges: Float64Array, isEdge: Uint8Array): Float64Array {
  const m = edges.length;
  const out = new Float64Array(m + 1);
  let below = 0; // edges whose bucket precedes bucket k
  for (let k = 0; k < counts.length; k++) {
    while (below < m && highKey(edges[below]) >>> shift < k) below++;
    if (!isEdge[k]) out[below] += counts[k];
  }
  return out;
}

function addByComparison(out: Float64Array, x: number, edges: Float64Array): void {
  let bin = 0;
  for (let k = 0; k < edges.length; k++) bin += x > edges[k] ? 1 : 0;
  out[bin]++;
}

/**
 * Counts of both samples in the baseline's quantile bins, by bucketing: two passes over the baseline
 * (count; gather the buckets holding the needed order statistics, which also hold every baseline value
 * that shares a bucket with an edge) and one over the current sample (count, comparing only values in
 * edge buckets). O(n_b + n_c + 2^bits + sorting the gathered buckets). Throws UsageError on NaN.
 */
export function bucketedBinCounts(baseline: ArrayLike<number>, current: ArrayLike<number>, bins: number): { edges: Float64Array; base: Float64Array; cur: Float64Array } {
  const bits = Math.min(20, Math.max(12, Math.ceil(Math.log2(baseline.length + current.length))));
  const shift = 32 - bits;
  const buckets = 1 << bits;
  const cb = new Uint32Array(buckets);
  const baseKeys = countBuckets(baseline, shift, cb, 'baseline');
  const { edges, gathered } = edgesFromBuckets(baseline, baseKeys, cb, shift, bins);
  const isEdge = edgeBuckets(edges, shift, buckets);
  const base = binsOfPlainBuckets(cb, shift, edges, isEdge);
  // an edge lies between two consecutive order statistics, so baseline values in its bucket were gathered
  for (let i = 0; i < gathered.length; i++) if (isEdge[highKey(gathered[i]) >>> shift]) addByComparison(base, gathered[i], edges);
  const cc = new Uint32Array(buckets);
  const curEdge = new Float64Array(edges.length + 1);
  const { keys: curKeys, nanAt } = highKeys(current);
  if (nanAt >= 0) throw new UsageError(`psi: current value ${nanAt} is NaN; drift statistics need numbers`);
  for (let i = 0; i < current.length; i++) {
    const k = curKeys[i] >>> shift;
    cc[k]++;
    if (isEdge[k]) addByComparison(curEdge, current[i], edges);
  }
  const cur = binsOfPlainBuckets(cc, shift, edges, isEdge);
  for (let j = 0; j < cur.length; j++) cur[j] += curEdge[j];
  return { edges, base, cur };
}
