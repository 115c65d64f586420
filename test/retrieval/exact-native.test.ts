// The native exact search (src/native/exact through ExactIndex) against the JS reference (src/retrieval/exact-js.ts),
// bit for bit: ids and float scores of search and searchBatch for every metric, dims that are and are not multiples of
// 4, row counts around the kernel's blocks of four, k above the size (padding), duplicated rows (ties go to the lower
// row, so to the id added first), integer-valued vectors (many equal scores); and streamRead sums what it reads.
// `npm ci` builds the addon; where CI runs, a missing addon is a failure (test/models/two-tower-native.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { nativeStatus } from '../../src/native/addon.js';
import { ExactIndex } from '../../src/retrieval/exact.js';
import { resolveAnnOptions } from '../../src/retrieval/ann-options.js';
import { ANN_METRICS, type AnnMetric } from '../../src/retrieval/index.js';

const { addon } = nativeStatus();

function pair(metric: AnnMetric, dim: number, n: number) {
  const options = resolveAnnOptions({ kind: 'exact', dim, metric, maxElements: Math.max(1, n) });
  return { native: new ExactIndex(options, 'native'), js: new ExactIndex(options, 'js') };
}

describe.runIf(addon)('native exact search', () => {
  it('search and searchBatch return the JS reference ids and scores bit for bit, ties by the id added first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.constantFrom(...ANN_METRICS), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 }), (seed, metric, dim, n, k) => {
        const rng = new Rng(seed);
        const small = rng.next() < 0.4; // small integers: many exactly equal scores
        const draw = () => (small ? rng.int(3) - 1 : rng.normal());
        const vectors = Float32Array.from({ length: n * dim }, draw);
        // duplicate some rows so ties meet
        for (let r = 1; r < n; r++) if (rng.next() < 0.2) vectors.copyWithin(r * dim, (r - 1) * dim, r * dim);
        const ids = Int32Array.from({ length: n }, (_, i) => 1000 + 3 * i);
        const { native, js } = pair(metric, dim, n);
        expect(native.engine).toBe('native');
        if (n > 0) {
          native.addBatch(vectors, ids);
          js.addBatch(vectors, ids);
        }
        const nq = 1 + rng.int(6);
        const queries = Float32Array.from({ length: nq * dim }, draw);
        const one = queries.subarray(0, dim);
        const a = native.search(one, k);
        const b = js.search(one, k);
        expect(Array.from(a.ids)).toEqual(Array.from(b.ids));
        expect(Array.from(a.scores)).toEqual(Array.from(b.scores));
        const ab = native.searchBatch(queries, k);
        const bb = js.searchBatch(queries, k);
        expect(Array.from(ab.ids)).toEqual(Array.from(bb.ids));
        expect(Array.from(ab.scores)).toEqual(Array.from(bb.scores));
      }),
      { numRuns: 200 },
    );
  });

  it('a batch larger than a block of rows gives each query its own single search', () => {
    const rng = new Rng(3);
    const dim = 64;
    const n = 5000; // several blocks of 512 rows
    const vectors = Float32Array.from({ length: n * dim }, () => rng.normal());
    const { native, js } = pair('ip', dim, n);
    native.addBatch(vectors);
    js.addBatch(vectors);
    const queries = Float32Array.from({ length: 20 * dim }, () => rng.normal());
    const batch = native.searchBatch(queries, 10);
    for (let q = 0; q < 20; q++) {
      const want = js.search(queries.subarray(q * dim, (q + 1) * dim), 10);
      expect(Array.from(batch.ids.subarray(q * 10, q * 10 + 10))).toEqual(Array.from(want.ids));
      expect(Array.from(batch.scores.subarray(q * 10, q * 10 + 10))).toEqual(Array.from(want.scores));
    }
  });

  it('streamRead returns the sum of the values it reads', () => {
    const m = Float32Array.from({ length: 1003 }, (_, i) => (i % 7) - 3);
    const want = m.reduce((s, v) => s + v, 0);
    expect(addon!.streamRead(m)).toBe(want);
  });
});
