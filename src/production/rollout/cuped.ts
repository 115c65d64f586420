/**
 * cupedAdjust for callers of any size: the maths of src/core/abtest/cuped.ts (the JS reference, which this equals bit
 * for bit), with the adjusted values written into an array that src/native/memory puts on huge pages when it is large.
 * Over 10M users the 80 MB output's first-touch page faults were most of the time (issue 20).
 */
import { type CupedResult, cupedAdjustInto } from '../../core/abtest/index.js';
import { hugeFloat64Array } from '../../native/memory/huge-array.js';

/** θ = cov(y, x)/var(x) pooled, adjusted = y − θ·(x − x̄), varianceReduction = 1 − var(adjusted)/var(y). O(n). */
export function cupedAdjust(y: Float64Array, x: Float64Array): CupedResult {
  return cupedAdjustInto(y, x, hugeFloat64Array(y.length));
}
