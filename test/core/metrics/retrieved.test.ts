// Retrieval batch helpers: exact fractions, so the tolerance is float round-off only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annRecallAtK, meanAnnRecallAtK, recallOfRetrieved } from '../../../src/core/metrics/index.js';

describe('recallOfRetrieved', () => {
  it('counts held-out ids found in the first k retrieved, with a Set or a sorted array', () => {
    const retrieved = Int32Array.from([7, 3, 9, 1, 4]);
    expect(recallOfRetrieved(retrieved, new Set([3, 4, 8]), 2)).toBeCloseTo(1 / 3, 12);
    expect(recallOfRetrieved(retrieved, Int32Array.from([3, 4, 8]), 5)).toBeCloseTo(2 / 3, 12);
  });

  it('counts a duplicate retrieved id once and is 0 for an empty held-out set', () => {
    expect(recallOfRetrieved([3, 3, 3], new Set([3, 4]), 3)).toBe(0.5);
    expect(recallOfRetrieved([3], new Set(), 1)).toBe(0);
    expect(() => recallOfRetrieved([3], new Set([3]), 0)).toThrow(/k must be an integer ≥ 1/);
  });

  it('is |relevant ∩ set(retrieved[0..k))| / |relevant| for any lists (repeats, −1 padding), with a Set or a sorted array', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 20 }), { maxLength: 40 }), fc.uniqueArray(fc.integer({ min: 0, max: 20 }), { maxLength: 12 }), fc.integer({ min: 1, max: 45 }), (retrieved, relevant, k) => {
        const top = new Set(retrieved.slice(0, k));
        const want = relevant.length ? relevant.filter((id) => top.has(id)).length / relevant.length : 0;
        expect(recallOfRetrieved(retrieved, new Set(relevant), k)).toBe(want);
        expect(recallOfRetrieved(Int32Array.from(retrieved), Int32Array.from(relevant).sort(), k)).toBe(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe('annRecallAtK', () => {
  it('is the overlap of the approximate and exact top-k over k, order ignored', () => {
    expect(annRecallAtK([1, 2, 3, 4], [4, 3, 2, 9], 4)).toBe(0.75);
    expect(annRecallAtK([5], [1, 2], 2)).toBe(0);
    // fewer exact neighbours than k (tiny catalog): divide by what exists
    expect(annRecallAtK([1, 2], [2, 1], 10)).toBe(1);
  });

  it('averages over queries stored back to back', () => {
    const approx = Int32Array.from([1, 2, 0, 3, 4, 0]);
    const exact = Int32Array.from([2, 1, 0, 3, 5, 0]);
    expect(meanAnnRecallAtK(approx, exact, 3, 2)).toBeCloseTo(0.75, 12);
  });
});
