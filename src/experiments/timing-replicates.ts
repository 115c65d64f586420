/**
 * Timing replicates for the serving experiments. A mean latency keeps the busy-machine twin, as `ctx.bootstrap.quantile` does for percentiles:
 * over every call, and over the calls that kept their core (`TimedSamples.quiet`), so a claim on a mean (a cache
 * that cuts mean latency, a throughput) is judged like one on a percentile — inconclusive when its verdict
 * depends on the time spent waiting for a core.
 */
import { TimedSamples, TimingReplicates, type Bootstrap } from '../core/resample.js';
import { TAIL_MIN_SAMPLES } from '../core/stats.js';

/** Fewer quiet calls than this and the twin is not estimated (as for percentiles in src/core/resample.ts). */
const MIN_QUIET_SAMPLES = 20;

/** B replicates of the mean of per-call times (paired with other metrics of `population` of the same length). */
export function timingMean(bootstrap: Bootstrap, population: string, samples: ArrayLike<number>): Float64Array {
  const all = bootstrap.mean(population, samples);
  if (!(samples instanceof TimedSamples)) return all;
  const out = new TimingReplicates(all);
  if (samples.quiet.length === samples.length) out.quiet = out;
  else if (samples.quiet.length >= MIN_QUIET_SAMPLES) out.quiet = bootstrap.mean(`${population}:quiet`, samples.quiet);
  return out;
}

/**
 * B replicates of the q-quantile of per-call times (`ctx.bootstrap.quantile`, twin included), or null for a
 * p99 from fewer than 100 calls: that figure is reported as the maximum with its n and decides no claim.
 */
export function timingQuantile(bootstrap: Bootstrap, samples: ArrayLike<number>, q: number, population?: string): Float64Array | null {
  if (q >= 0.99 && samples.length < TAIL_MIN_SAMPLES) return null;
  return bootstrap.quantile(samples, q, population);
}
