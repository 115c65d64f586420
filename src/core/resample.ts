/**
 * Bootstrap replicates of a run's metrics, so a claim can be judged on its resamples rather than on one
 * point value (Efron & Tibshirani, "An Introduction to the Bootstrap", ch. 6 and 13).
 *
 * Replicate b of every metric computed over the same named population of the same size uses the same
 * resampled units: metrics are paired, so a claim comparing two models on the same users sees the noise
 * they share cancel. Indices are regenerated from a seeded fork per (population, n, b) — deterministic,
 * and no B × n table is held for large populations.
 */
import { Rng } from './rng.js';

/** Replicates per metric: 2.5% of 400 is 10 replicates, enough to place the 97.5% / 2.5% verdict cut-offs. */
export const DEFAULT_REPLICATES = 400;

export type Verdict = 'holds' | 'fails' | 'inconclusive';

/** A claim holds when at least this share of replicates make it true, fails when at most 1 − this do. */
export const DECISIVE_SHARE = 0.975;

export function verdictFromShare(share: number): Verdict {
  if (share >= DECISIVE_SHARE) return 'holds';
  if (share <= 1 - DECISIVE_SHARE) return 'fails';
  return 'inconclusive';
}

/**
 * Per-call wall times with their twin: the calls made while the thread kept its core (`quiet`). On a busy machine
 * the two differ by the time spent waiting for a core; a claim whose verdict changes between them is not decided
 * by the algorithm but by the machine.
 */
export class TimedSamples extends Float64Array {
  readonly quiet: Float64Array;
  constructor(wall: ArrayLike<number>, quiet: ArrayLike<number>) {
    super(wall.length);
    this.set(wall);
    this.quiet = Float64Array.from(quiet);
  }
}

/** Replicates of a timing metric, with the replicates of the same statistic over the quiet samples (null: too few). */
export class TimingReplicates extends Float64Array {
  quiet: Float64Array | null = null;
}

/**
 * A metric derived from other metrics' replicates (a ratio, a difference, a crossover), replicate by replicate;
 * when any input is a timing metric the result keeps a quiet-machine twin computed from the inputs' twins.
 */
export function deriveReplicates(inputs: ArrayLike<number>[], f: (...values: number[]) => number): Float64Array {
  const B = Math.min(...inputs.map((r) => r.length));
  const wall = new Float64Array(B);
  for (let b = 0; b < B; b++) wall[b] = f(...inputs.map((r) => r[b]));
  if (!inputs.some((r) => r instanceof TimingReplicates)) return wall;
  const out = new TimingReplicates(wall);
  const twins = inputs.map((r) => (r instanceof TimingReplicates ? (r.quiet === r ? r : r.quiet) : r));
  if (twins.every((t, i) => t === inputs[i])) out.quiet = out;
  else if (twins.every((t) => t !== null)) {
    const quiet = new Float64Array(B);
    for (let b = 0; b < B; b++) quiet[b] = f(...twins.map((r) => r![b]));
    out.quiet = quiet;
  }
  return out;
}

/**
 * The distinct values of `xs` in Float64Array.prototype.sort's order (−0 and +0 apart, −0 first; NaN last, as one
 * value), and the index of each sample's value among them. O(n log n).
 */
function sortedGroups(xs: ArrayLike<number>): { value: Float64Array; group: Int32Array } {
  const n = xs.length;
  const sorted = Float64Array.from(xs).sort();
  const distinct: number[] = [];
  const at = new Map<number | string, number>(); // −0 keyed apart: a Map treats it as +0
  for (let j = 0; j < n; j++) {
    const v = sorted[j];
    if (j > 0 && Object.is(v, sorted[j - 1])) continue;
    at.set(Object.is(v, -0) ? '-0' : v, distinct.length);
    distinct.push(v);
  }
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = xs[i];
    group[i] = at.get(Object.is(v, -0) ? '-0' : v)!;
  }
  return { value: Float64Array.from(distinct), group };
}

/** Fewer quiet samples than this and the quiet-machine twin of a percentile is not estimated. */
const MIN_QUIET_SAMPLES = 20;

