// Exact search is the recall reference, so it is itself checked against the most naive k-NN there is.
// Score tolerance 1e-4 relative: the index sums float32 products in four partial sums, the reference in float64.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { UsageError } from '../../src/core/errors.js';
import { ANN_METRICS, createAnnIndex, loadAnnIndex } from '../../src/retrieval/index.js';
import { gaussianRows } from '../arbitraries/vectors.js';
import { naiveKnn, overlap } from './naive-knn.js';

const dir = mkdtempSync(join(tmpdir(), 'exact-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rng = new Rng(7);
const dim = 13; // not a multiple of 4: exercises the unrolled loop's tail
const n = 500;
const vectors = gaussianRows(rng, n, dim);
const queries = gaussianRows(rng, 25, dim);

describe('ExactIndex', () => {
  for (const metric of ANN_METRICS) {
    it(`has recall 1 against a naive k-NN and the same scores (${metric})`, () => {
      const index = createAnnIndex({ kind: 'exact', dim, metric, maxElements: n });
      index.addBatch(vectors.subarray(0, 200 * dim));
      index.addBatch(vectors.subarray(200 * dim)); // two batches: ids continue from 200
      for (let q = 0; q < 25; q++) {
        const query = queries.subarray(q * dim, (q + 1) * dim);
        const got = index.search(query, 10);
        const want = naiveKnn(metric, vectors, dim, query, 10);
        expect(overlap(got.ids, want.ids)).toBe(1);
        for (let i = 0; i < 10; i++) expect(got.scores[i]).toBeCloseTo(want.scores[i], 3);
      }
    });
  }

  it('returns caller ids, best first, and at most size results', () => {
    const index = createAnnIndex({ kind: 'exact', dim: 2, metric: 'ip', maxElements: 3 });
    index.addBatch(new Float32Array([1, 0, 0, 1, 2, 2]), Int32Array.from([70, 80, 90]));
    const r = index.search(new Float32Array([1, 0.5]), 5);
    expect(Array.from(r.ids)).toEqual([90, 70, 80]);
    expect(Array.from(r.scores)).toEqual([3, 1, 0.5]);
  });

  it('searchBatch packs queries × k rows equal to single searches', () => {
    const index = createAnnIndex({ kind: 'exact', dim, metric: 'ip', maxElements: n });
    index.addBatch(vectors);
    const batch = index.searchBatch(queries.subarray(0, 3 * dim), 4);
    for (let q = 0; q < 3; q++) {
      const one = index.search(queries.subarray(q * dim, (q + 1) * dim), 4);
      expect(Array.from(batch.ids.subarray(q * 4, q * 4 + 4))).toEqual(Array.from(one.ids));
    }
  });

  it('survives a save/load round trip with identical results (cosine vectors stay normalised once)', () => {
    const index = createAnnIndex({ kind: 'exact', dim, metric: 'cosine', maxElements: n });
    index.addBatch(vectors);
    const path = join(dir, 'exact-idx');
    index.save(path);
    index.save(path); // overwriting an existing save is atomic too
    const loaded = loadAnnIndex(path);
    expect(loaded.kind).toBe('exact');
    expect(loaded.size).toBe(n);
    const q = queries.subarray(0, dim);
    expect(loaded.search(q, 10)).toEqual(index.search(q, 10));
  });

  it('rejects unknown kinds and metrics with the known ones, and batches beyond maxElements', () => {
    expect(() => createAnnIndex({ kind: 'faiss' as 'exact', dim: 2, metric: 'ip', maxElements: 1 })).toThrow(/unknown kind "faiss"; known kinds: hnsw, exact, ivf, ivfpq, sq8/);
    expect(() => createAnnIndex({ kind: 'exact', dim: 2, metric: 'hamming' as 'ip', maxElements: 1 })).toThrow(/known metrics: ip, cosine, l2/);
    const index = createAnnIndex({ kind: 'exact', dim: 2, metric: 'ip', maxElements: 1 });
    expect(() => index.addBatch(new Float32Array(4))).toThrow(UsageError);
    expect(() => index.addBatch(new Float32Array(3))).toThrow(/not a multiple of dim 2/);
    expect(() => loadAnnIndex(join(dir, 'nothing-here'))).toThrow(/no saved index/);
  });
});
