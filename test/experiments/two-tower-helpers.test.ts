// Helpers behind the two-tower scenarios: the rule of thumb and the knee of embedding-dim, and the
// train-subsample view used by mf-vs-deep (the test split must stay exactly as it was).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { generateWorld } from '../../src/data/world.js';
import { kneeOf, ruleOfThumbDim } from '../../src/experiments/embedding-dim.js';
import { subsampleTrain } from '../../src/experiments/two-tower-common.js';

describe('embedding-dim helpers', () => {
  it('4·⁴√vocab gives ≈ 126 for 1M and ≈ 225 for 10M items (the guide says 178 for 10M)', () => {
    expect(ruleOfThumbDim(1e6)).toBeCloseTo(126.49, 2);
    expect(ruleOfThumbDim(1e7)).toBeCloseTo(224.94, 2);
  });

  it('the knee is the smallest x within 95% of the best y, whatever the input order', () => {
    const pts = [{ x: 64, y: 0.58 }, { x: 16, y: 0.5 }, { x: 256, y: 0.6 }, { x: 32, y: 0.56 }];
    // best 0.6: 95% is 0.57, first reached at 64; 90% is 0.54, reached at 32
    expect(kneeOf(pts)).toBe(64);
    expect(kneeOf(pts, 0.9)).toBe(32);
    expect(kneeOf(pts, 0.99)).toBe(256);
  });
});

describe('subsampleTrain', () => {
  it('keeps every test engagement and about the asked share of train engagements, in time order', () => {
    const w = generateWorld({ scale: 'tiny', seed: 2, overrides: { numUsers: 200, numItems: 400, numCategories: 20, numTopCategories: 4, days: 12, testDays: 2 } });
    const few = subsampleTrain(w, 0.3, new Rng(1));
    const testBefore = w.interactions.count - w.split.trainCount;
    expect(few.interactions.count - few.split.trainCount).toBe(testBefore);
    // binomial(n, 0.3): 5 standard deviations of slack around the expected count
    const n = w.split.trainCount;
    expect(Math.abs(few.split.trainCount - 0.3 * n)).toBeLessThan(5 * Math.sqrt(n * 0.3 * 0.7));
    for (let k = 1; k < few.interactions.count; k++) expect(few.interactions.time[k]).toBeGreaterThanOrEqual(few.interactions.time[k - 1]);
    expect(subsampleTrain(w, 1, new Rng(1))).toBe(w);
    expect(() => subsampleTrain(w, 0, new Rng(1))).toThrow(/fraction must be in \(0, 1\]/);
  });
});
