/**
 * isotonicFit for callers of any size: the fit of src/core/calibration/isotonic.ts (the JS reference, which this equals
 * bit for bit: thresholds, values and so predictions) with the sort, tie pooling and pool-adjacent-violators in the
 * native kernel (src/native/isotonic). Over 1M scores the reference's time is its radix argsort and the three arrays of
 * n doubles it first touches (issue 19). Without the addon, and for any input the reference rejects, the reference
 * runs (so the errors are its UsageErrors).
 */
import { type IsotonicModel, isotonicFit as isotonicReference, isotonicModel } from '../core/calibration/isotonic.js';
import { loadNative } from '../native/addon.js';

/** A non-decreasing fit of y on x by pool-adjacent-violators, ties in x pooled first. O(n log n) worst case, O(n) typical. */
export function isotonicFit(x: Float64Array, y: ArrayLike<number>, weights?: Float64Array): IsotonicModel {
  const addon = loadNative();
  const n = x.length;
  if (!addon || !(x instanceof Float64Array) || n === 0 || y.length !== n || (weights && !(weights instanceof Float64Array && weights.length === n))) {
    return isotonicReference(x, y, weights);
  }
  const fit = addon.isotonicFit(x, y instanceof Float64Array ? y : Float64Array.from(y), weights ?? null);
  return fit ? isotonicModel(fit[0], fit[1]) : isotonicReference(x, y, weights);
}
