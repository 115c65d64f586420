/**
 * Isotonic regression by pool-adjacent-violators (Ayer et al., 1955; Barlow et al., 1972): the non-decreasing
 * step function closest to y in weighted least squares. As a calibrator (Zadrozny & Elkan, 2002) x is the score
 * and y the 0/1 label. Rows with equal x are pooled first (their weighted mean y), PAV runs on the distinct x,
 * and `predict` interpolates linearly between the fitted points and clips outside them (as scikit-learn's
 * IsotonicRegression(out_of_bounds="clip")). O(n log n) for the sort, O(n) for PAV, O(log m) per prediction.
 */
import { UsageError } from '../errors.js';

export interface IsotonicModel {
  /** fitted x positions, strictly increasing (interior points that lie on a flat run are dropped: they change no prediction) */
  thresholds: Float64Array;
  /** fitted value at each threshold, non-decreasing */
  values: Float64Array;
  predict(x: Float64Array): Float64Array;
}

/** Weighted PAV on points already sorted by distinct x: returns the fitted value of each point. O(m). */
export function poolAdjacentViolators(y: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const m = y.length;
  const blockValue = new Float64Array(m);
  const blockWeight = new Float64Array(m);
  const blockEnd = new Int32Array(m); // exclusive end index of each block
  let top = -1;
  for (let i = 0; i < m; i++) {
    top++;
    blockValue[top] = y[i];
    blockWeight[top] = w[i];
    blockEnd[top] = i + 1;
    // merge while the new block violates the order with the one before it
    while (top > 0 && blockValue[top - 1] >= blockValue[top]) {
      const wSum = blockWeight[top - 1] + blockWeight[top];
      blockValue[top - 1] = (blockValue[top - 1] * blockWeight[top - 1] + blockValue[top] * blockWeight[top]) / wSum;
      blockWeight[top - 1] = wSum;
      blockEnd[top - 1] = blockEnd[top];
      top--;
    }
  }
  const fitted = new Float64Array(m);
  let start = 0;
  for (let k = 0; k <= top; k++) {
    fitted.fill(blockValue[k], start, blockEnd[k]);
    start = blockEnd[k];
  }
  return fitted;
}

/**
 * A non-decreasing fit of y on x. Throws UsageError on a length mismatch, no rows, a non-finite x or y, or a
 * weight that is not finite and > 0.
 */
export function isotonicFit(x: Float64Array, y: ArrayLike<number>, weights?: Float64Array): IsotonicModel {
  const n = x.length;
  if (y.length !== n) throw new UsageError(`isotonicFit: x and y must have the same length, got ${n} and ${y.length}`);
  if (weights && weights.length !== n) throw new UsageError(`isotonicFit: weights must have length ${n}, got ${weights.length}`);
  if (n === 0) throw new UsageError('isotonicFit: needs at least one row, got 0');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) throw new UsageError(`isotonicFit: x[${i}] must be finite, got ${x[i]}`);
    if (!Number.isFinite(y[i])) throw new UsageError(`isotonicFit: y[${i}] must be finite, got ${y[i]}`);
    if (weights && !(weights[i] > 0 && Number.isFinite(weights[i]))) {
      throw new UsageError(`isotonicFit: weights[${i}] must be finite and > 0, got ${weights[i]}`);
    }
  }
  // rows in x order (ties in row order), then one pass pools equal x into points: the sum of weights and of w·y.
  // Three arrays of n doubles in all: on a VM each first touch of a 4 KB page traps to the host, which at 1M rows
  // costs more than the arithmetic, so the sort's spent buffers hold the points and PAV works in place
  const { order, rest, spare } = sortedOrder(x);
  const sw = spare.fill(0);
  const mean = new Float64Array(n); // Σ w·y per point, then divided in place into the point's mean y
  const firstRow = rest; // each point's first row (its x is the point's)
  let m = 0;
  let last = Number.NaN;
  for (let j = 0; j < n; j++) {
    const i = order[j];
    if (x[i] !== last) {
      last = x[i];
      firstRow[m++] = i;
    }
    const wi = weights ? weights[i] : 1;
    sw[m - 1] += wi;
    mean[m - 1] += wi * y[i];
  }
  for (let k = 0; k < m; k++) mean[k] /= sw[k];
  // PAV in place: block b's value and weight in mean[b], sw[b], its exclusive end point in end[b] (the spent order)
  const end = order;
  const blocks = poolInPlace(mean, sw, end, m);
  // blocks' values strictly increase, so the fit changes value exactly at block boundaries: keep each block's first
  // and last point (the points between lie on a flat run and change no prediction)
  let kept = 0;
  for (let k = 0, start = 0; k < blocks; start = end[k++]) kept += end[k] - start > 1 ? 2 : 1;
  const thresholds = new Float64Array(kept);
  const values = new Float64Array(kept);
  for (let k = 0, start = 0, j = 0; k < blocks; start = end[k++]) {
    thresholds[j] = x[firstRow[start]];
    values[j++] = mean[k];
    if (end[k] - start > 1) {
      thresholds[j] = x[firstRow[end[k] - 1]];
      values[j++] = mean[k];
    }
  }
  return isotonicModel(thresholds, values);
}

/** The model of fitted (thresholds, values): predict interpolates between them and clips beyond (the native fit's too). */
export function isotonicModel(thresholds: Float64Array, values: Float64Array): IsotonicModel {
  return { thresholds, values, predict: (q) => interpolateClipped(thresholds, values, q) };
}

