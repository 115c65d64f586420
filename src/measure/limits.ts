/**
 * A brief measurement for runs that check what a scenario computes rather than how fast (the test suite): caps
 * on every `measure`'s sampling budget and warm-up time inside a run, set by the runner's `measure` option.
 * Sample floors stay (a p99 still gets its 100 calls), so every summary is still well formed; timing figures get
 * wider intervals and timing verdicts may be inconclusive — speed is shown in benchmarks, never in tests.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface MeasureLimits {
  /** sampling time after warm-up, in ms, at most this (the sample floor still applies) */
  maxBudgetMs?: number;
  /** warm-up time, in ms, at most this (a fixed number of warm-up calls is kept) */
  maxWarmupMs?: number;
  /**
   * the fewest calls that keep each summary's shape: a sample floor above what the quantile reported needs is cut to
   * that (a p99: 100 calls, minSamplesFor), a warm-up to one window of calls before the time cap can end it, and no
   * trial is taken again for having been slow. A count the caller states exactly (minSamples = maxSamples, a number
   * of warm-up calls) is kept: other figures may depend on it (cache hits, straggler draws).
   */
  leastCalls?: boolean;
}

const current = new AsyncLocalStorage<MeasureLimits>();

/** Run `fn` with every `measure` call inside it (however deep) held to `limits`. */
export function withMeasureLimits<T>(limits: MeasureLimits | undefined, fn: () => Promise<T>): Promise<T> {
  return limits ? current.run(limits, fn) : fn();
}

/** The limits in force here (set by `withMeasureLimits`), or undefined. */
export function measureLimitsInForce(): MeasureLimits | undefined {
  return current.getStore();
}

const DEFAULT_BUDGET_MS = 1000;
const DEFAULT_WARMUP_MS = 2000;
/** Warm-up calls under `leastCalls` when the options name no window: one window of the protocol's default size. */
export const LEAST_WARMUP_CALLS = 10;

/** The part of MeasureOptions the limits touch (typed here so measure.ts and this file do not import each other). */
interface Timings {
  budgetMs?: number;
  minSamples?: number;
  maxSamples?: number;
  warmup?: { maxMs?: number; minCalls?: number; window?: number } | number;
  retrials?: number;
}

/**
 * The options with the ambient limits applied (unchanged outside `withMeasureLimits`). `quantileFloor` is the
 * sample floor the options' quantile needs (minSamplesFor), which `leastCalls` keeps.
 */
export function limited<O extends Timings>(o: O, quantileFloor: number): O {
  const l = current.getStore();
  if (!l) return o;
  const out: O = { ...o };
  if (l.maxBudgetMs !== undefined) out.budgetMs = Math.min(o.budgetMs ?? DEFAULT_BUDGET_MS, l.maxBudgetMs);
  if (typeof o.warmup !== 'number') {
    const w = { ...o.warmup };
    if (l.maxWarmupMs !== undefined) w.maxMs = Math.min(o.warmup?.maxMs ?? DEFAULT_WARMUP_MS, l.maxWarmupMs);
    if (l.leastCalls && w.minCalls !== 0) w.minCalls = Math.min(w.minCalls ?? Number.POSITIVE_INFINITY, Math.max(1, w.window ?? LEAST_WARMUP_CALLS));
    out.warmup = w;
  }
  if (l.leastCalls) {
    const stated = o.minSamples !== undefined && o.maxSamples !== undefined && o.minSamples >= o.maxSamples;
    if (!stated && o.minSamples !== undefined && o.minSamples > quantileFloor) out.minSamples = quantileFloor;
    out.retrials = 0;
  }
  return out;
}

/**
 * A stated count of timed calls whose only product is timing figures (a sweep point's requests, say): under
 * `leastCalls`, at most `least` (what its summary needs); else unchanged. Never for a count other figures read.
 */
export function leastCount(stated: number, least: number): number {
  return current.getStore()?.leastCalls ? Math.min(stated, least) : stated;
}

/** A sampling time cap (ms) as the limits in force cut it, as `measure` would: for a decision made from the cap. */
export function limitedBudgetMs(ms: number): number {
  const max = current.getStore()?.maxBudgetMs;
  return max === undefined ? ms : Math.min(ms, max);
}
