// Timing replicates of the serving experiments: a mean latency keeps its busy-machine twin like a percentile does,
// and a p99 from fewer than 100 calls gets none (it is reported as the maximum, with its n).
import { describe, expect, it } from 'vitest';
import { Bootstrap, TimedSamples, TimingReplicates } from '../../src/core/resample.js';
import { Rng } from '../../src/core/rng.js';
import { timingMean, timingQuantile } from '../../src/experiments/timing-replicates.js';

const boot = () => new Bootstrap(new Rng(3), 400);
const avg = (xs: ArrayLike<number>): number => Array.from(xs).reduce((s, v) => s + v, 0) / xs.length;

describe('timing replicates', () => {
  it('a mean over calls that all kept their core is its own twin', () => {
    const xs = Float64Array.from({ length: 50 }, (_, i) => 1 + (i % 5) / 10);
    const reps = timingMean(boot(), 'calls', new TimedSamples(xs, xs));
    expect(reps).toBeInstanceOf(TimingReplicates);
    expect((reps as TimingReplicates).quiet).toBe(reps);
  });

  it('a mean with calls that waited for a core gets a twin over the others: 60 calls of 1 ms, 40 of 5 ms that waited', () => {
    const wall = Float64Array.from({ length: 100 }, (_, i) => (i < 60 ? 1 : 5));
    const reps = timingMean(boot(), 'calls', new TimedSamples(wall, wall.subarray(0, 60))) as TimingReplicates;
    // all calls: mean 2.6 ms; the calls that kept their core: exactly 1 ms in every replicate
    expect(avg(reps)).toBeGreaterThan(2.3);
    expect(avg(reps)).toBeLessThan(2.9);
    expect(Array.from(reps.quiet!).every((v) => v === 1)).toBe(true);
  });

  it('with fewer than 20 calls that kept their core there is no twin (null): the machine cannot be told apart', () => {
    const wall = Float64Array.from({ length: 100 }, () => 2);
    const reps = timingMean(boot(), 'calls', new TimedSamples(wall, wall.subarray(0, 10))) as TimingReplicates;
    expect(reps.quiet).toBeNull();
  });

  it('plain numbers (no twin known) stay plain', () => {
    expect(timingMean(boot(), 'x', [1, 2, 3])).not.toBeInstanceOf(TimingReplicates);
  });

  it('gives a p99 from fewer than 100 calls no replicates, and a median or a p99 from 100 calls the bootstrap\'s', () => {
    expect(timingQuantile(boot(), new Float64Array(99).fill(1), 0.99)).toBeNull();
    expect(timingQuantile(boot(), new Float64Array(100).fill(1), 0.99)).toHaveLength(400);
    expect(timingQuantile(boot(), new Float64Array(10).fill(1), 0.5)).toHaveLength(400);
  });
});
