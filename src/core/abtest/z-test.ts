/**
 * The two-proportion z-test behind a CTR A/B test, and the sequential "peek" that breaks it.
 */
import { UsageError } from '../errors.js';
import { normalQuantile, normalSurvival } from '../special-functions.js';

export interface ZTestResult {
  /** (p_B − p_A) / SE under H0 (pooled proportion) */
  z: number;
  /** two-sided p-value 2·(1 − Φ(|z|)) */
  pValue: number;
  /** relative lift p_B / p_A − 1 (NaN when A has no clicks) */
  lift: number;
  /** confidence interval of the relative lift (delta method on ln(p_B/p_A)); [NaN, NaN] with 0 clicks in an arm */
  liftCI: [number, number];
}

function checkArm(name: string, clicks: number, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`twoProportionZTest: n${name} must be an integer ≥ 1, got ${n}`);
  if (!(clicks >= 0 && clicks <= n)) throw new UsageError(`twoProportionZTest: clicks${name} must be in [0, n${name}] = [0, ${n}], got ${clicks}`);
}

/**
 * Two-sided two-proportion z-test (pooled standard error under H0: p_A = p_B):
 *   p̂ = (x_A + x_B)/(n_A + n_B),  SE = √(p̂(1−p̂)(1/n_A + 1/n_B)),  z = (p_B − p_A)/SE,
 *   p = 2·(1 − Φ(|z|)) with Φ from the erfc approximation in special-functions.ts.
 * Lift CI: ln(p_B/p_A) ± z_{1−α/2}·√((1−p_A)/x_A + (1−p_B)/x_B) (delta method), exponentiated, minus 1.
 * z² equals the χ² statistic of the 2×2 table without continuity correction. O(1).
 * Throws UsageError for n < 1 or clicks outside [0, n], or a confidence outside (0, 1).
 */
export function twoProportionZTest(clicksA: number, nA: number, clicksB: number, nB: number, confidence = 0.95): ZTestResult {
  checkArm('A', clicksA, nA);
  checkArm('B', clicksB, nB);
  if (!(confidence > 0 && confidence < 1)) throw new UsageError(`twoProportionZTest: confidence must be in (0, 1), got ${confidence}`);
  const pA = clicksA / nA;
  const pB = clicksB / nB;
  const pooled = (clicksA + clicksB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  const z = se > 0 ? (pB - pA) / se : 0;
  const pValue = Math.min(1, 2 * normalSurvival(Math.abs(z)));
  const lift = pA > 0 ? pB / pA - 1 : NaN;
  let liftCI: [number, number] = [NaN, NaN];
  if (clicksA > 0 && clicksB > 0) {
    const zc = normalQuantile(1 - (1 - confidence) / 2);
    const seLog = Math.sqrt((1 - pA) / clicksA + (1 - pB) / clicksB);
    const center = Math.log(pB / pA);
    liftCI = [Math.exp(center - zc * seLog) - 1, Math.exp(center + zc * seLog) - 1];
  }
  return { z, pValue, lift, liftCI };
}

/**
 * Cumulative counts of an experiment checked `looks` times: returns the index of the first look at
 * which the z-test gives p < α (the peeking analyst's stopping rule), or −1 if none does.
 * cumulative arrays hold running totals per look. O(looks).
 */
export function firstSignificantLook(
  clicksA: ArrayLike<number>,
  nA: ArrayLike<number>,
  clicksB: ArrayLike<number>,
  nB: ArrayLike<number>,
  alpha = 0.05,
): number {
  for (let t = 0; t < nA.length; t++) {
    if (nA[t] < 1 || nB[t] < 1) continue;
    if (twoProportionZTest(clicksA[t], nA[t], clicksB[t], nB[t]).pValue < alpha) return t;
  }
  return -1;
}
