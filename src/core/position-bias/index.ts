/**
 * Position bias under the examination hypothesis (Richardson et al. 2007; Craswell et al. 2008): a user clicks an
 * item in slot k only if they examine the slot (probability p_k, the propensity) and find the item relevant
 * (probability r): P(click) = p_k · r. Logged clicks therefore under-count relevance in low slots.
 *   ipwTargets: c / p_k, whose expectation is r — inverse propensity weighting (Joachims, Swaminathan & Schnabel,
 *               "Unbiased Learning-to-Rank with Biased Feedback", WSDM 2017);
 *   estimatePropensities: p_k / p_0 from traffic whose slots were randomised (every slot then holds the same
 *               relevance on average, so the click rate per slot is proportional to p_k).
 * Pure; O(n) each.
 */
import { UsageError } from '../errors.js';

/** p_k = (1 / (k + 1))^η for k = 0..slots−1: η = 0 is no bias, η = 1 the classic 1/rank. */
export function powerLawPropensities(slots: number, eta: number): Float64Array {
  if (!(Number.isInteger(slots) && slots >= 1)) throw new UsageError(`powerLawPropensities: slots must be an integer ≥ 1, got ${slots}`);
  if (!(eta >= 0 && Number.isFinite(eta))) throw new UsageError(`powerLawPropensities: eta must be ≥ 0, got ${eta}`);
  return Float64Array.from({ length: slots }, (_, k) => (1 / (k + 1)) ** eta);
}

/** c_i / p_{pos_i} per logged row: an unbiased target for the relevance r_i when the propensities are true. */
export function ipwTargets(clicks: ArrayLike<number>, positions: ArrayLike<number>, propensities: ArrayLike<number>): Float64Array {
  if (clicks.length !== positions.length) throw new UsageError(`ipwTargets: clicks and positions must have the same length, got ${clicks.length} and ${positions.length}`);
  const out = new Float64Array(clicks.length);
  for (let i = 0; i < clicks.length; i++) {
    const k = positions[i];
    const p = propensities[k];
    if (!(p > 0)) throw new UsageError(`ipwTargets: propensity of slot ${k} must be > 0, got ${p}`);
    out[i] = clicks[i] / p;
  }
  return out;
}

/**
 * Propensities relative to slot 0 (p̂_0 = 1) from randomised traffic: p̂_k = CTR_k / CTR_0. Throws when slot 0 has
 * no clicks (nothing to normalise by) or a slot has no rows.
 */
export function estimatePropensities(clicks: ArrayLike<number>, positions: ArrayLike<number>, slots: number): Float64Array {
  if (clicks.length !== positions.length) throw new UsageError(`estimatePropensities: clicks and positions must have the same length, got ${clicks.length} and ${positions.length}`);
  const shown = new Float64Array(slots);
  const clicked = new Float64Array(slots);
  for (let i = 0; i < clicks.length; i++) {
    const k = positions[i];
    if (!(Number.isInteger(k) && k >= 0 && k < slots)) throw new UsageError(`estimatePropensities: position ${i} must be an integer in [0, ${slots - 1}], got ${k}`);
    shown[k]++;
    clicked[k] += clicks[i];
  }
  for (let k = 0; k < slots; k++) if (shown[k] === 0) throw new UsageError(`estimatePropensities: slot ${k} has no randomised rows`);
  if (clicked[0] === 0) throw new UsageError('estimatePropensities: slot 0 has no clicks to normalise by');
  const ctr0 = clicked[0] / shown[0];
  return Float64Array.from({ length: slots }, (_, k) => clicked[k] / shown[k] / ctr0);
}
