/**
 * A run's metrics with the bootstrap replicates claims are judged on, kept side by side so a metric and its
 * replicates cannot drift apart: a mean over units (eval users, launched items …) gets `ctx.bootstrap.mean`
 * replicates of the same population (paired across every model evaluated on those units), a derived metric
 * (a difference, a ratio) is recomputed per replicate index from its inputs, and an exact figure (a count, a
 * configuration echo, a single stage timing) has none.
 */
import { deriveReplicates, type Bootstrap } from '../core/resample.js';
import type { ExperimentContext } from './types.js';

/** The population name of the sampled test users: every model evaluated on one EvalSet is paired through it. */
export const EVAL_USERS = 'eval-users';

/** Mean of the defined values (NaN marks a unit outside a cohort); 0 for none, as retrievalMetrics reports it. */
function definedMean(xs: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < xs.length; i++) if (xs[i] === xs[i]) { s += xs[i]; n++; }
  return n ? s / n : 0;
}

export class MetricSet {
  readonly metrics: Record<string, number> = {};
  readonly replicates: Record<string, Float64Array> = {};
  private readonly boot: Bootstrap;

  constructor(ctx: Pick<ExperimentContext, 'bootstrap'>) {
    this.boot = ctx.bootstrap;
  }

  /** A figure without replicates: a count, a setting, one wall-clock stage time. */
  exact(name: string, value: number): this {
    this.metrics[name] = value;
    return this;
  }

  /** The mean of one value per unit of `population` (NaN = outside the metric's cohort), with its replicates. */
  mean(name: string, perUnit: ArrayLike<number>, population: string = EVAL_USERS): this {
    this.metrics[name] = definedMean(perUnit);
    this.replicates[name] = this.boot.mean(population, perUnit);
    return this;
  }

  /** Every column of a per-user table (e.g. `retrievalPerUser`), renamed by `rename`; columns it maps to null are skipped. */
  means(perUser: Record<string, ArrayLike<number>>, rename: (name: string) => string | null = (n) => n, population: string = EVAL_USERS): this {
    for (const [k, v] of Object.entries(perUser)) {
      const name = rename(k);
      if (name !== null) this.mean(name, v, population);
    }
    return this;
  }

  /** Any statistic of resampled units: `fn(idx)` over the identity for the point value, over each resample for the replicates. */
  statistic(name: string, population: string, n: number, fn: (idx: Int32Array) => number): this {
    this.metrics[name] = fn(Int32Array.from({ length: n }, (_, i) => i));
    this.replicates[name] = this.boot.statistic(population, n, fn);
    return this;
  }

  /** A metric given with its own replicates (e.g. a latency quantile from `ctx.bootstrap.quantile`). */
  withReplicates(name: string, value: number, replicates: Float64Array): this {
    this.metrics[name] = value;
    this.replicates[name] = replicates;
    return this;
  }

  /**
   * A metric computed from others, per replicate (core's deriveReplicates: replicate b applies `fn` to replicate b
   * of each input, and a timing input's quiet-machine twin is carried through); an exact input gives its point
   * value to every b. Without replicated inputs the result is exact.
   */
  derive(name: string, inputs: string[], fn: (...xs: number[]) => number): this {
    for (const i of inputs) if (!(i in this.metrics)) throw new Error(`MetricSet.derive(${name}): input ${i} is not a metric yet`);
    this.metrics[name] = fn(...inputs.map((i) => this.metrics[i]));
    if (inputs.some((i) => this.replicates[i])) {
      this.replicates[name] = deriveReplicates(inputs.map((i) => this.replicates[i] ?? new Float64Array(this.boot.B).fill(this.metrics[i])), fn);
    }
    return this;
  }

  /** Copy named metrics (and their replicates) from another set, renamed. */
  take(from: MetricSet, names: string[], rename: (name: string) => string = (n) => n): this {
    for (const n of names) {
      if (!(n in from.metrics)) continue;
      this.metrics[rename(n)] = from.metrics[n];
      if (from.replicates[n]) this.replicates[rename(n)] = from.replicates[n];
    }
    return this;
  }
}
