/** Small descriptive statistics used across metrics, latency reports and claims. */

/** Arithmetic mean; NaN for an empty input. */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
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
  p99_ms: number;
  mean_ms: number;
}

/** p50/p95/p99/mean of a sample of durations in milliseconds. */
export function summariseLatency(durationsMs: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(durationsMs).sort();
  return {
    n: sorted.length,
    p50_ms: quantileSorted(sorted, 0.5),
    p95_ms: quantileSorted(sorted, 0.95),
    p99_ms: quantileSorted(sorted, 0.99),
    mean_ms: mean(sorted),
  };
}
