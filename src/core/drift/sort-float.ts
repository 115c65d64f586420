/**
 * Sorting a million float64 values fast enough for the drift statistics' < 50 ms budget.
 * `Float64Array.prototype.sort` takes ~100 ms for 1M values on this machine; a two-pass LSD radix
 * sort over the high word of the IEEE-754 bit pattern, finished by insertion sort, ~20 ms. The reference implementation is the built-in sort
 * (test/core/drift-sort.test.ts compares the two).
 */
import { UsageError } from '../errors.js';

const RADIX_BITS = 16;
const RADIX = 1 << RADIX_BITS;
const MASK = RADIX - 1;
/** below this size the built-in sort is faster than four histogram passes */
const SMALL = 2048;

/**
 * Returns a new ascending Float64Array holding `values`. LSD radix sort on the high 32 bits of the
 * IEEE-754 pattern (sign, exponent, 20 mantissa bits), mapped to an order-preserving uint32 by
 * flipping the sign bit of non-negative floats and every bit of negative ones; two 16-bit passes
 * move (key, value) pairs. Values sharing a high word differ by < 2^-20 relative, so the runs left
 * unsorted are short: a final pass insertion-sorts them (runs over 32 long fall back to the built-in
 * sort, so adversarial near-ties stay O(n log n)). −0 sorts before +0. O(n + 2^16) per pass.
 * Throws UsageError on NaN (a NaN in a monitored feature is a pipeline bug to report, not a value to bin).
 */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  let vals = values instanceof Float64Array ? values.slice() : Float64Array.from(values);
  for (let i = 0; i < n; i++) {
    if (vals[i] !== vals[i]) throw new UsageError(`sortedCopy: value ${i} is NaN; drift statistics need numbers`);
  }
  if (n < SMALL) return vals.sort();
  const words = new Uint32Array(vals.buffer);
  let key = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1];
    key[i] = h & 0x80000000 ? ~h >>> 0 : (h | 0x80000000) >>> 0;
  }
  let key2 = new Uint32Array(n);
  let vals2 = new Float64Array(n);
  const count = new Uint32Array(RADIX);
  for (const shift of [0, RADIX_BITS]) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(key[i] >>> shift) & MASK]++;
    if (count[(key[0] >>> shift) & MASK] === n) continue; // every key shares this digit: nothing to move
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const dst = count[(key[i] >>> shift) & MASK]++;
      key2[dst] = key[i];
      vals2[dst] = vals[i];
    }
    [key, key2] = [key2, key];
    [vals, vals2] = [vals2, vals];
  }
  // finish runs of equal high words
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && key[i] === key[start]) continue;
    const len = i - start;
    if (len > 32) vals.subarray(start, i).sort();
    else if (len > 1) {
      for (let x = start + 1; x < i; x++) {
        const v = vals[x];
        let y = x - 1;
        while (y >= start && vals[y] > v) {
          vals[y + 1] = vals[y];
          y--;
        }
        vals[y + 1] = v;
      }
    }
    start = i;
  }
  return vals;
}

/**
 * Places, for each requested rank r (0-based, ascending, distinct), the r-th smallest value of `arr`
 * at arr[r] (in place; other positions partially ordered). Multi-rank quickselect (Hoare 1961):
 * partition around a median-of-three pivot, recurse only into the sides that still hold requested
 * ranks — O(n log m) for m ranks, ~3× faster than a full sort for PSI's 18 ranks of a million values.
 * The reference is `sortedCopy` (checked in test/core/drift-sort.test.ts).
 */
export function selectRanks(arr: Float64Array, ranks: ArrayLike<number>): void {
  const stack: number[] = [0, arr.length - 1, 0, ranks.length - 1];
  outer: while (stack.length) {
    let rHi = stack.pop()!;
    let rLo = stack.pop()!;
    let hi = stack.pop()!;
    let lo = stack.pop()!;
    if (rLo > rHi) continue;
    while (hi - lo > 16) {
      const mid = (lo + hi) >>> 1;
      const a = arr[lo];
      const b = arr[mid];
      const c = arr[hi];
      const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (arr[i] < pivot) i++;
        while (arr[j] > pivot) j--;
        if (i <= j) {
          const t = arr[i];
          arr[i] = arr[j];
          arr[j] = t;
          i++;
          j--;
        }
      }
      // now [lo, j] ≤ pivot ≤ [i, hi]; ranks strictly between j and i already hold their final value
      let split = rLo;
      while (split <= rHi && ranks[split] <= j) split++;
      let after = split;
      while (after <= rHi && ranks[after] < i) after++;
      const leftHas = split > rLo;
      const rightHas = after <= rHi;
      if (leftHas && rightHas) {
        stack.push(lo, j, rLo, split - 1, i, hi, after, rHi);
        continue outer;
      }
      if (leftHas) {
        hi = j;
        rHi = split - 1;
      } else if (rightHas) {
        lo = i;
        rLo = after;
      } else continue outer;
    }
    for (let x = lo + 1; x <= hi; x++) {
      const v = arr[x];
      let y = x - 1;
      while (y >= lo && arr[y] > v) {
        arr[y + 1] = arr[y];
        y--;
      }
      arr[y + 1] = v;
    }
  }
}
