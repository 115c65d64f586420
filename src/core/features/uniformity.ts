/**
 * Pearson's χ² goodness-of-fit against the uniform distribution, used to check that a hash spreads keys evenly.
 * The critical value comes from the Wilson–Hilferty approximation (Wilson & Hilferty, 1931): χ²_ν is close to
 * ν·(1 − 2/(9ν) + z·√(2/(9ν)))³ with z the standard-normal quantile; its relative error is below 1% for ν ≥ 10
 * at the usual levels, which is all a bucket-uniformity test needs.
 */
import { UsageError } from '../errors.js';

// the standard-normal quantile lives with the other special functions; re-exported for this module's users
export { normalQuantile } from '../special-functions.js';
import { normalQuantile } from '../special-functions.js';

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
