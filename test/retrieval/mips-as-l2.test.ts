// Inner-product search on an L2 graph (mips-as-l2.ts): the transform's L2 order must be the inner-product order, the
// index must answer with inner products and find the exact top-k when its beam covers a small catalogue; and, measured,
// it is no better than the inner-product graph: the same on equal norms, worse on unequal ones.
// Most vectors here have varied norms: with equal norms the extra coordinate is 0 and the transform is not exercised.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { meanAnnRecallAtK } from '../../src/core/metrics/index.js';
import { Rng } from '../../src/core/rng.js';
import { normalizeRows } from '../../src/core/vec.js';
import { resolveAnnOptions } from '../../src/retrieval/ann-options.js';
import { createAnnIndex, loadAnnIndex } from '../../src/retrieval/index.js';
import { augmentItems, augmentQueries, createHnswInSpace, getOrBuildHnswInSpace, maxRowNorm, MipsAsL2Index } from '../../src/retrieval/mips-as-l2.js';
import { gaussianRows } from '../arbitraries/vectors.js';
import { naiveKnn } from './naive-knn.js';

const dir = mkdtempSync(join(tmpdir(), 'mips-l2-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Gaussian rows each scaled by a factor in [0.1, 3]: norms that differ by up to 30×. */
function variedNorms(rng: Rng, rows: number, dim: number): Float32Array {
  const v = gaussianRows(rng, rows, dim);
  for (let r = 0; r < rows; r++) {
    const s = 0.1 + 2.9 * rng.next();
    for (let e = r * dim; e < (r + 1) * dim; e++) v[e] *= s;
  }
  return v;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>, dim: number): number {
  let s = 0;
  for (let e = 0; e < dim; e++) s += a[e] * b[e];
  return s;
}

function sqDist(a: ArrayLike<number>, b: ArrayLike<number>, dim: number): number {
  let s = 0;
  for (let e = 0; e < dim; e++) s += (a[e] - b[e]) ** 2;
  return s;
}

const options = (dim: number, maxElements: number) => resolveAnnOptions({ kind: 'hnsw', dim, metric: 'ip', maxElements, M: 12, efConstruction: 64 });

describe('the MIPS-to-L2 transform', () => {
  it('hand-checked: x = (3, 4), y = (1, 0), R = 5, q = (1, 2)', () => {
    const items = Float32Array.of(3, 4, 1, 0);
    expect(maxRowNorm(items, 2)).toBe(5);
    // x is already at norm R: its extra coordinate is 0; y gets √(25 − 1) = √24
    const a = augmentItems(items, 2, 5);
    expect(Array.from(a.subarray(0, 3))).toEqual([3, 4, 0]);
    expect(a[5]).toBeCloseTo(Math.sqrt(24), 5);
    const q = augmentQueries(Float32Array.of(1, 2), 2);
    expect(Array.from(q)).toEqual([1, 2, 0]);
    // ‖q' − x'‖² = 5 + 25 − 2·11 = 8 and ‖q' − y'‖² = 5 + 25 − 2·1 = 28: x (q·x = 11) is nearer than y (q·y = 1)
    expect(sqDist(q, a.subarray(0, 3), 3)).toBeCloseTo(8, 4);
    expect(sqDist(q, a.subarray(3, 6), 3)).toBeCloseTo(28, 4);
  });

  it('in L2 after the transform, the nearer of two items is always the one with the larger inner product', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: 16 }), (seed, dim) => {
        const rng = new Rng(seed);
        const items = variedNorms(rng, 40, dim);
        const q = variedNorms(rng, 1, dim);
        const R = maxRowNorm(items, dim);
        const a = augmentItems(items, dim, R);
        const qa = augmentQueries(q, dim);
        const qq = dot(q, q, dim);
        // checked in plain code; the items (and pairs) that break the identity or the order are collected with their
        // values for one expect per run
        const offIdentity: { i: number; d2: number; ip: number }[] = [];
        const misordered: { i: number; j: number; ip: number; ipj: number; d2: number; d2j: number }[] = [];
        for (let i = 0; i < 40; i++) {
          const ip = dot(q, items.subarray(i * dim), dim);
          const d2 = sqDist(qa, a.subarray(i * (dim + 1)), dim + 1);
          // the identity behind it: ‖q' − x'‖² = ‖q‖² + R² − 2 q·x (float32 rows: relative tolerance)
          if (!(Math.abs(d2 - (qq + R * R - 2 * ip)) <= 1e-4 * (qq + R * R))) offIdentity.push({ i, d2, ip });
          for (let j = 0; j < i; j++) {
            const ipj = dot(q, items.subarray(j * dim), dim);
            const d2j = sqDist(qa, a.subarray(j * (dim + 1)), dim + 1);
            // pairs closer than float32 rounding can tie either way; any clear gap must keep its order
            if (Math.abs(ip - ipj) > 1e-3 * (qq + R * R) && !Object.is(Math.sign(d2j - d2), Math.sign(ip - ipj))) misordered.push({ i, j, ip, ipj, d2, d2j });
          }
        }
        expect({ offIdentity, misordered }).toEqual({ offIdentity: [], misordered: [] });
      }),
      { numRuns: 60 },
    );
  });

  it('a row longer than the R of the first batch is refused with a message naming maxNorm', () => {
    const index = new MipsAsL2Index(options(2, 10));
    index.addBatch(Float32Array.of(1, 0, 0, 1));
    expect(() => index.addBatch(Float32Array.of(3, 4))).toThrow(UsageError);
    expect(() => index.addBatch(Float32Array.of(3, 4))).toThrow(/maxNorm/);
    const roomy = new MipsAsL2Index(options(2, 10), { maxNorm: 5 });
    roomy.addBatch(Float32Array.of(1, 0));
    roomy.addBatch(Float32Array.of(3, 4));
    expect(roomy.size).toBe(2);
  });

  it('an unknown space and a non-ip metric are usage errors listing what is allowed', () => {
    expect(() => createHnswInSpace('l2' as never, { ...options(2, 10) })).toThrow(/ip, ip-as-l2/);
    expect(() => new MipsAsL2Index({ ...options(2, 10), metric: 'l2' })).toThrow(/metric must be ip/);
  });
});

