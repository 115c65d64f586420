/**
 * The two-sample Kolmogorov–Smirnov statistic D = sup_x |F_a(x) − F_b(x)|, computed without sorting
 * both samples. Values are bucketed by the top 12–20 bits of an order-preserving key; the CDFs are exact
 * at every bucket's upper end, which gives a lower bound on D, and inside a bucket the gap can move by
 * at most that bucket's share of each sample, which gives an upper bound per bucket. Only buckets whose
 * upper bound beats the lower bound are sorted and merged. On smooth data that is a handful of
 * buckets; on adversarial data (everything in one bucket) it degrades to sorting everything.
 * The reference is `ksStatisticSorted` on fully sorted samples (test/core/drift-stats.test.ts).
 */
import { UsageError } from '../errors.js';
import { highKeys } from './float-key.js';
import { sortedCopy } from './sort-float.js';

/** at most 2^20 buckets: enough that a bucket of smooth data holds far less mass than a typical D */
const MAX_BUCKET_BITS = 20;

/** D of two ascending samples by a merge that steps past ties in both. O(n_a + n_b). */
export function ksStatisticSorted(sa: ArrayLike<number>, sb: ArrayLike<number>, start = 0): number {
  return mergeGap(sa, 0, sa.length, sa.length, sb, 0, sb.length, sb.length, start, 0);
}

/**
 * Largest |gap| while merging sa[ia, ea) and sb[ib, eb), the gap starting at `startDiff`
 * (= F_a − F_b just below the range); na, nb are the full sample sizes.
 */
function mergeGap(sa: ArrayLike<number>, ia: number, ea: number, na: number, sb: ArrayLike<number>, ib: number, eb: number, nb: number, startDiff: number, best: number): number {
  let i = ia;
  let j = ib;
  let d = best;
  const ua = 1 / na;
  const ub = 1 / nb;
  while (i < ea || j < eb) {
    const x = j >= eb || (i < ea && sa[i] <= sb[j]) ? sa[i] : sb[j];
    while (i < ea && sa[i] === x) i++;
    while (j < eb && sb[j] === x) j++;
    const gap = Math.abs(startDiff + (i - ia) * ua - (j - ib) * ub);
    if (gap > d) d = gap;
  }
  return d;
}

/** Bucket counts of the keys, and the keys (kept for the gather pass). Throws UsageError on NaN. */
function bucketCounts(v: ArrayLike<number>, keyShift: number, counts: Uint32Array, name: string): Uint32Array {
  const { keys, nanAt } = highKeys(v);
  if (nanAt >= 0) throw new UsageError(`ksTest: ${name}[${nanAt}] is NaN; drift statistics need numbers`);
  for (let i = 0; i < keys.length; i++) counts[keys[i] >>> keyShift]++;
  return keys;
}

/** Values of `v` in the marked buckets, grouped by bucket (offsets[slot]..offsets[slot+1]), each group sorted. */
function gatherMarked(v: ArrayLike<number>, keys: Uint32Array, slotOf: Int32Array, offsets: Int32Array, keyShift: number): Float64Array {
  const out = new Float64Array(offsets[offsets.length - 1]);
  const fill = offsets.slice(0, offsets.length - 1);
  for (let i = 0; i < v.length; i++) {
    const slot = slotOf[keys[i] >>> keyShift];
    if (slot >= 0) out[fill[slot]++] = v[i];
  }
  for (let s = 0; s + 1 < offsets.length; s++) out.subarray(offsets[s], offsets[s + 1]).sort();
  return out;
}

/**
 * D of two unsorted samples (see the module comment). O(n_a + n_b + buckets + sorting the candidate
 * buckets); ~2× faster than two radix sorts at 1M + 1M. Throws UsageError on NaN.
 */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const na = a.length;
  const nb = b.length;
  if (na + nb < 4096) return ksStatisticSorted(sortedCopy(a), sortedCopy(b));
  // about one bucket per value (up to 2^20): a bucket's share of the sample is then ~1/n, far below a D
  // worth computing, so few buckets need sorting (16 bits left ~1 % of the mass per bucket: all sorted)
  const bits = Math.min(MAX_BUCKET_BITS, Math.max(12, Math.ceil(Math.log2(na + nb))));
  const buckets = 1 << bits;
  const shift = 32 - bits;
  const ca = new Uint32Array(buckets);
  const cb = new Uint32Array(buckets);
  const ka = bucketCounts(a, shift, ca, 'a');
  const kb = bucketCounts(b, shift, cb, 'b');
  // lower bound: the exact gap at each bucket's upper end
  let lower = 0;
  let fa = 0;
  let fb = 0;
  for (let k = 0; k < buckets; k++) {
    fa += ca[k];
    fb += cb[k];
    lower = Math.max(lower, Math.abs(fa / na - fb / nb));
  }
  // candidates: buckets whose inside could exceed the lower bound
  const slotOf = new Int32Array(buckets).fill(-1);
  const startDiff: number[] = [];
  const offA = [0];
  const offB = [0];
  fa = 0;
  fb = 0;
  for (let k = 0; k < buckets; k++) {
    const s = fa / na - fb / nb;
    if (ca[k] + cb[k] > 1 && Math.max(Math.abs(s + ca[k] / na), Math.abs(s - cb[k] / nb)) > lower) {
      slotOf[k] = startDiff.length;
      startDiff.push(s);
      offA.push(offA[offA.length - 1] + ca[k]);
      offB.push(offB[offB.length - 1] + cb[k]);
    }
    fa += ca[k];
    fb += cb[k];
  }
  if (startDiff.length === 0) return lower;
  const ga = gatherMarked(a, ka, slotOf, Int32Array.from(offA), shift);
  const gb = gatherMarked(b, kb, slotOf, Int32Array.from(offB), shift);
  let d = lower;
  for (let s = 0; s < startDiff.length; s++) d = mergeGap(ga, offA[s], offA[s + 1], na, gb, offB[s], offB[s + 1], nb, startDiff[s], d);
  return d;
}
