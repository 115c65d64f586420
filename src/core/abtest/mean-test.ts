/**
 * The two-sample z-test on a per-user metric (clicks per user, revenue per user): the unit of analysis is the
 * user, the unit a user-randomised test assigns, so the users' values are independent draws.
 */
import { UsageError } from '../errors.js';
import { normalQuantile, normalSurvival } from '../special-functions.js';

export interface MeanDifferenceResult {
  /** mean(b) − mean(a) */
  diff: number;
  /** √(s²_a/n_a + s²_b/n_b) (unpooled: the arms' variances may differ) */
  se: number;
  z: number;
  /** two-sided, normal approximation (fine at the hundreds of users per arm an online test has) */
  pValue: number;
  /** diff ± z_{1−(1−confidence)/2}·se */
  ci: [number, number];
  /** mean(b)/mean(a) − 1 (NaN when mean(a) is 0) */
  lift: number;
  meanA: number;
  meanB: number;
}

function moments(v: ArrayLike<number>, name: string): [number, number] {
  const n = v.length;
  if (n < 2) throw new UsageError(`meanDifferenceTest: arm ${name} needs ≥ 2 users, got ${n}`);
  let s = 0;
  for (let i = 0; i < n; i++) s += v[i];
  const m = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (v[i] - m) ** 2;
  return [m, ss / (n - 1)];
}

/**
 * Welch's statistic with the normal reference: z = (ȳ_B − ȳ_A)/√(s²_A/n_A + s²_B/n_B). O(n_A + n_B).
 * Throws UsageError for an arm with fewer than 2 users or a confidence outside (0, 1).
 */
export function meanDifferenceTest(a: ArrayLike<number>, b: ArrayLike<number>, confidence = 0.95): MeanDifferenceResult {
  if (!(confidence > 0 && confidence < 1)) throw new UsageError(`meanDifferenceTest: confidence must be in (0, 1), got ${confidence}`);
  const [meanA, varA] = moments(a, 'A');
  const [meanB, varB] = moments(b, 'B');
  const diff = meanB - meanA;
  const se = Math.sqrt(varA / a.length + varB / b.length);
  const z = se > 0 ? diff / se : 0;
  const half = normalQuantile(1 - (1 - confidence) / 2) * se;
  return { diff, se, z, pValue: Math.min(1, 2 * normalSurvival(Math.abs(z))), ci: [diff - half, diff + half], lift: meanA !== 0 ? meanB / meanA - 1 : NaN, meanA, meanB };
}
