// PopularityMerge: the index's best k − quota, then the most popular items not among them, k in all — checked
// against the primary source and the popularity order on the tiny serving fixture.
import { describe, expect, it } from 'vitest';
import { topK } from '../../src/core/vec.js';
import { itemCounts } from '../../src/data/cohorts.js';
import { PopularityMerge } from '../../src/serving/adapters.js';
import { tinyServing } from './fixtures.js';

describe('PopularityMerge', () => {
  const { world, components } = tinyServing();
  const popular = Int32Array.from(topK(itemCounts(world, 'train'), 500));

  it('with quota 0 is the primary source', () => {
    const merged = new PopularityMerge(components.candidates, popular, 0, components.itemVectors, components.dim);
    const q = components.encoder.encode(3);
    expect(Array.from(merged.search(q, 50).ids)).toEqual(Array.from(components.candidates.search(q, 50).ids));
  });

  it('returns k distinct items: the primary best k − quota first, then the most popular not among them, scored by q·v', () => {
    const quota = 20;
    const merged = new PopularityMerge(components.candidates, popular, quota, components.itemVectors, components.dim);
    for (const u of [0, 7, 42]) {
      const q = components.encoder.encode(u);
      const got = merged.search(q, 50);
      expect(got.ids.length).toBe(50);
      expect(new Set(got.ids).size).toBe(50);
      const primary = Array.from(components.candidates.search(q, 30).ids);
      expect(Array.from(got.ids.subarray(0, 30))).toEqual(primary);
      const expected = Array.from(popular).filter((i) => !primary.includes(i)).slice(0, quota);
      expect(Array.from(got.ids.subarray(30))).toEqual(expected);
      const i = got.ids[40];
      let dot = 0;
      for (let d = 0; d < components.dim; d++) dot += q[d] * components.itemVectors[i * components.dim + d];
      // Float32 storage of the score: compare at float precision
      expect(got.scores[40]).toBeCloseTo(dot, 4);
    }
  });

  it('refuses a negative or fractional quota', () => {
    expect(() => new PopularityMerge(components.candidates, popular, -1, components.itemVectors, components.dim)).toThrow(/quota must be an integer ≥ 0, got -1/);
  });
});
