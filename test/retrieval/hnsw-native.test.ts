// The native HNSW kernel (src/native/hnsw through HnswIndex) against its reference, hnswlib-node: both run hnswlib
// 0.8.0 with the same SSE distances and no fused multiply-add, so from the same seed and insertion order they build
// the same graph — the same ids and float scores, bit for bit, for search and searchBatch, every metric, dims on and
// off the SIMD widths (16, 4, residuals), k above the size. Not "recall ≥ 0.999": equality, because no summation
// order changes between them. (Built without hnsw.cc's fp-contract=off pragma, the addon's -march=native fuses
// hnswlib's SSE multiply and add into FMAs and this property fails: tried, counterexample cosine, dim 4, 5 rows.) Then: each engine loads the other's files; the sharded builds (worker threads) answer
// the same on either engine; the engine choice and the kernel's own argument checks.
// `npm ci` builds the addon; where CI runs, a missing addon is a failure (test/models/two-tower-native.test.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { nativeStatus } from '../../src/native/addon.js';
import { resolveAnnOptions } from '../../src/retrieval/ann-options.js';
import { readIndexMeta, type AnnMeta } from '../../src/retrieval/ann-persist.js';
import { ANN_METRICS, buildHnswParallel, createShardedIndex, hnswEngine, HnswIndex, type AnnMetric, type HnswEngine } from '../../src/retrieval/index.js';
import { readShard } from '../../src/retrieval/hnsw.js';