/**
 * Weighted PAV over the first m points of (value, weight), overwriting them with the blocks: block b holds its pooled
 * value and weight at [b] and its exclusive end point at end[b]. Returns the number of blocks. The same merges as
 * poolAdjacentViolators (its reference), in the same order. O(m).
 */
function poolInPlace(value: Float64Array, weight: Float64Array, end: Uint32Array, m: number): number {
  let top = -1;
  for (let i = 0; i < m; i++) {
    top++;
    value[top] = value[i];
    weight[top] = weight[i];
    end[top] = i + 1;
    while (top > 0 && value[top - 1] >= value[top]) {
      const wSum = weight[top - 1] + weight[top];
      value[top - 1] = (value[top - 1] * weight[top - 1] + value[top] * weight[top]) / wSum;
      weight[top - 1] = wSum;
      end[top - 1] = end[top];
      top--;
    }
  }
  return top + 1;
}

/** below this many rows a comparison sort beats the radix passes */
const SMALL_SORT = 2048;
/** runs of one high word longer than this are sorted by comparison instead of by insertion */
const SHORT_RUN = 32;

/**
 * Indices that sort finite doubles ascending, equal values in index order (−0 equals +0). The high 32 bits of each
 * value (sign, exponent, 20 mantissa bits) made order-preserving as an unsigned integer (flip every bit of a negative,
 * the sign bit of a positive), then a stable LSD radix sort of (key, index) on its two 16-bit digits, moving the key
 * with the index so each pass reads in order. Values that share a high word differ by < 2⁻²⁰ relative: the runs left
 * are short for continuous scores (insertion sort on the full value) or ties already in index order; a long run of
 * distinct near-equal values falls back to a comparison sort, so the worst case stays O(n log n). O(n) otherwise.
 */
export function argsortFloat64(x: Float64Array): Uint32Array {
  return sortedOrder(x).order;
}

/**
 * argsortFloat64 in two buffers of 8n bytes: one holds the order and a spent half (`rest`, n uint32), the other the spent
 * keys (`spare`, as n doubles), both handed back for the caller to reuse.
 */
function sortedOrder(x: Float64Array): { order: Uint32Array; rest: Uint32Array; spare: Float64Array } {
  const n = x.length;
  const spare = new Float64Array(n);
  const orders = new ArrayBuffer(8 * n);
  let order = new Uint32Array(orders, 0, n);
  let order2 = new Uint32Array(orders, 4 * n, n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < SMALL_SORT) return { order: order.sort((a, b) => x[a] - x[b] || a - b), rest: order2, spare };
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const words = new Uint32Array(x.buffer, x.byteOffset, 2 * n); // [lo, hi] per value on a little-endian machine
  const hiAt = little ? 1 : 0;
  let key = new Uint32Array(spare.buffer, spare.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + hiAt];
    key[i] = x[i] === 0 ? 0x80000000 : h & 0x80000000 ? ~h >>> 0 : (h | 0x80000000) >>> 0;
  }
  let key2 = new Uint32Array(spare.buffer, spare.byteOffset + 4 * n, n);
  const count = new Uint32Array(65536);
  for (const shift of [0, 16]) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(key[i] >>> shift) & 0xffff]++;
    if (count[(key[0] >>> shift) & 0xffff] === n) continue; // every key shares this digit: nothing to move
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const k = key[j];
      const dst = count[(k >>> shift) & 0xffff]++;
      key2[dst] = k;
      order2[dst] = order[j];
    }
    [key, key2] = [key2, key];
    [order, order2] = [order2, order];
  }
  // finish each run of equal high words by the full value; equal values stay in index order (both sorts are stable)
  let start = 0;
  for (let j = 1; j <= n; j++) {
    if (j < n && key[j] === key[start]) continue;
    if (j - start > SHORT_RUN) {
      const v = x[order[start]];
      let same = true;
      for (let t = start + 1; t < j && same; t++) same = x[order[t]] === v;
      if (!same) order.subarray(start, j).sort((a, b) => x[a] - x[b] || a - b);
    } else {
      for (let t = start + 1; t < j; t++) {
        const i = order[t];
        const v = x[i];
        let u = t - 1;
        while (u >= start && x[order[u]] > v) {
          order[u + 1] = order[u];
          u--;
        }
        order[u + 1] = i;
      }
    }
    start = j;
  }
  return { order, rest: order2, spare };
}

/** Linear interpolation through (thresholds, values), constant beyond the ends. O(log m) per query. */
function interpolateClipped(t: Float64Array, v: Float64Array, q: Float64Array): Float64Array {
  const m = t.length;
  const out = new Float64Array(q.length);
  for (let i = 0; i < q.length; i++) {
    const xq = q[i];
    if (Number.isNaN(xq)) throw new UsageError(`isotonicFit.predict: x[${i}] is NaN`);
    if (xq <= t[0]) out[i] = v[0];
    else if (xq >= t[m - 1]) out[i] = v[m - 1];
    else {
      let lo = 0; // t[lo] < xq ≤ t[hi]
      let hi = m - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (t[mid] < xq) lo = mid;
        else hi = mid;
      }
      const f = (xq - t[lo]) / (t[hi] - t[lo]);
      out[i] = v[lo] + f * (v[hi] - v[lo]);
    }
  }
  return out;
}
