/**
 * An always-valid sequential test: the mixture sequential probability ratio test (mSPRT; Robbins 1970,
 * Johari, Pekelis & Walsh, "Always Valid Inference", KDD 2017). The team may look after every user and stop
 * whenever it likes; the chance of ever rejecting a true H0 stays ≤ α, which the z-test's p-value does not
 * promise once anyone peeks.
 */
import { UsageError } from '../errors.js';

/**
 * Mixture likelihood ratio for an estimate d ~ N(θ, v) of a difference, H0: θ = 0, against θ ~ N(0, τ²):
 *   Λ = √(v / (v + τ²)) · exp(τ² d² / (2 v (v + τ²))).
 * Λ is a non-negative martingale under H0, so P(sup Λ ≥ 1/α) ≤ α (Ville's inequality). O(1).
 * Throws UsageError for v ≤ 0 or τ² ≤ 0.
 */
export function msprtLikelihoodRatio(diff: number, variance: number, tau2: number): number {
  if (!(variance > 0)) throw new UsageError(`msprtLikelihoodRatio: variance must be > 0, got ${variance}`);
  if (!(tau2 > 0)) throw new UsageError(`msprtLikelihoodRatio: tau2 must be > 0, got ${tau2}`);
  return Math.sqrt(variance / (variance + tau2)) * Math.exp((tau2 * diff * diff) / (2 * variance * (variance + tau2)));
}

/**
 * Cumulative two-proportion counts at each look (as firstSignificantLook): the index of the first look where
 * the mSPRT rejects (Λ ≥ 1/α), or −1. d = p_B − p_A, v = p̂(1 − p̂)(1/n_A + 1/n_B) with the pooled p̂ (the
 * z-test's variance under H0); τ is on the scale of d (an absolute rate difference, e.g. the lift you hope to
 * see × the baseline). Looks with an empty arm or p̂ ∈ {0, 1} are skipped. O(looks).
 * Throws UsageError for α outside (0, 1) or τ ≤ 0.
 */
export function firstMsprtRejection(
  clicksA: ArrayLike<number>,
  nA: ArrayLike<number>,
  clicksB: ArrayLike<number>,
  nB: ArrayLike<number>,
  alpha: number,
  tau: number,
): number {
  if (!(alpha > 0 && alpha < 1)) throw new UsageError(`firstMsprtRejection: alpha must be in (0, 1), got ${alpha}`);
  if (!(tau > 0)) throw new UsageError(`firstMsprtRejection: tau must be > 0, got ${tau}`);
  const tau2 = tau * tau;
  for (let t = 0; t < nA.length; t++) {
    if (nA[t] < 1 || nB[t] < 1) continue;
    const pooled = (clicksA[t] + clicksB[t]) / (nA[t] + nB[t]);
    const v = pooled * (1 - pooled) * (1 / nA[t] + 1 / nB[t]);
    if (!(v > 0)) continue;
    if (msprtLikelihoodRatio(clicksB[t] / nB[t] - clicksA[t] / nA[t], v, tau2) >= 1 / alpha) return t;
  }
  return -1;
}
