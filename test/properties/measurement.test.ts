// Worked examples for "Measuring latency honestly": what an interval around a percentile means, and why a p99
// needs hundreds of samples. Each property is checked on synthetic latencies whose true quantiles are known.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanInterval, quantileInterval, quantileRanks, samplesToBoundQuantile } from '../../src/core/intervals.js';
import { Bootstrap } from '../../src/core/resample.js';
import { Rng } from '../../src/core/rng.js';
import { summariseLatency } from '../../src/core/stats.js';

/** Exponential latencies with rate 1: the true q-quantile is −ln(1 − q). */
const exponential = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => -Math.log(1 - rng.next())).sort();
const trueQuantile = (q: number) => -Math.log(1 - q);

describe('intervals for latency percentiles', () => {
  it('a 95% order-statistic interval for p50 covers the true median in about 95% of samples', () => {
    const rng = new Rng(7);
    let covered = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const [lo, hi] = quantileInterval(exponential(rng, 200), 0.5).interval;
      if (lo <= trueQuantile(0.5) && trueQuantile(0.5) <= hi) covered++;
    }
    // binomial(400, 0.95) puts 99.9% of its mass above 0.92: the interval is at least nominal (order statistics are conservative)
    expect(covered / trials).toBeGreaterThan(0.92);
  });

  it('the same holds for p99 once there are enough samples to bound it', () => {
    const rng = new Rng(11);
    let covered = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const { interval, open } = quantileInterval(exponential(rng, 1000), 0.99);
      expect(open.hi).toBe(false);
      if (interval[0] <= trueQuantile(0.99) && trueQuantile(0.99) <= interval[1]) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.91);
  });

  it('a p99 needs 368 samples before its 95% interval has an upper bound at all', () => {
    // all n samples fall below the true p99 with probability 0.99^n; that must be ≤ 2.5%: 0.99^367 = 0.02501, 0.99^368 = 0.02476
    expect(samplesToBoundQuantile(0.99)).toBe(368);
    expect(quantileRanks(367, 0.99).hi).toBe(368); // beyond the sample: unbounded
    expect(quantileRanks(368, 0.99).hi).toBeLessThanOrEqual(368);
  });

  it('with fewer than 100 samples the p99 reported is the maximum, and says so', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 99 }), (xs) => {
        const s = summariseLatency(xs);
        expect(s.tail).toBe('max');
        expect(s.p99_ms).toBe(Math.max(...xs));
      }),
    );
  });

  it('the interval always contains the estimate it surrounds', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 100, maxLength: 600 }), (xs) => {
        const s = summariseLatency(xs);
        for (const [q, v] of [['p50', s.p50_ms], ['p99', s.p99_ms]] as const) {
          expect(s.ci![q][0]).toBeLessThanOrEqual(v);
          expect(s.ci![q][1]).toBeGreaterThanOrEqual(v);
        }
      }),
    );
  });
});

describe('bootstrap replicates', () => {
  it('metrics of the same users are paired: replicate b of both reads the same resampled users', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 200 }), fc.integer(), (xs, seed) => {
        const boot = new Bootstrap(new Rng(seed), 50);
        const a = boot.mean('users', xs);
        const b = boot.mean('users', xs.map((x) => x + 0.25));
        for (let i = 0; i < 50; i++) expect(b[i] - a[i]).toBeCloseTo(0.25, 9);
      }),
    );
  });

  it('the 95% bootstrap interval of a mean covers the true mean about 95% of the time', () => {
    const rng = new Rng(3);
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const xs = Float64Array.from({ length: 300 }, () => (rng.next() < 0.3 ? 1 : 0)); // true mean 0.3
      const reps = new Bootstrap(rng.fork(t), 400).mean('u', xs);
      const sorted = Float64Array.from(reps).sort();
      if (sorted[9] <= 0.3 && 0.3 <= sorted[389]) covered++;
    }
    // percentile bootstrap is slightly anti-conservative at n = 300; 200 trials have a binomial sd of 1.5%
    expect(covered / trials).toBeGreaterThan(0.88);
  });

  it('a t-interval over a few seeds widens as the seeds disagree', () => {
    expect(meanInterval([1, 1, 1]).ci).toEqual([1, 1]);
    const narrow = meanInterval([0.50, 0.51, 0.49]).ci;
    const wide = meanInterval([0.3, 0.5, 0.7]).ci;
    expect(wide[1] - wide[0]).toBeGreaterThan(10 * (narrow[1] - narrow[0]));
    // hand-worked: mean 0.5, sd 0.2, t(0.975, 2) = 4.303 → half-width 4.303 · 0.2 / √3 = 0.4969
    expect(wide[1] - 0.5).toBeCloseTo(0.4969, 2);
  });
});

describe('bootstrap quantiles', () => {
  it('each replicate is bit for bit quantileSorted of the sorted resample (ties, ±0, ±∞ and NaN included), paired or not', async () => {
    const { quantileSorted } = await import('../../src/core/stats.js');
    const value = fc.oneof(fc.constantFrom(0, -0, 1, 2, Infinity, -Infinity, Number.NaN), fc.double({ min: -5, max: 5 }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 120 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), fc.boolean(), (xs, q, seed, named) => {
        const boot = new Bootstrap(new Rng(seed), 12);
        const got = boot.quantile(xs, q, named ? 'calls' : undefined);
        const mismatches: string[] = [];
        for (let b = 0; b < 12; b++) {
          const idx = boot.indices(named ? 'calls' : 'independent-0', xs.length, b);
          const want = quantileSorted(Float64Array.from(idx, (i) => xs[i]).sort(), q);
          if (!Object.is(got[b], want)) mismatches.push(`replicate ${b}: ${got[b]} vs ${want}`);
        }
        expect(mismatches).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('a q outside [0, 1] is refused as quantileSorted refuses it; no samples give NaN', () => {
    const boot = new Bootstrap(new Rng(1), 4);
    expect(() => boot.quantile([1, 2, 3], 1.5)).toThrow(/q must be in \[0, 1\], got 1.5/);
    expect(Array.from(boot.quantile([], 0.5))).toEqual([NaN, NaN, NaN, NaN]);
  });
});

describe('timing replicates keep their quiet-machine twin', () => {
  it('a quantile of samples with no disturbed call is its own twin; a derived ratio keeps twins', async () => {
    const { TimedSamples, deriveReplicates, TimingReplicates } = await import('../../src/core/resample.js');
    const boot = new Bootstrap(new Rng(1), 50);
    const calm = boot.quantile(new TimedSamples([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]), 0.5) as InstanceType<typeof TimingReplicates>;
    expect(calm.quiet).toBe(calm);
    const wall = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 9 : 1));
    const busy = boot.quantile(new TimedSamples(wall, wall.filter((v) => v === 1)), 0.99) as InstanceType<typeof TimingReplicates>;
    expect(busy.quiet).not.toBe(busy);
    expect(Math.max(...busy.quiet!)).toBe(1);
    const ratio = deriveReplicates([busy, calm], (a, b) => a / b) as InstanceType<typeof TimingReplicates>;
    expect(ratio).toBeInstanceOf(TimingReplicates);
    for (let b = 0; b < 50; b++) expect(ratio.quiet![b]).toBeCloseTo(busy.quiet![b] / calm[b], 12);
  });
});
