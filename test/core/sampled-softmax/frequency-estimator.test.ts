// The streaming frequency estimator (Yi et al. 2019, Algorithm 2) against exact batch-inclusion probabilities.
import { describe, expect, it } from 'vitest';
import { AliasSampler, Rng } from '../../../src/core/rng.js';
import { UsageError } from '../../../src/core/errors.js';
import { batchInclusionProbabilities, StreamingFrequencyEstimator } from '../../../src/core/sampled-softmax/frequency-estimator.js';

describe('StreamingFrequencyEstimator', () => {
  it('tracks the exact per-batch inclusion probability of a Zipf stream for frequent items', () => {
    const N = 500;
    const B = 32;
    const weights = Float64Array.from({ length: N }, (_, i) => 1 / (i + 1));
    const sampler = new AliasSampler(weights);
    const rng = new Rng(1);
    const est = new StreamingFrequencyEstimator({ buckets: 8192, alpha: 0.02, hashes: 2 });
    for (let t = 0; t < 6000; t++) est.update(Array.from({ length: B }, () => sampler.sample(rng)));
    const exact = batchInclusionProbabilities(weights, B);
    // the 20 most frequent items are seen every few steps: the EMA with α = 0.02 averages ~50 gaps,
    // whose relative noise is ~1/√50·(1−p) ≈ 15%; 30% catches a wrong scale (e.g. per-example vs per-batch)
    for (let i = 0; i < 20; i++) expect(Math.abs(est.probability(i) / exact[i] - 1)).toBeLessThan(0.3);
  });

  it('reports 0 for an item never seen and rejects bad options by name', () => {
    const est = new StreamingFrequencyEstimator({ buckets: 16, alpha: 0.5 });
    expect(est.probability(3)).toBe(0);
    expect(() => new StreamingFrequencyEstimator({ buckets: 0, alpha: 0.5 })).toThrow(UsageError);
    expect(() => new StreamingFrequencyEstimator({ buckets: 8, alpha: 0 })).toThrow(/alpha must be in \(0, 1\]/);
  });

  it('exact inclusion probabilities are 1 − (1 − c/n)^B', () => {
    const p = batchInclusionProbabilities([1, 3, 0], 2);
    expect(p[0]).toBeCloseTo(1 - (3 / 4) ** 2, 12);
    expect(p[1]).toBeCloseTo(1 - (1 / 4) ** 2, 12);
    expect(p[2]).toBe(0);
  });
});
