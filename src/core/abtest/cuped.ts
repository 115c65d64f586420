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
 * arm, so the difference in means stays unbiased when assignment is random). Two passes, O(n).
 * Throws UsageError for different lengths, fewer than 2 units, or a non-finite value.
 */
export function cupedAdjust(y: Float64Array, x: Float64Array): CupedResult {
  const n = y.length;
  if (n !== x.length) throw new UsageError(`cupedAdjust: y and x must have the same length, got ${n} and ${x.length}`);
  if (n < 2) throw new UsageError(`cupedAdjust: needs ≥ 2 units, got ${n}`);
  let sy = 0;
  let sx = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i]) || !Number.isFinite(x[i])) throw new UsageError(`cupedAdjust: values must be finite, got y=${y[i]}, x=${x[i]} at ${i}`);
    sy += y[i];
    sx += x[i];
  }
  const my = sy / n;
  const mx = sx / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const theta = sxx > 0 ? sxy / sxx : 0;
  const adjusted = new Float64Array(n);
  let saa = 0;
  for (let i = 0; i < n; i++) {
    adjusted[i] = y[i] - theta * (x[i] - mx);
    const d = adjusted[i] - my;
    saa += d * d;
  }
  return { adjusted, theta, varianceReduction: syy > 0 ? 1 - saa / syy : 0 };
}

/** Users per arm CUPED needs where the plain test needs n: ⌈n·(1 − varianceReduction)⌉. O(1). */
export function cupedSampleSize(n: number, varianceReduction: number): number {
  if (!(n >= 1)) throw new UsageError(`cupedSampleSize: n must be ≥ 1, got ${n}`);
  if (!(varianceReduction >= 0 && varianceReduction < 1)) throw new UsageError(`cupedSampleSize: varianceReduction must be in [0, 1), got ${varianceReduction}`);
  return Math.ceil(n * (1 - varianceReduction));
}
