// Interview point: "What metrics do you optimise offline?" — NDCG, MAP, AUC, coverage, Gini/entropy.
// These properties are the definitions in executable form: what each metric can and cannot tell you.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aucRoc,
  averagePrecisionAtK,
  catalogCoverage,
  giniIndex,
  ndcgAtK,
  recallAtK,
  recallOfRetrieved,
  shannonEntropy,
} from '../../src/core/metrics/index.js';
import { exposure, labelledScores, rankingCase } from '../arbitraries/ranking.js';
import { naiveNdcg, pairCountAuc } from '../core/metrics/naive-reference.js';

// 1e-9: the fast and naive versions sum the same terms in the same order or differ only in log form.
const EPS = 1e-9;

describe('ranking metrics', () => {
  it('NDCG lies in [0, 1] for any relevance, scores and k', () => {
    fc.assert(
      fc.property(rankingCase(), ({ relevance, scores, k }) => {
        const v = ndcgAtK(relevance, scores, k);
        return v >= 0 && v <= 1 + EPS;
      }),
    );
  });

  it('NDCG is 1 when the scores order the items by relevance (and something is relevant)', () => {
    fc.assert(
      fc.property(rankingCase(), ({ relevance, k }) => {
        fc.pre(relevance.some((r) => r > 0));
        // scores = relevance: ties only among equal relevance, which carry equal gain
        expect(ndcgAtK(relevance, relevance, k)).toBeCloseTo(1, 12);
        expect(ndcgAtK(relevance, relevance, k, { gain: 'linear' })).toBeCloseTo(1, 12);
      }),
    );
  });

  it('NDCG agrees with a naive reference implementation for both gains', () => {
    fc.assert(
      fc.property(rankingCase(), ({ relevance, scores, k }) => {
        expect(Math.abs(ndcgAtK(relevance, scores, k) - naiveNdcg(relevance, scores, k, 'exponential'))).toBeLessThan(EPS);
        expect(Math.abs(ndcgAtK(relevance, scores, k, { gain: 'linear' }) - naiveNdcg(relevance, scores, k, 'linear'))).toBeLessThan(EPS);
      }),
    );
  });

  it('recall@k never falls as k grows', () => {
    fc.assert(
      fc.property(rankingCase(), ({ relevance, scores, k }) => recallAtK(relevance, scores, k + 1) >= recallAtK(relevance, scores, k)),
    );
  });

  it('recall@n is 1 whenever something is relevant: looking at everything finds everything', () => {
    fc.assert(
      fc.property(rankingCase(), ({ relevance, scores }) => {
        fc.pre(relevance.some((r) => r > 0));
        return recallAtK(relevance, scores, relevance.length) === 1;
      }),
    );
  });

  it('AP@k lies in [0, 1] and is 1 when the relevant items come first', () => {
    fc.assert(
      fc.property(rankingCase(), ({ relevance, scores, k }) => {
        const v = averagePrecisionAtK(relevance, scores, k);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1 + EPS);
        if (relevance.some((r) => r > 0)) {
          const relevantFirst = relevance.map((r) => (r > 0 ? 1 : 0));
          expect(averagePrecisionAtK(relevance, relevantFirst, k)).toBeCloseTo(1, 12);
        }
      }),
    );
  });

  it('recallOfRetrieved gives the same answer for a Set and a sorted Int32Array of held-out ids', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 20 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 10 }),
        fc.integer({ min: 1, max: 25 }),
        (retrieved, relevant, k) => {
          const sorted = Int32Array.from(relevant).sort();
          return recallOfRetrieved(retrieved, new Set(relevant), k) === recallOfRetrieved(retrieved, sorted, k);
        },
      ),
    );
  });
});

describe('AUC', () => {
  it('AUC equals the brute-force share of (positive, negative) pairs ordered correctly, ties counting ½', () => {
    fc.assert(
      fc.property(labelledScores(), ({ labels, scores }) => Math.abs(aucRoc(labels, scores) - pairCountAuc(labels, scores)) < EPS),
    );
  });

  it('negating the scores turns AUC into 1 − AUC', () => {
    fc.assert(
      fc.property(labelledScores(), ({ labels, scores }) => {
        const negated = scores.map((s) => -s);
        return Math.abs(aucRoc(labels, negated) - (1 - aucRoc(labels, scores))) < EPS;
      }),
    );
  });

  it('AUC is unchanged by any strictly increasing transform of the scores (it only sees the order)', () => {
    fc.assert(
      fc.property(labelledScores(), ({ labels, scores }) => {
        const squashed = scores.map((s) => 1 / (1 + Math.exp(-s / 50)));
        fc.pre(new Set(squashed).size === new Set(scores).size); // the transform must not create ties in float
        return Math.abs(aucRoc(labels, squashed) - aucRoc(labels, scores)) < EPS;
      }),
    );
  });
});

