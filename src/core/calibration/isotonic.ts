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
  // rows in x order by an LSD radix sort (O(n), no comparator calls), then one pass pools equal x into points
  const order = argsortFloat64(x);
  const ux = new Float64Array(n);
  const sw = new Float64Array(n);
  const swy = new Float64Array(n);
  let m = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j];
    if (m === 0 || x[i] !== ux[m - 1]) ux[m++] = x[i];
    const wi = weights ? weights[i] : 1;
    sw[m - 1] += wi;
    swy[m - 1] += wi * y[i];
  }
  // plain loops here and below: TypedArray.from with a map function goes through the iterator protocol (~25× slower)
  const uy = new Float64Array(m);
  for (let k = 0; k < m; k++) uy[k] = swy[k] / sw[k];
  const uw = sw;
  const fitted = poolAdjacentViolators(uy, uw);
  // keep the ends and every point where the value changes on one side: the rest lie on flat runs
  const keep: number[] = [];
  for (let k = 0; k < m; k++) {
    if (k === 0 || k === m - 1 || fitted[k] !== fitted[k - 1] || fitted[k] !== fitted[k + 1]) keep.push(k);
  }
  const thresholds = new Float64Array(keep.length);
  const values = new Float64Array(keep.length);
  for (let j = 0; j < keep.length; j++) {
    thresholds[j] = ux[keep[j]];
    values[j] = fitted[keep[j]];
  }
  return { thresholds, values, predict: (q) => interpolateClipped(thresholds, values, q) };
}

/**
 * Indices that sort finite doubles ascending: the IEEE-754 bits made order-preserving as unsigned integers (flip every
 * bit of a negative, the sign bit of a positive), then a stable LSD radix sort on four 16-bit digits. O(n).
 */
export function argsortFloat64(x: Float64Array): Uint32Array {
  const n = x.length;
  const bits = new Uint32Array(new Float64Array(x).buffer); // little-endian: [lo, hi] per value
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = bits[2 * i + (little ? 1 : 0)];
    let l = bits[2 * i + (little ? 0 : 1)];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    if (x[i] === 0) { h = 0x80000000; l = 0; } // −0 and +0 are one value
    hi[i] = h;
    lo[i] = l;
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const count = new Uint32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const words = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[((words[i] >>> shift) & 0xffff) + 1]++;
    for (let d = 0; d < 65536; d++) count[d + 1] += count[d];
    for (let j = 0; j < n; j++) {
      const i = order[j];
      next[count[(words[i] >>> shift) & 0xffff]++] = i;
    }
    const t = order;
    order = next;
    next = t;
  }
  return order;
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
