// Hand-worked values for AUC, coverage, concentration (Gini, entropy), intra-list diversity and novelty.
// Tolerance 1e-12 where the expected value is an exact fraction (float round-off only), 1e-4 for logs worked by hand.
import { describe, expect, it } from 'vitest';
import {
  aucRoc,
  catalogCoverage,
  exposureCounts,
  giniIndex,
  intraListDiversity,
  novelty,
  shannonEntropy,
} from '../../../src/core/metrics/index.js';
import { UsageError } from '../../../src/core/errors.js';

describe('aucRoc', () => {
  it('counts ordered pairs: positives 0.9 and 0.4 against negatives 0.8 and 0.3 win 3 of 4', () => {
    expect(aucRoc([1, 0, 1, 0], [0.9, 0.8, 0.4, 0.3])).toBeCloseTo(0.75, 12);
  });

  it('counts a tie as half a win', () => {
    expect(aucRoc([1, 0], [0.5, 0.5])).toBe(0.5);
    // pairs: (0.7 vs 0.7) ½, (0.7 vs 0.2) 1, (0.9 vs 0.7) 1, (0.9 vs 0.2) 1 → 3.5 / 4
    expect(aucRoc([1, 1, 0, 0], [0.7, 0.9, 0.7, 0.2])).toBeCloseTo(0.875, 12);
  });

  it('treats graded labels > 0 as positive', () => {
    expect(aucRoc([3, 0, 1], [3, 1, 2])).toBe(1);
  });

  it('throws a clear error when one class is empty', () => {
    expect(() => aucRoc([1, 1], [0.2, 0.3])).toThrow(UsageError);
    expect(() => aucRoc([0, 0], [0.2, 0.3])).toThrow(/at least one positive and one negative label, got 0 positive and 2 negative/);
    expect(() => aucRoc([0, 1], [0.2])).toThrow(/same length/);
  });
});

describe('catalogCoverage and exposureCounts', () => {
  it('counts distinct recommended ids over the catalog size', () => {
    expect(catalogCoverage([[0, 1], [1, 2]], 10)).toBeCloseTo(0.3, 12);
    expect(catalogCoverage([], 10)).toBe(0);
    expect(Array.from(exposureCounts([[0, 1], [1, 2]], 4))).toEqual([1, 2, 1, 0]);
  });

  it('rejects ids outside the catalog', () => {
    expect(() => catalogCoverage([[10]], 10)).toThrow(/item id 10 in list 0 is outside \[0, 10\)/);
    expect(() => catalogCoverage([[1]], 0)).toThrow(/catalogSize must be an integer ≥ 1/);
  });
});

describe('giniIndex and shannonEntropy', () => {
  it('Gini: equal counts give 0, 1,2,3,4 gives 10/40 = 0.25', () => {
    expect(giniIndex([5, 5, 5, 5])).toBe(0);
    expect(giniIndex([4, 1, 3, 2])).toBeCloseTo(0.25, 12);
  });

  it('Gini: the choice of items changes the answer — all exposure on 1 of 4 items is 0.75 with zeros, 0 without', () => {
    expect(giniIndex([0, 0, 0, 4])).toBeCloseTo(0.75, 12);
    expect(giniIndex([0, 0, 0, 4], { includeZeros: false })).toBe(0);
    expect(giniIndex([0, 0])).toBe(0);
  });

  it('entropy: uniform over 4 items is 2 bits, 2:1:1 is 1.5 bits, one item is 0', () => {
    expect(shannonEntropy([1, 1, 1, 1])).toBeCloseTo(2, 12);
    expect(shannonEntropy([2, 1, 1, 0])).toBeCloseTo(1.5, 12);
    expect(shannonEntropy([0, 7])).toBe(0);
  });

  it('rejects negative counts', () => {
    expect(() => giniIndex([1, -1])).toThrow(/count 1 must be finite and ≥ 0, got -1/);
    expect(() => shannonEntropy([NaN])).toThrow(UsageError);
  });
});

describe('intraListDiversity', () => {
  const emb = new Float32Array([1, 0, 0, 1, 2, 0, 0, 0]); // rows: e0=(1,0) e1=(0,1) e2=(2,0) e3=(0,0)

  it('cosine: pairs (0,1)=1, (0,2)=0, (1,2)=1 → mean 2/3; a list of one item is 0', () => {
    expect(intraListDiversity([0, 1, 2], emb, 2)).toBeCloseTo(2 / 3, 12);
    expect(intraListDiversity([1], emb, 2)).toBe(0);
  });

  it('euclidean: distances √2, 1, √5 → mean (√2 + 1 + √5) / 3', () => {
    expect(intraListDiversity([0, 1, 2], emb, 2, { distance: 'euclidean' })).toBeCloseTo((Math.SQRT2 + 1 + Math.sqrt(5)) / 3, 6);
  });

  it('a zero vector is at cosine distance 1 from everything', () => {
    expect(intraListDiversity([0, 3], emb, 2)).toBe(1);
  });

  it('rejects ids outside the matrix and a dim that does not divide it', () => {
    expect(() => intraListDiversity([4], emb, 2)).toThrow(/item id 4 is outside \[0, 4\)/);
    expect(() => intraListDiversity([0], emb, 3)).toThrow(/dim must divide/);
  });
});

describe('novelty', () => {
  it('is the mean self-information −log2((count + 1)/(population + 1))', () => {
    const counts = [3, 1, 0];
    expect(novelty([0], counts, { population: 7 })).toBeCloseTo(1, 12); // −log2(4/8)
    expect(novelty([1], counts, { population: 7 })).toBeCloseTo(2, 12); // −log2(2/8)
    expect(novelty([0, 1], counts, { population: 7 })).toBeCloseTo(1.5, 12);
    expect(novelty([2], counts, { population: 7 })).toBeCloseTo(3, 12); // never seen: −log2(1/8)
  });

  it('defaults the population to the sum of counts, and an empty list is 0', () => {
    expect(novelty([0], [3, 1, 0])).toBeCloseTo(-Math.log2(4 / 5), 12);
    expect(novelty([], [1])).toBe(0);
  });

  it('rejects ids outside the counts and counts above the population', () => {
    expect(() => novelty([3], [1, 1])).toThrow(/item id 3 is outside/);
    expect(() => novelty([0], [5], { population: 2 })).toThrow(/exceeds population 2/);
  });
});
