/**
 * CUPED (Deng, Xu, Kohavi & Walker, WSDM 2013): subtract from each user's metric the part a pre-experiment
 * covariate predicts. The mean does not move (the covariate is centred), the variance falls by ρ², and so
 * does the sample a test needs: n' = n·(1 − ρ²).
 */
import { UsageError } from '../errors.js';

export interface CupedResult {
  /** y − θ·(x − x̄), one per unit */
  adjusted: Float64Array;
  /** cov(y, x) / var(x) over the pooled units (0 when x is constant) */
  theta: number;
  /** 1 − var(adjusted)/var(y): equals the sample ρ²(x, y) for this θ (0 when y is constant) */
  varianceReduction: number;
}

/**
 * θ from the pooled data of all arms (not per arm: with one θ the adjustment is the same linear map in every
 * arm, so the difference in means stays unbiased when assignment is random). A fresh output array; the adapter for
 * large inputs (src/production/rollout/cuped.ts) passes one backed by huge pages to `cupedAdjustInto` instead.
 * Throws UsageError for different lengths, fewer than 2 units, or a non-finite value.
 */
export function cupedAdjust(y: Float64Array, x: Float64Array): CupedResult {
  return cupedAdjustInto(y, x, new Float64Array(y.length));
}

/** The smallest normal double (2^-1022). */
const MIN_NORMAL = 2 ** -1022;

/**
 * cupedAdjust writing the adjusted values into `adjusted` (length n, returned as `adjusted`). Two passes, O(n): the
 * moments on data shifted by the first unit (the shifted-data algorithm: no cancellation when the metric's mean is
 * large against its spread), then the adjusted values. The variance reduction is the closed form
 * cov(x, y)² / (var x · var y): with θ the OLS slope, var(adjusted) = var y − cov²/var x exactly, so it equals
 * 1 − var(adjusted)/var(y) without a third pass over the output (and without that pass's cancellation).
 */
export function cupedAdjustInto(y: Float64Array, x: Float64Array, adjusted: Float64Array): CupedResult {
  const n = y.length;
  if (n !== x.length) throw new UsageError(`cupedAdjust: y and x must have the same length, got ${n} and ${x.length}`);
  if (n < 2) throw new UsageError(`cupedAdjust: needs ≥ 2 units, got ${n}`);
  if (adjusted.length !== n) throw new UsageError(`cupedAdjust: the output must have length ${n}, got ${adjusted.length}`);
  const kx = x[0];
  const ky = y[0];
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - kx;
    const dy = y[i] - ky;
    sx += dx;
    sy += dy;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  // a NaN or ±∞ anywhere leaves a sum non-finite: look for the culprit only then (no branch in the loop)
  if (!Number.isFinite(sxx + syy + sxy)) {
    const i = Array.prototype.findIndex.call(y, (v: number, j: number) => !Number.isFinite(v) || !Number.isFinite(x[j]));
    throw new UsageError(`cupedAdjust: values must be finite, got y=${y[i]}, x=${x[i]} at ${i}`);
  }
  // x's mean stays in the shifted frame: kx + sx/n would round to the ulp of kx, and a steep θ times that rounding
  // moves the adjusted mean (x = 1000 ± 1e-13 with θ ≈ 1e7 moved it by 1e-6)
  const mdx = sx / n;
  const cxx = sxx - (sx * sx) / n;
  const cxy = sxy - (sx * sy) / n;
  const cyy = syy - (sy * sy) / n;
  // x's spread must be above what underflow erases: squared deviations below the normal range (~2.2e-308) keep only
  // part of their digits, so n of them could make θ wrong in every digit. Such a covariate counts as constant.
  const theta = cxx > n * MIN_NORMAL ? cxy / cxx : 0;
  for (let i = 0; i < n; i++) adjusted[i] = y[i] - theta * (x[i] - kx - mdx);
  // θ = 0 leaves y as it is: the reduction is exactly 0
  return { adjusted, theta, varianceReduction: cyy > 0 && theta !== 0 ? theta * (cxy / cyy) : 0 };
}

/** Users per arm CUPED needs where the plain test needs n: ⌈n·(1 − varianceReduction)⌉. O(1). */
export function cupedSampleSize(n: number, varianceReduction: number): number {
  if (!(n >= 1)) throw new UsageError(`cupedSampleSize: n must be ≥ 1, got ${n}`);
  if (!(varianceReduction >= 0 && varianceReduction < 1)) throw new UsageError(`cupedSampleSize: varianceReduction must be in [0, 1), got ${varianceReduction}`);
  return Math.ceil(n * (1 - varianceReduction));
}
