/**
 * Sample size and power for a two-proportion test — the arithmetic that decides how long an A/B
 * test must run before anyone looks at it.
 */
import { UsageError } from '../errors.js';
import { normalCdf, normalQuantile } from '../special-functions.js';

export interface PowerInput {
  /** control rate p_A, e.g. a CTR of 0.02 */
  baseline: number;
  /** relative minimum detectable effect: p_B = p_A·(1 + relativeLift) */
  relativeLift: number;
  /** two-sided significance level (default 0.05) */
  alpha?: number;
  /** wanted power 1 − β (default 0.8) */
  power?: number;
}

function rates(fn: string, baseline: number, relativeLift: number): [number, number] {
  if (!(baseline > 0 && baseline < 1)) throw new UsageError(`${fn}: baseline must be in (0, 1), got ${baseline}`);
  const pB = baseline * (1 + relativeLift);
  if (!(relativeLift !== 0 && pB > 0 && pB < 1)) {
    throw new UsageError(`${fn}: relativeLift must be ≠ 0 and keep baseline·(1 + lift) in (0, 1), got ${relativeLift}`);
  }
  return [baseline, pB];
}

function checkLevel(fn: string, name: string, v: number): void {
  if (!(v > 0 && v < 1)) throw new UsageError(`${fn}: ${name} must be in (0, 1), got ${v}`);
}

/**
 * Users per arm for a two-sided two-proportion z-test (Fleiss, Statistical Methods for Rates and
 * Proportions, eq. 4.14 without continuity correction):
 *   n = (z_{1−α/2}·√(2 p̄ q̄) + z_{1−β}·√(p_A q_A + p_B q_B))² / (p_B − p_A)²,  p̄ = (p_A + p_B)/2.
 * Rounded up. O(1). Throws UsageError on rates outside (0, 1) or a zero lift.
 */
export function sampleSizePerArm(input: PowerInput): number {
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  checkLevel('sampleSizePerArm', 'alpha', alpha);
  checkLevel('sampleSizePerArm', 'power', power);
  const [pA, pB] = rates('sampleSizePerArm', input.baseline, input.relativeLift);
  const pBar = (pA + pB) / 2;
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const num = za * Math.sqrt(2 * pBar * (1 - pBar)) + zb * Math.sqrt(pA * (1 - pA) + pB * (1 - pB));
  return Math.ceil((num * num) / ((pB - pA) * (pB - pA)));
}

/**
 * Power of the same test with n users per arm (the inverse of sampleSizePerArm; the far rejection
 * tail is ignored, as is usual): Φ((|p_B − p_A|·√n − z_{1−α/2}·√(2 p̄ q̄)) / √(p_A q_A + p_B q_B)).
 * O(1). Throws UsageError as sampleSizePerArm, or for n < 1.
 */
export function powerOfTest(input: Omit<PowerInput, 'power'> & { nPerArm: number }): number {
  const alpha = input.alpha ?? 0.05;
  checkLevel('powerOfTest', 'alpha', alpha);
  if (!(input.nPerArm >= 1)) throw new UsageError(`powerOfTest: nPerArm must be ≥ 1, got ${input.nPerArm}`);
  const [pA, pB] = rates('powerOfTest', input.baseline, input.relativeLift);
  const pBar = (pA + pB) / 2;
  const za = normalQuantile(1 - alpha / 2);
  const x = (Math.abs(pB - pA) * Math.sqrt(input.nPerArm) - za * Math.sqrt(2 * pBar * (1 - pBar))) / Math.sqrt(pA * (1 - pA) + pB * (1 - pB));
  return normalCdf(x);
}
