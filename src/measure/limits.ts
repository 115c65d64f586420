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

/** The part of MeasureOptions the limits touch (typed here so measure.ts and this file do not import each other). */
interface Timings {
  budgetMs?: number;
  warmup?: { maxMs?: number } | number;
}

/** The options with the ambient limits applied (unchanged outside `withMeasureLimits`). */
export function limited<O extends Timings>(o: O): O {
  const l = current.getStore();
  if (!l) return o;
  const out: O = { ...o };
  if (l.maxBudgetMs !== undefined) out.budgetMs = Math.min(o.budgetMs ?? DEFAULT_BUDGET_MS, l.maxBudgetMs);
  if (l.maxWarmupMs !== undefined && typeof o.warmup !== 'number') out.warmup = { ...o.warmup, maxMs: Math.min(o.warmup?.maxMs ?? DEFAULT_WARMUP_MS, l.maxWarmupMs) };
  return out;
}
