/**
 * Pearson's χ² goodness-of-fit against the uniform distribution, used to check that a hash spreads keys evenly.
 * The critical value comes from the Wilson–Hilferty approximation (Wilson & Hilferty, 1931): χ²_ν is close to
 * ν·(1 − 2/(9ν) + z·√(2/(9ν)))³ with z the standard-normal quantile; its relative error is below 1% for ν ≥ 10
 * at the usual levels, which is all a bucket-uniformity test needs.
 */
import { UsageError } from '../errors.js';

/**
 * Standard-normal quantile Φ⁻¹(p) by Acklam's rational approximation (relative error < 1.2e-9).
 * O(1). Throws UsageError unless 0 < p < 1.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new UsageError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo || p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(p < lo ? p : 1 - p));
    const x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < lo ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Upper-tail critical value of χ² with `dof` degrees of freedom at level `alpha` (Wilson–Hilferty). O(1). */
export function chiSquareCriticalValue(dof: number, alpha: number): number {
  if (!(dof >= 1)) throw new UsageError(`chiSquareCriticalValue: dof must be ≥ 1, got ${dof}`);
  if (!(alpha > 0 && alpha < 1)) throw new UsageError(`chiSquareCriticalValue: alpha must be in (0, 1), got ${alpha}`);
  const z = normalQuantile(1 - alpha);
  const t = 2 / (9 * dof);
  return dof * Math.pow(1 - t + z * Math.sqrt(t), 3);
}

export interface UniformityTest {
  statistic: number;
  dof: number;
  alpha: number;
  critical: number;
  /** statistic ≤ critical: no evidence against uniformity at level alpha */
  uniform: boolean;
}

/**
 * χ² = Σ (O_b − E)² / E with E = total / buckets over bucket counts, dof = buckets − 1.
 * O(buckets). Throws UsageError for fewer than 2 buckets or no observations.
 */
export function chiSquareUniformity(counts: ArrayLike<number>, alpha = 0.01): UniformityTest {
  const n = counts.length;
  if (n < 2) throw new UsageError(`chiSquareUniformity: need ≥ 2 buckets, got ${n}`);
  let total = 0;
  for (let i = 0; i < n; i++) total += counts[i];
  if (total <= 0) throw new UsageError('chiSquareUniformity: counts must not all be 0');
  const expected = total / n;
  let statistic = 0;
  for (let i = 0; i < n; i++) statistic += (counts[i] - expected) ** 2 / expected;
  const dof = n - 1;
  const critical = chiSquareCriticalValue(dof, alpha);
  return { statistic, dof, alpha, critical, uniform: statistic <= critical };
}
