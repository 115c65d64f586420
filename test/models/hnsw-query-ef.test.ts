// The HNSW search beam an evaluation user gets: the user's excluded (training) items are asked for and dropped after
// the search, so they take beam slots; the `ef` knob is the breadth beyond them, never below the ids asked for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EvalSet } from '../../src/models/eval/eval-set.js';
import { hnswQueryEf, hnswQueryK } from '../../src/models/eval/retrieve.js';

const withExcluded = (...counts: number[]) => ({ exclude: counts.map((n) => new Set(Array.from({ length: n }, (_, i) => i))) }) as unknown as EvalSet;

describe('hnswQueryEf', () => {
  it('by hand: 300 excluded items and ef 100 search 400 wide for a top-100 (ask 400); ef 300 searches 600 wide', () => {
    const set = withExcluded(300, 0);
    expect(hnswQueryK(set, 0, 100, 10_000)).toBe(400);
    expect(hnswQueryEf(set, 0, 100, 10_000, 100)).toBe(400);
    expect(hnswQueryEf(set, 0, 100, 10_000, 300)).toBe(600);
    // a user without history: ef 50 is raised to the 100 ids asked for
    expect(hnswQueryEf(set, 1, 100, 10_000, 50)).toBe(100);
  });

  it('the beam is never narrower than the ids asked for, and grows one for one with ef past them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 2000 }), (excluded, K, ef) => {
        const set = withExcluded(excluded);
        const N = 100_000;
        const beam = hnswQueryEf(set, 0, K, N, ef);
        expect(beam).toBeGreaterThanOrEqual(hnswQueryK(set, 0, K, N));
        // once ef reaches K the knob is past the floor: each more candidate widens the beam by one
        if (ef >= K) expect(hnswQueryEf(set, 0, K, N, ef + 1) - beam).toBe(1);
      }),
    );
  });
});
