// Hand-worked values for the ranking metrics. Tolerances: 1e-4 where the expected value was worked by
// hand to 4–5 decimals; 1e-12 where two computations of the same sum are compared (float round-off only).
import { describe, expect, it } from 'vitest';
import { averagePrecisionAtK, ndcgAtK, rankByScore, recallAtK } from '../../../src/core/metrics/index.js';
import { UsageError } from '../../../src/core/errors.js';
import { naiveNdcg } from './naive-reference.js';

// the textbook example (Wikipedia "Discounted cumulative gain"): relevance in ranked order 3,2,3,0,1,2
const rel = [3, 2, 3, 0, 1, 2];
const inOrder = [6, 5, 4, 3, 2, 1];

describe('ndcgAtK', () => {
  it('linear gain gives DCG 6.8611 / IDCG 7.1410 = 0.9608, which scikit-learn ndcg_score also gives', () => {
    expect(ndcgAtK(rel, inOrder, 6, { gain: 'linear' })).toBeCloseTo(6.8611 / 7.141, 4);
    expect(ndcgAtK(rel, inOrder, 6, { gain: 'linear' })).toBeCloseTo(0.9608, 4);
  });

  it('exponential gain (LightGBM default) gives 13.8483 / 14.5954 = 0.9488 on the same ranking', () => {
    expect(ndcgAtK(rel, inOrder, 6)).toBeCloseTo(0.9488, 4);
  });

  it('with binary relevance the two gains agree', () => {
    const bin = [1, 0, 1, 0, 0, 1];
    expect(ndcgAtK(bin, inOrder, 4)).toBeCloseTo(ndcgAtK(bin, inOrder, 4, { gain: 'linear' }), 12);
  });

  it('takes the ideal DCG from all items, not only the top k the scorer chose', () => {
    // scorer ranks the two irrelevant items first: DCG@2 = 0 although relevant items exist
    expect(ndcgAtK([0, 0, 1, 1], [4, 3, 2, 1], 2)).toBe(0);
    // one relevant at rank 2: (1/log2 3) / (1 + 1/log2 3)
    expect(ndcgAtK([0, 1, 1], [3, 2, 1], 2)).toBeCloseTo(0.63093 / 1.63093, 4);
  });

  it('is 0 when nothing is relevant, and clamps k above n', () => {
    expect(ndcgAtK([0, 0, 0], [1, 2, 3], 2)).toBe(0);
    expect(ndcgAtK(rel, inOrder, 100)).toBeCloseTo(ndcgAtK(rel, inOrder, 6), 12);
  });

  it('breaks score ties by input index (scikit-learn would average the tied gains: 0.8155 here)', () => {
    expect(Array.from(rankByScore([1, 1, 2]))).toEqual([2, 0, 1]);
    expect(ndcgAtK([1, 0], [0.5, 0.5], 2)).toBe(1);
    expect(ndcgAtK([0, 1], [0.5, 0.5], 2)).toBeCloseTo(0.63093, 4);
  });

  it('matches the naive reference on a fixed example with both gains', () => {
    const r = [0, 2, 1, 3, 0, 1, 2];
    const s = [0.1, 0.9, 0.3, 0.35, 0.8, 0.2, 0.5];
    for (const k of [1, 3, 5, 7]) {
      expect(ndcgAtK(r, s, k)).toBeCloseTo(naiveNdcg(r, s, k, 'exponential'), 12);
      expect(ndcgAtK(r, s, k, { gain: 'linear' })).toBeCloseTo(naiveNdcg(r, s, k, 'linear'), 12);
    }
  });

  it('rejects bad input with a message naming the problem', () => {
    expect(() => ndcgAtK([1, 2], [1], 1)).toThrow(UsageError);
    expect(() => ndcgAtK([1], [1], 0)).toThrow(/k must be an integer ≥ 1, got 0/);
    expect(() => ndcgAtK([-1], [1], 1)).toThrow(/relevance 0 must be finite and ≥ 0/);
    expect(() => ndcgAtK([1], [1], 1, { gain: 'cubic' as 'linear' })).toThrow(/gain must be/);
  });
});

describe('recallAtK', () => {
  it('counts the share of relevant items found in the top k', () => {
    // ranked relevance 1,0,1,0,1: top 2 holds 1 of 3 relevant
    expect(recallAtK([1, 0, 1, 0, 1], [5, 4, 3, 2, 1], 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK([1, 0, 1, 0, 1], [5, 4, 3, 2, 1], 5)).toBe(1);
  });

  it('treats graded relevance > 0 as relevant and is 0 when nothing is relevant', () => {
    expect(recallAtK([3, 0, 2], [1, 2, 3], 1)).toBe(0.5);
    expect(recallAtK([0, 0], [1, 2], 1)).toBe(0);
  });
});

describe('averagePrecisionAtK', () => {
  it('averages precision at each hit: ranked 1,0,1,0,0 gives (1/1 + 2/3) / 2 = 0.8333', () => {
    expect(averagePrecisionAtK([1, 0, 1, 0, 0], [5, 4, 3, 2, 1], 5)).toBeCloseTo(0.83333, 4);
  });

  it('divides by min(k, R), so a perfect top-2 with 3 relevant items scores 1 at k = 2', () => {
    expect(averagePrecisionAtK([1, 1, 1, 0], [4, 3, 2, 1], 2)).toBe(1);
    // a hit only at rank 2 with k = 2, R = 3: (1/2) / 2
    expect(averagePrecisionAtK([0, 1, 1, 1], [4, 3, 2, 1], 2)).toBeCloseTo(0.25, 12);
  });

  it('is 0 when nothing is relevant', () => {
    expect(averagePrecisionAtK([0, 0], [1, 2], 2)).toBe(0);
  });
});
