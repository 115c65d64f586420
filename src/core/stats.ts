/** Small descriptive statistics used across metrics, latency reports and claims. */
import { quantileInterval, type Interval } from './intervals.js';

/** Arithmetic mean; NaN for an empty input. */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/**
 * Mean of the values that are numbers, skipping NaN (a unit without a value: a request with no click, an empty
 * cohort), in input order; NaN when none is. O(n).
 */
export function meanOfDefined(values: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === values[i]) {
      s += values[i];
      n++;
    }
  }
  return n ? s / n : NaN;
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function std(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < n; i++) s += (values[i] - m) ** 2;
  return Math.sqrt(s / (n - 1));
}

/**
 * Quantile q ∈ [0, 1] of already-sorted ascending values, linear interpolation between order
 * statistics (the "type 7" definition used by numpy and R by default).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (!(q >= 0 && q <= 1)) throw new Error(`quantileSorted: q must be in [0, 1], got ${q}`);
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileSorted(Float64Array.from(values).sort(), q);
}

export interface LatencySummary {
  n: number;
  p50_ms: number;
  p95_ms: number;
  /** with fewer than TAIL_MIN_SAMPLES samples this is the maximum (`tail: 'max'`), not an estimate of p99 */
  p99_ms: number;
  mean_ms: number;
  max_ms?: number;
  /** 95% order-statistic intervals (a side the sample cannot bound is its min or max) */
  ci?: { p50: Interval; p95: Interval; p99: Interval };
  /** untimed calls made before the samples (JIT tiers, caches) */
  warmup?: number;
  /** 'max': too few samples for a p99, so p99_ms reports the maximum of n */
  tail?: 'max';
}

/** Below this many samples a p99 is not estimated: the maximum is reported instead, with its n. */
export const TAIL_MIN_SAMPLES = 100;

/** p50/p95/p99/mean/max of a sample of durations in milliseconds, with order-statistic intervals. */
export function summariseLatency(durationsMs: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(durationsMs).sort();
  const n = sorted.length;
  const max = n ? sorted[n - 1] : NaN;
  const few = n < TAIL_MIN_SAMPLES;
  const ci = (q: number): Interval => quantileInterval(sorted, q).interval;
  return {
    n,
    p50_ms: quantileSorted(sorted, 0.5),
    p95_ms: quantileSorted(sorted, 0.95),
    p99_ms: few ? max : quantileSorted(sorted, 0.99),
    mean_ms: mean(sorted),
    max_ms: max,
    ...(n ? { ci: { p50: ci(0.5), p95: ci(0.95), p99: few ? [max, max] as Interval : ci(0.99) } } : {}),
    ...(few && n ? { tail: 'max' as const } : {}),
  };
}