const { addon } = nativeStatus();
const dir = mkdtempSync(join(tmpdir(), 'hnsw-native-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vectors(rng: Rng, rows: number, dim: number, small: boolean): Float32Array {
  // small integers: many exactly equal distances, so the tie order matters too
  return Float32Array.from({ length: rows * dim }, () => (small ? rng.int(3) - 1 : rng.normal()));
}

function options(metric: AnnMetric, dim: number, n: number, M = 8, efConstruction = 40) {
  return resolveAnnOptions({ kind: 'hnsw', dim, metric, maxElements: Math.max(1, n), M, efConstruction, seed: 7 });
}

const bits = (r: { ids: Int32Array; scores: Float32Array }) => ({ ids: Array.from(r.ids), scores: Array.from(new Uint32Array(r.scores.buffer, r.scores.byteOffset, r.scores.length)) });

describe.runIf(addon)('native HNSW kernel against hnswlib-node', () => {
  it('builds the same graph from the same seed and rows: search and searchBatch agree bit for bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.constantFrom(...ANN_METRICS), fc.constantFrom(1, 3, 4, 7, 16, 20, 32, 33), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 2, max: 12 }), (seed, metric, dim, n, k, M) => {
        const rng = new Rng(seed);
        const small = rng.next() < 0.3;
        const data = vectors(rng, n, dim, small);
        const ids = Int32Array.from({ length: n }, (_, i) => 5 + 2 * i);
        const o = options(metric, dim, n, M);
        const ef = 1 + rng.int(40);
        const native = new HnswIndex(o, undefined, ef, 'native');
        const node = new HnswIndex(o, undefined, ef, 'hnswlib-node');
        expect([native.engine, node.engine]).toEqual(['native', 'hnswlib-node']);
        // inserted in two batches, the first with progress (chunked), the same order on both
        const cut = rng.int(n + 1);
        for (const ix of [native, node]) {
          ix.addBatch(data.subarray(0, cut * dim), ids.subarray(0, cut), () => {});
          ix.addBatch(data.subarray(cut * dim), ids.subarray(cut));
        }
        const queries = vectors(rng, 1 + rng.int(8), dim, small);
        expect(bits(native.search(queries.subarray(0, dim), k))).toEqual(bits(node.search(queries.subarray(0, dim), k)));
        expect(bits(native.searchBatch(queries, k))).toEqual(bits(node.searchBatch(queries, k)));
      }),
      { numRuns: 120 },
    );
  });

  it('each engine loads the index the other saved and answers as its builder does', () => {
    const rng = new Rng(5);
    const dim = 24;
    const n = 1500;
    const data = vectors(rng, n, dim, false);
    const queries = vectors(rng, 40, dim, false);
    for (const metric of ANN_METRICS) {
      for (const [from, to] of [['native', 'hnswlib-node'], ['hnswlib-node', 'native']] as [HnswEngine, HnswEngine][]) {
        const built = new HnswIndex(options(metric, dim, n), undefined, 30, from);
        built.addBatch(data);
        const path = join(dir, `${metric}-${from}`);
        built.save(path);
        const meta = readIndexMeta(path) as AnnMeta<'hnsw'>;
        const loaded = HnswIndex.load(path, { ...meta, options: resolveAnnOptions(meta.options) as typeof built.options }, to);
        expect(loaded.engine).toBe(to);
        expect(loaded.size).toBe(n);
        expect(bits(loaded.searchBatch(queries, 10))).toEqual(bits(built.searchBatch(queries, 10)));
      }
    }
  });

  it('the 2-shard parallel build and the sharded (worker) index answer the same on either engine', async () => {
    const rng = new Rng(9);
    const dim = 16;
    const n = 1200;
    const data = vectors(rng, n, dim, false);
    const queries = vectors(rng, 20, dim, false);
    const base = { dim, metric: 'ip' as const, maxElements: n, M: 8, efConstruction: 40, seed: 3 };
    const [a, b] = await Promise.all((['native', 'hnswlib-node'] as const).map((engine) => buildHnswParallel(base, data, { shards: 2, engine })));
    expect([a.engine, b.engine, a.shardCount]).toEqual(['native', 'hnswlib-node', 2]);
    expect(bits(a.searchBatch(queries, 10, { ef: 30 }))).toEqual(bits(b.searchBatch(queries, 10, { ef: 30 })));
    const sa = await createShardedIndex(data, dim, { shards: 2, M: 8, efConstruction: 40, seed: 3, engine: 'native' });
    const sb = await createShardedIndex(data, dim, { shards: 2, M: 8, efConstruction: 40, seed: 3, engine: 'hnswlib-node' });
    try {
      expect([sa.engine, sb.engine]).toEqual(['native', 'hnswlib-node']);
      for (let q = 0; q < 5; q++) {
        const query = queries.subarray(q * dim, (q + 1) * dim);
        const [ra, rb] = await Promise.all([sa.searchAsync(query, 10, { ef: 30 }), sb.searchAsync(query, 10, { ef: 30 })]);
        expect(bits(ra)).toEqual(bits(rb));
        // and the in-thread 2-shard index (same bounds, same per-shard seeds) gives that answer too
        expect(bits(ra)).toEqual(bits(a.search(query, 10, { ef: 30 })));
      }
    } finally {
      await Promise.all([sa.close(), sb.close()]);
    }
  });

  it('native-wide (asked for only) is deterministic, and close to but not bound to hnswlib-node’s graph', () => {
    const rng = new Rng(21);
    const dim = 64;
    const n = 3000;
    const data = vectors(rng, n, dim, false);
    const queries = vectors(rng, 100, dim, false);
    const o = options('ip', dim, n, 12, 100);
    const build = (engine: HnswEngine) => {
      const ix = new HnswIndex(o, undefined, 100, engine);
      ix.addBatch(data);
      return ix.searchBatch(queries, 10);
    };
    const wide = build('native-wide');
    // the same machine, the same seed: the same answers, bit for bit
    expect(bits(build('native-wide'))).toEqual(bits(wide));
    const ref = build('native');
    let shared = 0;
    let worst = 0;
    for (let q = 0; q < 100; q++) {
      const row = new Map(Array.from(ref.ids.subarray(q * 10, q * 10 + 10), (id, i) => [id, ref.scores[q * 10 + i]]));
      for (let i = q * 10; i < q * 10 + 10; i++) {
        const s = row.get(wide.ids[i]);
        if (s === undefined) continue;
        shared++;
        worst = Math.max(worst, Math.abs(s - wide.scores[i]));
      }
    }
    // another summation order moves a score by float rounding only (|q·x| ≈ 8 here: a few ulps of 8 is ~1e-6)
    expect(worst).toBeLessThan(1e-4);
    // and the neighbours it finds are, all but a few near-ties, the reference's
    expect(shared / 1000).toBeGreaterThanOrEqual(0.98);
  });

  describe('engine choice', () => {
    const saved = process.env.RECSYS_LAB_HNSW_ENGINE;
    afterEach(() => {
      if (saved === undefined) delete process.env.RECSYS_LAB_HNSW_ENGINE;
      else process.env.RECSYS_LAB_HNSW_ENGINE = saved;
    });

    it('auto takes the native kernel when the addon loads; RECSYS_LAB_HNSW_ENGINE=hnswlib-node forces the reference', () => {
      delete process.env.RECSYS_LAB_HNSW_ENGINE;
      expect(hnswEngine('auto')).toEqual({ engine: 'native', reason: 'loaded' });
      expect(new HnswIndex(options('ip', 4, 10)).engine).toBe('native');
      process.env.RECSYS_LAB_HNSW_ENGINE = 'hnswlib-node';
      expect(hnswEngine('auto')).toEqual({ engine: 'hnswlib-node', reason: 'RECSYS_LAB_HNSW_ENGINE=hnswlib-node' });
      expect(new HnswIndex(options('ip', 4, 10)).engine).toBe('hnswlib-node');
      expect(hnswEngine('native').engine).toBe('native');
    });

    it('an unknown engine is a UsageError naming the allowed ones', () => {
      expect(() => hnswEngine('faiss' as never)).toThrow(/auto, native, native-wide, hnswlib-node.*faiss/);
    });
  });

  describe('the kernel checks its arguments', () => {
    it('refuses a handle it did not make, short outputs and a file of another dim', () => {
      const a = addon!;
      const h = a.hnswCreate(0, 4, 10, 8, 20, 1, false);
      a.hnswAdd(h, new Float32Array(8).fill(1), null, 0);
      expect(() => a.hnswSearch({} as never, new Float32Array(4), 1, new Int32Array(1), new Float32Array(1))).toThrow(/index made by hnswCreate/);
      expect(() => a.hnswSearch(h, new Float32Array(4), 3, new Int32Array(2), new Float32Array(3))).toThrow(/outputs of at least k/);
      expect(() => a.hnswSearch(h, new Float32Array(3), 1, new Int32Array(1), new Float32Array(1))).toThrow(/fewer than dim/);
      expect(() => a.hnswAdd(h, new Float32Array(6), null, 0)).toThrow(/whole number of rows/);
      expect(() => a.hnswCreate(5 as never, 4, 10, 8, 20, 1, false)).toThrow(/metric must be/);
      const file = join(dir, 'dim4.hnsw');
      a.hnswSave(h, file);
      expect(a.hnswCapacity(a.hnswLoad(0, 4, file, false))).toEqual([2, 10]);
      expect(() => a.hnswLoad(0, 8, file, false)).toThrow(/not of dim 8/);
      expect(() => a.hnswLoad(0, 4, join(dir, 'missing.hnsw'), false)).toThrow(/hnswlib: Cannot open file/);
      writeFileSync(join(dir, 'short.hnsw'), new Uint8Array(200));
      expect(() => readShard(join(dir, 'short.hnsw'), { metric: 'ip', dim: 4 }, 'native')).toThrow(/hnswlib:/);
    });
  });
});
