/**
 * Two-sample hypothesis tests for drift: Pearson's χ² for categorical features and the
 * Kolmogorov–Smirnov test for numeric ones.
 *
 * Which test for which feature:
 * - categorical (country, device, category id): χ² on the 2×k table of counts; needs expected counts
 *   ≳ 5 per cell, so merge rare categories first; dof = k − 1.
 * - numeric (price, a model score): KS on the raw values — no binning choice, sensitive to any change
 *   in location or shape, strongest near the median, weak in the tails.
 * - either, when the question is "how much" rather than "is there any": PSI or Jensen–Shannon, which
 *   do not grow with n.
 * Sample size: both tests are consistent, so with enough rows every real-world difference, however
 * irrelevant, becomes "significant". At n = 1,000,000 per side a shift of 0.01 standard deviations in
 * a normal feature gives KS p ≈ 1e-20 while PSI ≈ 0.0001 (see the drift-psi scenario's large-n table).
 * Use the tests on samples of a few thousand rows, or use an effect-size threshold.
 */
import { UsageError } from '../errors.js';
import { chiSquareSurvival } from '../special-functions.js';
import { ksStatistic } from './ks-statistic.js';

export interface ChiSquareResult {
  statistic: number;
  dof: number;
  pValue: number;
}

/**
 * Pearson's χ² test of homogeneity on the 2×k contingency table [countsA; countsB]:
 * E_ij = row_i · col_j / N, X² = Σ (O − E)² / E, no continuity (Yates) correction.
 * Columns empty in both rows are dropped (they carry no information); dof = (non-empty columns − 1).
 * p = Q(dof/2, X²/2), the χ² survival function by our regularised incomplete gamma.
 * O(k). Throws UsageError for different lengths, negative counts, an empty row, or fewer than 2
 * non-empty columns.
 */
export function chiSquareTest(countsA: ArrayLike<number>, countsB: ArrayLike<number>): ChiSquareResult {
  const k = countsA.length;
  if (k !== countsB.length) throw new UsageError(`chiSquareTest: count vectors must have the same length, got ${k} and ${countsB.length}`);
  let na = 0;
  let nb = 0;
  let columns = 0;
  for (let j = 0; j < k; j++) {
    const a = countsA[j];
    const b = countsB[j];
    if (!(a >= 0) || !(b >= 0)) throw new UsageError(`chiSquareTest: counts must be ≥ 0, got ${a} and ${b} at ${j}`);
    na += a;
    nb += b;
    if (a + b > 0) columns++;
  }
  if (na === 0 || nb === 0) throw new UsageError('chiSquareTest: each row needs at least one positive count');
  if (columns < 2) throw new UsageError(`chiSquareTest: needs ≥ 2 non-empty categories, got ${columns}`);
  const n = na + nb;
  let stat = 0;
  for (let j = 0; j < k; j++) {
    const col = countsA[j] + countsB[j];
    if (col === 0) continue;
    const ea = (na * col) / n;
    const eb = (nb * col) / n;
    stat += (countsA[j] - ea) ** 2 / ea + (countsB[j] - eb) ** 2 / eb;
  }
  const dof = columns - 1;
  return { statistic: stat, dof, pValue: chiSquareSurvival(stat, dof) };
}

/**
 * Pearson's χ² goodness of fit of observed counts to expected shares: E_j = N·s_j with s normalised to sum 1,
 * X² = Σ (O_j − E_j)² / E_j, dof = k − 1, p = Q(dof/2, X²/2) as chiSquareTest. The one-row sibling of the
 * homogeneity test above (a sample ratio mismatch check, a hash's bucket spread).
 * O(k). Throws UsageError for different lengths, fewer than 2 categories, a negative or non-finite count,
 * a share that is not > 0, or no observations.
 */
export function chiSquareGoodnessOfFit(observed: ArrayLike<number>, expectedShares: ArrayLike<number>): ChiSquareResult {
  const k = observed.length;
  if (k !== expectedShares.length) throw new UsageError(`chiSquareGoodnessOfFit: counts and shares must have the same length, got ${k} and ${expectedShares.length}`);
  if (k < 2) throw new UsageError(`chiSquareGoodnessOfFit: needs ≥ 2 categories, got ${k}`);
  let n = 0;
  let shareSum = 0;
  for (let j = 0; j < k; j++) {
    const o = observed[j];
    const s = expectedShares[j];
    if (!(o >= 0) || !Number.isFinite(o)) throw new UsageError(`chiSquareGoodnessOfFit: counts must be finite and ≥ 0, got ${o} at ${j}`);
    if (!(s > 0) || !Number.isFinite(s)) throw new UsageError(`chiSquareGoodnessOfFit: shares must be finite and > 0, got ${s} at ${j}`);
    n += o;
    shareSum += s;
  }
  if (n === 0) throw new UsageError('chiSquareGoodnessOfFit: counts must not all be 0');
  let stat = 0;
  for (let j = 0; j < k; j++) {
    const e = (n * expectedShares[j]) / shareSum;
    stat += (observed[j] - e) ** 2 / e;
  }
  const dof = k - 1;
  return { statistic: stat, dof, pValue: chiSquareSurvival(stat, dof) };
}

/**
 * Survival function of the Kolmogorov distribution, Q_KS(λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2 j² λ²}
 * (Kolmogorov 1933), summed until the terms vanish; Q_KS(λ) = 1 for λ ≤ 0.18 where the alternating
 * series converges too slowly to be trusted (and its value is 1 to 1e-12 anyway). O(terms) ≤ 100.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda <= 0.18) return 1;
  const a = -2 * lambda * lambda;
  let sum = 0;
  let sign = 1;
  let previous = 0;
  for (let j = 1; j <= 100; j++) {
    const term = sign * 2 * Math.exp(a * j * j);
    sum += term;
    if (Math.abs(term) <= 1e-12 * Math.abs(sum) || Math.abs(term) <= 1e-300 || Math.abs(term) === previous) break;
    previous = Math.abs(term);
    sign = -sign;
  }
  return Math.min(1, Math.max(0, sum));
}

export interface KsResult {
  statistic: number;
  pValue: number;
}

/**
 * Two-sample Kolmogorov–Smirnov test: D = sup_x |F_a(x) − F_b(x)| over the empirical CDFs (ties
 * handled by stepping past every copy of a value in both samples before comparing).
 * p-value from the asymptotic Kolmogorov series at λ = (√n_e + 0.12 + 0.11/√n_e)·D with
 * n_e = n_a·n_b/(n_a + n_b) — Stephens' (1970) correction, as in Numerical Recipes `kstwo`, which keeps
 * the asymptotic p-value usable down to n_e ≈ 4. Conservative with many ties.
 * D by ksStatistic (bucketed, sorting only the buckets that can hold the maximum): O(n_a + n_b) on
 * smooth data, O(n log n) at worst. Throws UsageError on an empty sample or NaN.
 */
export function ksTest(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const na = a.length;
  const nb = b.length;
  if (na === 0 || nb === 0) throw new UsageError(`ksTest: both samples must be non-empty, got ${na} and ${nb} values`);
  const d = ksStatistic(a, b);
  const ne = Math.sqrt((na * nb) / (na + nb));
  return { statistic: d, pValue: kolmogorovSurvival((ne + 0.12 + 0.11 / ne) * d) };
}
