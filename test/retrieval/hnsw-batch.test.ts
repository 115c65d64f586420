// HnswIndex.searchBatch on one graph writes each answer straight into the batch's arrays (issue 23): it must equal the
// single-query searches laid end to end, padding (k above the size) and every metric included.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { ANN_METRICS, createAnnIndex } from '../../src/retrieval/index.js';
import { gaussianRows } from '../arbitraries/vectors.js';

describe('HnswIndex.searchBatch', () => {
  for (const metric of ANN_METRICS) {
    it(`equals the single searches end to end, padded with −1 / −Infinity (${metric})`, () => {
      const rng = new Rng(11);
      const dim = 12;
      for (const [n, k] of [[600, 10], [4, 10]] as const) {
        const index = createAnnIndex({ kind: 'hnsw', dim, metric, maxElements: n, M: 8, efConstruction: 50 });
        index.addBatch(gaussianRows(rng, n, dim));
        const queries = gaussianRows(rng, 15, dim);
        const batch = index.searchBatch(queries, k, { ef: 20 });
        const ids = new Int32Array(15 * k).fill(-1);
        const scores = new Float32Array(15 * k).fill(-Infinity);
        for (let q = 0; q < 15; q++) {
          const one = index.search(queries.subarray(q * dim, (q + 1) * dim), k, { ef: 20 });
          ids.set(one.ids, q * k);
          scores.set(one.scores, q * k);
        }
        expect(Array.from(batch.ids)).toEqual(Array.from(ids));
        expect(Array.from(batch.scores)).toEqual(Array.from(scores));
      }
    });
  }
});
