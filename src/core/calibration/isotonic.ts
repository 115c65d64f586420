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
  // the distinct x values by a native numeric sort of a copy (no comparator: ~20× faster than sorting an index
  // array), then each row's slot among them by binary search; the weighted sums per slot pool the ties
  const sorted = Float64Array.from(x).sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i];
  const ux = sorted.subarray(0, m);
  const sw = new Float64Array(m);
  const swy = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const k = lowerBound(ux, x[i]);
    const wi = weights ? weights[i] : 1;
    sw[k] += wi;
    swy[k] += wi * y[i];
  }
  const uy = Float64Array.from(swy, (v, k) => v / sw[k]);
  const uw = sw;
  const fitted = poolAdjacentViolators(uy, uw);
  // keep the ends and every point where the value changes on one side: the rest lie on flat runs
  const keep: number[] = [];
  for (let k = 0; k < m; k++) {
    if (k === 0 || k === m - 1 || fitted[k] !== fitted[k - 1] || fitted[k] !== fitted[k + 1]) keep.push(k);
  }
  const thresholds = Float64Array.from(keep, (k) => ux[k]);
  const values = Float64Array.from(keep, (k) => fitted[k]);
  return { thresholds, values, predict: (q) => interpolateClipped(thresholds, values, q) };
}

/** First index k with t[k] ≥ v in a sorted array. O(log m). */
function lowerBound(t: Float64Array, v: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
