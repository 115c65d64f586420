// Latency replicates that resample stretches of time (blocks of consecutive calls), checked on synthetic streams
// whose answers are known: a burst of slow calls confined to one stretch, identical streams, too few calls for a p99.
import { describe, expect, it } from 'vitest';
import { Bootstrap } from '../../src/core/resample.js';
import { Rng } from '../../src/core/rng.js';
import { quantile } from '../../src/core/stats.js';
import { blockMean, blockQuantile, blockStarts, derive } from '../../src/experiments/timing-replicates.js';

const boot = () => new Bootstrap(new Rng(3), 400);

/** Share of replicates above a threshold. */
const above = (reps: ArrayLike<number>, x: number): number => Array.from(reps).filter((v) => v > x).length / reps.length;

describe('block bootstrap of latency figures', () => {
  it('splits n calls into contiguous, nearly equal blocks that cover every call once', () => {
    expect(Array.from(blockStarts(10, 3))).toEqual([0, 3, 7, 10]);
    expect(Array.from(blockStarts(5, 20))).toEqual([0, 1, 2, 3, 4, 5]);
    const s = blockStarts(1234, 20);
    expect(s[0]).toBe(0);
    expect(s[20]).toBe(1234);
    for (let b = 0; b < 20; b++) expect(s[b + 1] - s[b]).toBeGreaterThanOrEqual(61);
  });

  it('gives a p99 from fewer than 100 calls no replicates (it is reported as the maximum, with its n)', () => {
    expect(blockQuantile(boot(), 'x', new Float64Array(99).fill(1), 0.99)).toBeNull();
    expect(blockQuantile(boot(), 'x', new Float64Array(100).fill(1), 0.99)).not.toBeNull();
    expect(blockQuantile(boot(), 'x', new Float64Array(10).fill(1), 0.5)).not.toBeNull();
  });

  it('a burst of slow calls inside one stretch of time makes the p99 uncertain, where resampling single calls would not', () => {
    // 1,000 calls of 0.1 ms; calls 500–514 (1.5%, all inside one of 20 blocks) took 5 ms: p99 = 5 ms on the sample.
    // A stretch that holds the burst is drawn 0 times with probability (1 − 1/20)^20 ≈ 36%: then p99 ≈ 0.1 ms.
    const samples = Float64Array.from({ length: 1000 }, (_, i) => (i >= 500 && i < 515 ? 5 : 0.1));
    expect(quantile(samples, 0.99)).toBe(5);
    const blocks = blockQuantile(boot(), 'burst', samples, 0.99)!;
    const single = boot().quantile(samples, 0.99);
    const blockShare = above(blocks, 1);
    // 0.64 of 400 replicates, ± 4 sd; resampling single calls, the p99 falls to 0.1 ms only when fewer than 11 of the
    // 1,000 drawn are slow (Binomial(1000, 0.015) ≤ 10: ≈ 12%), so ≈ 88% of replicates keep p99 = 5 ms
    expect(blockShare).toBeGreaterThan(0.5);
    expect(blockShare).toBeLessThan(0.8);
    expect(above(single, 1)).toBeGreaterThan(0.8);
  });

  it('pairs variants by time: two identical streams under one population give identical replicates', () => {
    const rng = new Rng(9);
    const a = Float64Array.from({ length: 600 }, () => rng.exponential(1));
    const b = Float64Array.from(a);
    const bs = boot();
    const ra = blockQuantile(bs, 'pair', a, 0.99)!;
    const rb = blockQuantile(bs, 'pair', b, 0.99)!;
    expect(Array.from(ra)).toEqual(Array.from(rb));
    // a different population name resamples other stretches
    expect(Array.from(blockQuantile(bs, 'other', b, 0.99)!)).not.toEqual(Array.from(ra));
  });

  it('the mean over resampled blocks is centred on the sample mean, and derive combines aligned replicates', () => {
    const rng = new Rng(4);
    const x = Float64Array.from({ length: 2000 }, () => rng.uniform(0, 2));
    const m = x.reduce((s, v) => s + v, 0) / x.length;
    const reps = blockMean(boot(), 'm', x);
    const centre = reps.reduce((s, v) => s + v, 0) / reps.length;
    // sd of a block-resampled mean of 2,000 uniform(0, 2) ≈ 0.577 / √2000 ≈ 0.013; the average of 400 is within 0.005
    expect(Math.abs(centre - m)).toBeLessThan(0.005);
    expect(Array.from(derive((p, q) => p / q, [2, 9], [1, 3]))).toEqual([2, 3]);
  });
});
