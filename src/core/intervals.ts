/**
 * Intervals for the figures a run reports: distribution-free intervals for quantiles from order statistics,
 * and percentile intervals from bootstrap replicates. Pure maths; the clock-reading side lives in src/measure.
 */
import { normalQuantile } from './special-functions.js';

export type Interval = [number, number];

/** Confidence level used for every interval the lab reports. */
export const CONFIDENCE = 0.95;

/**
 * 1-based ranks (l, u) of the order statistics that bracket the q-quantile with at least `confidence`
 * coverage: P(X(l) ≤ ξq ≤ X(u)) ≥ confidence, from the Binomial(n, q) count of samples below ξq.
 * l = 0 means "no lower bound from the sample", u = n + 1 "no upper bound" (too few samples for that tail).
 * Exact binomial sums up to n = 20,000, the normal approximation beyond. O(n).
 */
export function quantileRanks(n: number, q: number, confidence = CONFIDENCE): { lo: number; hi: number } {
  if (!(n >= 1)) return { lo: 0, hi: n + 1 };
  if (!(q > 0 && q < 1)) throw new Error(`quantileRanks: q must be in (0, 1), got ${q}`);
  const tail = (1 - confidence) / 2;
  if (n > 20000) {
    const z = normalQuantile(1 - tail);
    const sd = Math.sqrt(n * q * (1 - q));
    const lo = Math.floor(n * q - z * sd);
    const hi = Math.ceil(n * q + z * sd) + 1;
    return { lo: Math.max(0, lo), hi: Math.min(n + 1, hi) };
  }
  // pmf(k) of Binomial(n, q) by the ratio recurrence in log space; cdf accumulated
  const logq = Math.log(q);
  const log1q = Math.log1p(-q);
  let logPmf = n * log1q; // k = 0
  const cdf = new Float64Array(n + 1);
  let acc = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logPmf += Math.log((n - k + 1) / k) + logq - log1q;
    acc += Math.exp(logPmf);
    cdf[k] = acc;
  }
  // lower: the largest l with P(B ≤ l − 1) ≤ tail; upper: the smallest u with P(B ≥ u) ≤ tail
  let lo = 0;
  for (let l = 1; l <= n; l++) {
    if (cdf[l - 1] <= tail) lo = l;
    else break;
  }
  let hi = n + 1;
  for (let u = n; u >= 1; u--) {
    if (1 - cdf[u - 1] <= tail) hi = u;
    else break;
  }
  return { lo, hi };
}

/**
 * Interval for the q-quantile of sorted samples from order statistics (no distributional assumption).
 * Where the sample has too few points to bound a side, that side is the sample's min or max
 * (`open` says which sides are not true bounds).
 */
export function quantileInterval(
  sorted: ArrayLike<number>,
  q: number,
  confidence = CONFIDENCE,
): { interval: Interval; open: { lo: boolean; hi: boolean } } {
  const n = sorted.length;
  if (n === 0) return { interval: [NaN, NaN], open: { lo: true, hi: true } };
  const { lo, hi } = quantileRanks(n, q, confidence);
  return {
    interval: [sorted[Math.max(0, lo - 1)], sorted[Math.min(n - 1, hi - 1)]],
    open: { lo: lo < 1, hi: hi > n },
  };
}

/** Smallest sample size whose order-statistic interval for the q-quantile has a true upper bound. */
export function samplesToBoundQuantile(q: number, confidence = CONFIDENCE): number {
  // the upper bound exists when P(all n samples below ξq) = q^n ≤ tail
  return Math.ceil(Math.log((1 - confidence) / 2) / Math.log(q));
}

/** The (1 − confidence)/2 and (1 + confidence)/2 percentiles of replicate values (NaNs ignored). */
export function percentileInterval(replicates: ArrayLike<number>, confidence = CONFIDENCE): Interval {
  const vals = Float64Array.from(replicates).filter((v) => !Number.isNaN(v)).sort();
  if (vals.length === 0) return [NaN, NaN];
  const pick = (p: number): number => {
    const pos = (vals.length - 1) * p;
    const i = Math.floor(pos);
    const j = Math.min(vals.length - 1, i + 1);
    return vals[i] + (vals[j] - vals[i]) * (pos - i);
  };
  return [pick((1 - confidence) / 2), pick((1 + confidence) / 2)];
}

/** Student-t two-sided quantile for `dof` degrees of freedom (Cornish–Fisher expansion; exact enough for intervals). */
export function studentTQuantile(p: number, dof: number): number {
  const z = normalQuantile(p);
  if (!(dof >= 1)) return NaN;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / dof + g2 / dof ** 2 + g3 / dof ** 3 + g4 / dof ** 4;
}

/** Mean and t-interval of a few values (e.g. one figure per seed). One value: the interval is that value. */
export function meanInterval(values: ArrayLike<number>, confidence = CONFIDENCE): { mean: number; ci: Interval } {
  const n = values.length;
  if (n === 0) return { mean: NaN, ci: [NaN, NaN] };
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  const m = s / n;
  if (n < 2) return { mean: m, ci: [m, m] };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - m) ** 2;
  const half = studentTQuantile((1 + confidence) / 2, n - 1) * Math.sqrt(ss / (n - 1) / n);
  return { mean: m, ci: [m - half, m + half] };
}