const CACHE_LIMIT = 4_000_000; // indices kept in memory at most (16 MB); larger populations are regenerated

export class Bootstrap {
  private readonly root: Rng;
  private readonly cache = new Map<string, Int32Array[]>();
  private independent = 0;

  constructor(rng: Rng, readonly B: number = DEFAULT_REPLICATES) {
    if (!(Number.isInteger(B) && B >= 2)) throw new Error(`Bootstrap: B must be an integer ≥ 2, got ${B}`);
    this.root = rng;
  }

  /** The b-th resample of n units of `population`: n indices drawn with replacement from [0, n). */
  indices(population: string, n: number, b: number): Int32Array {
    const key = `${population}\u0000${n}`;
    let kept = this.cache.get(key);
    if (kept?.[b]) return kept[b];
    const rng = this.root.fork(`${key}\u0000${b}`);
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rng.next() * n);
    if (n * this.B <= CACHE_LIMIT) {
      if (!kept) this.cache.set(key, (kept = new Array<Int32Array>(this.B)));
      kept[b] = idx;
    }
    return idx;
  }

  /** B values of `fn` over resampled units of `population` (n units). */
  statistic(population: string, n: number, fn: (idx: Int32Array, b: number) => number): Float64Array {
    const out = new Float64Array(this.B);
    if (n === 0) return out.fill(NaN);
    for (let b = 0; b < this.B; b++) out[b] = fn(this.indices(population, n, b), b);
    return out;
  }

  /** B replicates of the mean of `values` (one value per unit of `population`). NaN values are skipped. */
  mean(population: string, values: ArrayLike<number>): Float64Array {
    return this.statistic(population, values.length, (idx) => {
      let s = 0;
      let c = 0;
      for (let i = 0; i < idx.length; i++) {
        const v = values[idx[i]];
        if (v === v) {
          s += v;
          c++;
        }
      }
      return c ? s / c : NaN;
    });
  }

  /**
   * B replicates of the q-quantile of `samples` (e.g. per-request latencies). Without a population name each
   * call resamples independently; with one, equal-length samples of the same population are paired (A B A B
   * measurements of two variants).
   */
  quantile(samples: ArrayLike<number>, q: number, population?: string): Float64Array {
    const name = population ?? `independent-${this.independent++}`;
    const of = (xs: ArrayLike<number>, pop: string): Float64Array => {
      const { value, group } = sortedGroups(xs);
      const n = xs.length;
      const counts = new Int32Array(value.length);
      // quantileSorted's two order statistics and weight, read off each resample's counts per distinct value (in the
      // order Float64Array.prototype.sort gives: −0 before +0, NaN last) instead of sorting the resample
      const pos = (n - 1) * q;
      const lo = Math.floor(pos);
      const hi = Math.min(n - 1, lo + 1);
      return this.statistic(pop, n, (idx) => {
        if (!(q >= 0 && q <= 1)) throw new Error(`quantileSorted: q must be in [0, 1], got ${q}`);
        counts.fill(0);
        for (let i = 0; i < idx.length; i++) counts[group[idx[i]]]++;
        let g = 0;
        let below = 0; // resampled values before group g
        while (below + counts[g] <= lo) below += counts[g++];
        const atLo = value[g];
        if (below + counts[g] <= hi) {
          g++;
          while (counts[g] === 0) g++;
        }
        const atHi = value[g];
        return atLo + (atHi - atLo) * (pos - lo);
      });
    };
    if (!(samples instanceof TimedSamples)) return of(samples, name);
    // timing: replicates of the statistic over every call, with its quiet-machine twin beside them
    const out = new TimingReplicates(of(samples, name));
    if (samples.quiet.length === samples.length) out.quiet = out; // no call waited for a core: the twin is itself
    else if (samples.quiet.length >= MIN_QUIET_SAMPLES) out.quiet = of(samples.quiet, `${name}:quiet`);
    return out;
  }

  /** B replicates of the mean of a few per-trial (or per-seed) figures, resampled as units. */
  figures(values: ArrayLike<number>, population?: string): Float64Array {
    return this.mean(population ?? `independent-${this.independent++}`, values);
  }
}