describe('MipsAsL2Index against exact inner-product search', () => {
  // ef at the catalogue size is not an exhaustive scan: hnswlib stops when its nearest unvisited candidate is farther
  // than the farthest result it holds, full list or not. On the transformed points (all on the sphere of radius R) that
  // greedy stop left out a true top-10 item in 25 of 3,000 random cases (worst case 4 of 100, recall 0.96); the plain
  // inner-product graph was exact in 400 of 400. So this asserts recall ≥ 0.9, not equality.
  it('with ef at the catalogue size it finds at least 90% of the exact inner-product top-10, scored as inner products', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 4, max: 12 }), fc.integer({ min: 150, max: 400 }), (seed, dim, n) => {
        const rng = new Rng(seed);
        const items = variedNorms(rng, n, dim);
        const queries = variedNorms(rng, 10, dim);
        const index = createHnswInSpace('ip-as-l2', options(dim, n));
        index.addBatch(items);
        const got = index.searchBatch(queries, 10, { ef: n });
        let hits = 0;
        // scores checked in plain code: each one that is not the inner product of its id, collected for one expect
        const wrongScores: { q: number; j: number; id: number; score: number; ip: number }[] = [];
        const R2 = maxRowNorm(items, dim) ** 2;
        for (let q = 0; q < 10; q++) {
          const qv = queries.subarray(q * dim, (q + 1) * dim);
          const want = naiveKnn('ip', items, dim, qv, 10);
          const ids = Array.from(got.ids.subarray(q * 10, (q + 1) * 10));
          const wanted = new Set(want.ids);
          hits += ids.filter((id) => wanted.has(id)).length;
          for (let j = 0; j < 10; j++) {
            const s = dot(qv, items.subarray(ids[j] * dim), dim);
            if (!(Math.abs(got.scores[q * 10 + j] - s) <= 1e-4 * (1 + dot(qv, qv, dim) + R2))) wrongScores.push({ q, j, id: ids[j], score: got.scores[q * 10 + j], ip: s });
          }
        }
        expect(wrongScores).toEqual([]);
        expect(hits).toBeGreaterThanOrEqual(90);
      }),
      // the case CI drew on 2026-12-08: item 43 (rank 4 by inner product) missed, recall 0.99
      { numRuns: 12, examples: [[30716, 8, 161]] },
    );
  });

  // Equal norms: the extra coordinate is 0 for every item, so the L2 graph orders every comparison as the ip graph does
  // (only float rounding differs). This is the two-tower case: its towers L2-normalise their output.
  it('on items of equal norm it returns what the inner-product graph returns', () => {
    const rng = new Rng(5);
    const dim = 16;
    const n = 2000;
    const items = normalizeRows(gaussianRows(rng, n, dim), dim);
    const queries = gaussianRows(rng, 50, dim);
    const ip = createHnswInSpace('ip', { dim, maxElements: n, M: 16, efConstruction: 100 });
    const l2 = createHnswInSpace('ip-as-l2', { dim, maxElements: n, M: 16, efConstruction: 100 });
    ip.addBatch(items);
    l2.addBatch(items);
    expect(meanAnnRecallAtK(l2.searchBatch(queries, 10, { ef: 50 }).ids, ip.searchBatch(queries, 10, { ef: 50 }).ids, 10, 10)).toBeGreaterThanOrEqual(0.99);
    const one = l2.search(queries.subarray(0, dim), 10, { ef: 50 });
    expect(Array.from(one.ids)).toEqual(Array.from(l2.searchBatch(queries, 10, { ef: 50 }).ids.subarray(0, 10)));
  });

  // Unequal norms: the reduction is exact, but R is set by the longest item, so short items get a large extra coordinate
  // and their L2 neighbours are the items of similar norm rather than similar direction; a greedy walk towards [q, 0]
  // then stalls. Morozov & Babenko (NeurIPS 2018) report the same for graphs: the inner-product graph navigates better.
  // Measured here (seed 5): recall@10 1.00 for ip against 0.78 for ip-as-l2 at ef 50 (0.87 at ef 100, 0.95 at ef 200).
  it('on items of unequal norm the L2 graph finds fewer of the true top-10 than the inner-product graph at the same ef', () => {
    const rng = new Rng(5);
    const dim = 16;
    const n = 2000;
    const items = variedNorms(rng, n, dim);
    const queries = variedNorms(rng, 50, dim);
    const exact = createAnnIndex({ kind: 'exact', dim, metric: 'ip', maxElements: n });
    exact.addBatch(items);
    const truth = exact.searchBatch(queries, 10).ids;
    const recall = (space: 'ip' | 'ip-as-l2') => {
      const index = createHnswInSpace(space, { dim, maxElements: n, M: 16, efConstruction: 100 });
      index.addBatch(items);
      return meanAnnRecallAtK(index.searchBatch(queries, 10, { ef: 50 }).ids, truth, 10, 10);
    };
    const ip = recall('ip');
    const l2 = recall('ip-as-l2');
    expect(ip).toBeGreaterThanOrEqual(0.95);
    expect(l2).toBeLessThan(ip - 0.1);
  });

  it('saves and loads back as the same ip-as-l2 index (same answers, same R)', () => {
    const rng = new Rng(9);
    const items = variedNorms(rng, 300, 8);
    const queries = variedNorms(rng, 5, 8);
    const index = new MipsAsL2Index(options(8, 300));
    index.addBatch(items);
    const path = join(dir, 'saved');
    index.save(path);
    const back = loadAnnIndex(path);
    expect(back).toBeInstanceOf(MipsAsL2Index);
    expect((back as MipsAsL2Index).maxNorm).toBe(index.maxNorm);
    expect(back.metric).toBe('ip');
    expect(back.dim).toBe(8);
    const a = index.searchBatch(queries, 10, { ef: 50 });
    const b = back.searchBatch(queries, 10, { ef: 50 });
    expect(Array.from(b.ids)).toEqual(Array.from(a.ids));
    expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
  });

  it('the cached build wraps the cached L2 graph and answers as the direct build does', async () => {
    const rng = new Rng(13);
    const items = variedNorms(rng, 300, 8);
    const queries = variedNorms(rng, 5, 8);
    const req = { vectors: items, source: { test: 'mips' }, shards: 1, root: join(dir, 'cache'), options: { dim: 8, maxElements: 300, M: 12, efConstruction: 64 } };
    const first = await getOrBuildHnswInSpace('ip-as-l2', req);
    const again = await getOrBuildHnswInSpace('ip-as-l2', req);
    expect(first.source).toBe('built');
    expect(again.source).toBe('disk');
    const direct = new MipsAsL2Index(options(8, 300));
    direct.addBatch(items);
    expect(Array.from(again.index.searchBatch(queries, 10, { ef: 50 }).ids)).toEqual(Array.from(direct.searchBatch(queries, 10, { ef: 50 }).ids));
  });
});
