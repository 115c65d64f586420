/**
 * Bootstrap replicates of latency figures, resampling contiguous blocks of calls rather than single calls (a
 * moving-block bootstrap: Künsch 1989; Efron & Tibshirani ch. 8.6). On a shared machine the noise comes in bursts
 * (another process holds the core for a few time slices, a GC pauses a run of calls), so neighbouring calls are
 * not independent and resampling single calls makes a tail look surer than it is. Each block is a stretch of time;
 * variants measured interleaved (A B B A …) and split into the same number of blocks under one population name
 * are paired by time: replicate b of each resamples the same stretches.
 */
import type { Bootstrap } from '../core/resample.js';
import { quantileSorted, TAIL_MIN_SAMPLES } from '../core/stats.js';

/** Blocks per stream by default: enough to resample, each still long enough to hold a burst of noise. */
export const TIME_BLOCKS = 20;

/** Start offsets of `blocks` contiguous, nearly equal blocks of n samples (length blocks + 1). */
export function blockStarts(n: number, blocks: number): Int32Array {
  const k = Math.max(1, Math.min(blocks, n));
  return Int32Array.from({ length: k + 1 }, (_, b) => Math.round((n * b) / k));
}

function resampledBlocks(samples: ArrayLike<number>, starts: Int32Array, idx: Int32Array, out: Float64Array): number {
  let m = 0;
  for (let i = 0; i < idx.length; i++) for (let j = starts[idx[i]]; j < starts[idx[i] + 1]; j++) out[m++] = samples[j];
  return m;
}

/**
 * B replicates of the q-quantile of `samples` (in call order), resampling time blocks of `population`.
 * A quantile the sample cannot estimate (a p99 from fewer than 100 calls, which is reported as the maximum)
 * gets no replicates: null, and the figure stays exact with its n.
 */
export function blockQuantile(bootstrap: Bootstrap, population: string, samples: ArrayLike<number>, q: number, blocks = TIME_BLOCKS): Float64Array | null {
  if (q >= 0.99 && samples.length < TAIL_MIN_SAMPLES) return null;
  const starts = blockStarts(samples.length, blocks);
  const scratch = new Float64Array(samples.length * 2);
  return bootstrap.statistic(population, starts.length - 1, (idx) => {
    const m = resampledBlocks(samples, starts, idx, scratch);
    return quantileSorted(scratch.subarray(0, m).sort(), q);
  });
}

/** B replicates of the mean of `samples` (in call order), resampling time blocks of `population`. */
export function blockMean(bootstrap: Bootstrap, population: string, samples: ArrayLike<number>, blocks = TIME_BLOCKS): Float64Array {
  const starts = blockStarts(samples.length, blocks);
  return bootstrap.statistic(population, starts.length - 1, (idx) => {
    let s = 0;
    let m = 0;
    for (let i = 0; i < idx.length; i++) {
      for (let j = starts[idx[i]]; j < starts[idx[i] + 1]; j++) s += samples[j];
      m += starts[idx[i] + 1] - starts[idx[i]];
    }
    return m ? s / m : NaN;
  });
}

/** Replicate-wise f over aligned replicate arrays (a derived metric's replicates from its parts'). */
export function derive(f: (...v: number[]) => number, ...parts: ArrayLike<number>[]): Float64Array {
  const B = Math.min(...parts.map((p) => p.length));
  const out = new Float64Array(B);
  const v = new Array<number>(parts.length);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < parts.length; i++) v[i] = parts[i][b];
    out[b] = f(...v);
  }
  return out;
}
