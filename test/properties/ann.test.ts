// Interview point: "ANN trades recall for latency; ef is the knob." Raising ef widens HNSW's candidate
// list, so recall should not fall — and exact search is the reference that defines recall in the first place.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanAnnRecallAtK } from '../../src/core/metrics/index.js';
import { createAnnIndex } from '../../src/retrieval/index.js';
import { vectorSet, type VectorSet } from '../arbitraries/vectors.js';

function indexes(v: VectorSet) {
  const hnsw = createAnnIndex({ kind: 'hnsw', dim: v.dim, metric: 'l2', maxElements: v.n, M: 8, efConstruction: 40, seed: v.seed % 1000 });
  const exact = createAnnIndex({ kind: 'exact', dim: v.dim, metric: 'l2', maxElements: v.n });
  hnsw.addBatch(v.vectors);
  exact.addBatch(v.vectors);
  return { hnsw, exact, truth: exact.searchBatch(v.queries, 10).ids };
}

describe('HNSW and ef', () => {
  // Per query, a wider beam can occasionally swap one true neighbour for another path's; over 20 queries ×
  // 10 neighbours one such swap moves mean recall by 0.005, so 0.02 (four swaps) is "noise".
  it('raising ef never lowers mean recall@10 by more than noise', () => {
    fc.assert(
      fc.property(vectorSet(), fc.integer({ min: 10, max: 40 }), fc.integer({ min: 1, max: 160 }), (v, ef, extra) => {
        const { hnsw, truth } = indexes(v);
        const low = meanAnnRecallAtK(hnsw.searchBatch(v.queries, 10, { ef }).ids, truth, 10, 10);
        const high = meanAnnRecallAtK(hnsw.searchBatch(v.queries, 10, { ef: ef + extra }).ids, truth, 10, 10);
        expect(high).toBeGreaterThanOrEqual(low - 0.02);
      }),
      { numRuns: 25 },
    );
  });

  it('with ef at least the catalog size, HNSW finds the exact top-10 on a small connected graph', () => {
    fc.assert(
      fc.property(vectorSet(), (v) => {
        const { hnsw, truth } = indexes(v);
        expect(meanAnnRecallAtK(hnsw.searchBatch(v.queries, 10, { ef: v.n }).ids, truth, 10, 10)).toBeGreaterThanOrEqual(0.99);
      }),
      { numRuns: 15 },
    );
  });

  it('exact search has recall 1 against itself under any insertion split', () => {
    fc.assert(
      fc.property(vectorSet(), fc.integer({ min: 1, max: 199 }), (v, cut) => {
        const whole = createAnnIndex({ kind: 'exact', dim: v.dim, metric: 'ip', maxElements: v.n });
        const split = createAnnIndex({ kind: 'exact', dim: v.dim, metric: 'ip', maxElements: v.n });
        whole.addBatch(v.vectors);
        split.addBatch(v.vectors.subarray(0, cut * v.dim));
        split.addBatch(v.vectors.subarray(cut * v.dim));
        expect(meanAnnRecallAtK(split.searchBatch(v.queries, 10).ids, whole.searchBatch(v.queries, 10).ids, 10, 10)).toBe(1);
      }),
      { numRuns: 20 },
    );
  });
});