describe('exposure metrics', () => {
  it('the Gini index of equal counts is 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 100 }), (n, c) => giniIndex(new Array(n).fill(c)) === 0),
    );
  });

  it('the Gini index lies in [0, (n − 1)/n], the maximum reached when one item takes everything', () => {
    fc.assert(
      fc.property(exposure(), (counts) => {
        const g = giniIndex(counts);
        const n = counts.length;
        expect(g).toBeGreaterThanOrEqual(-EPS);
        expect(g).toBeLessThanOrEqual((n - 1) / n + EPS);
        const oneTakesAll = counts.map((_, i) => (i === 0 ? 10 : 0));
        expect(giniIndex(oneTakesAll)).toBeCloseTo((n - 1) / n, 12);
      }),
    );
  });

  it('entropy lies between 0 and log2 of the number of items shown', () => {
    fc.assert(
      fc.property(exposure(), (counts) => {
        const shown = counts.filter((c) => c > 0).length;
        const h = shannonEntropy(counts);
        return h >= 0 && h <= Math.log2(Math.max(1, shown)) + EPS;
      }),
    );
  });

  it('catalog coverage never falls when another recommendation list is added', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 19 }), { maxLength: 5 }), { maxLength: 8 }), (lists) => {
        let prev = 0;
        for (let i = 0; i <= lists.length; i++) {
          const c = catalogCoverage(lists.slice(0, i), 20);
          if (c < prev) return false;
          prev = c;
        }
        return prev <= 1;
      }),
    );
  });
});

describe('AUC resampled without re-sorting', () => {
  it('each replicate equals aucRoc of the resampled rows (ties counted one half)', async () => {
    const { aucReplicates, aucRoc } = await import('../../src/core/metrics/index.js');
    const { Bootstrap } = await import('../../src/core/resample.js');
    const { Rng } = await import('../../src/core/rng.js');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 6 })), { minLength: 4, maxLength: 60 }), fc.integer(), (rows, seed) => {
        const labels = rows.map((r) => r[0]);
        const scores = rows.map((r) => r[1]); // few distinct values: many ties
        const boot = new Bootstrap(new Rng(seed), 20);
        const reps = aucReplicates(boot, 'rows', labels, scores);
        for (let b = 0; b < 20; b++) {
          const idx = boot.indices('rows', rows.length, b);
          const l = Array.from(idx, (i) => labels[i]);
          const s = Array.from(idx, (i) => scores[i]);
          const both = l.some((v) => v > 0) && l.some((v) => v === 0);
          if (both) expect(reps[b]).toBeCloseTo(aucRoc(l, s), 12);
          else expect(reps[b]).toBeNaN();
        }
      }),
    );
  });

  it('with groups, each replicate equals aucRoc of the rows of the resampled groups (a positive and its negatives move together)', async () => {
    const { aucReplicates, aucRoc } = await import('../../src/core/metrics/index.js');
    const { Bootstrap } = await import('../../src/core/resample.js');
    const { Rng } = await import('../../src/core/rng.js');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), { minLength: 2, maxLength: 30 }), fc.integer(), (pairs, seed) => {
        // groups of two rows: a positive and a negative, scored with few distinct values
        const labels = pairs.flatMap(() => [1, 0]);
        const scores = pairs.flatMap(([p, q]) => [p, q]);
        const boot = new Bootstrap(new Rng(seed), 10);
        const reps = aucReplicates(boot, 'groups', labels, scores, undefined, 2);
        for (let b = 0; b < 10; b++) {
          const idx = boot.indices('groups', pairs.length, b);
          const l = Array.from(idx).flatMap(() => [1, 0]);
          const s = Array.from(idx).flatMap((g) => [scores[2 * g], scores[2 * g + 1]]);
          expect(reps[b]).toBeCloseTo(aucRoc(l, s), 12);
        }
      }),
    );
  });
});
