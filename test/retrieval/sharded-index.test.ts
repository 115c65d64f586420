// The sharded HNSW (one worker thread per shard) against its exact twin: the same row split and merge with brute
// force per shard, as hnswlib tests its index against bruteforce.h. The twin must equal one unsharded ExactIndex
// (that tests the split and the merge alone); HNSW at ef = 200 on 3,000 Gaussian points is near exact, so 0.95
// recall@10 leaves room for a rare miss, not for a broken merge or mixed-up ids.
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { meanAnnRecallAtK } from '../../src/core/metrics/index.js';
import { createAnnIndex, createShardedExactIndex, createShardedIndex, mergeTopK, shardBounds, type AsyncAnnIndex } from '../../src/retrieval/index.js';

const dim = 16;
const n = 3000;
const rng = new Rng(3);
const vectors = Float32Array.from({ length: n * dim }, () => rng.normal(0, 1));
const queries = Float32Array.from({ length: 20 * dim }, () => rng.normal(0, 1));
const open: AsyncAnnIndex[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

async function searchAll(index: AsyncAnnIndex, k: number, ef?: number): Promise<Int32Array> {
  const out = new Int32Array((queries.length / dim) * k).fill(-1);
  for (let q = 0; q < queries.length / dim; q++) out.set((await index.searchAsync(queries.subarray(q * dim, (q + 1) * dim), k, { ef })).ids, q * k);
  return out;
}

describe('merging shard lists', () => {
  it('gives the global top-k, equal scores to the lower id whatever the order of the lists', () => {
    const a = { ids: Int32Array.from([5, 1]), scores: Float32Array.from([0.9, 0.5]) };
    const b = { ids: Int32Array.from([7, 0, 3]), scores: Float32Array.from([0.8, 0.5, 0.1]) };
    expect(Array.from(mergeTopK([a, b], 4).ids)).toEqual([5, 7, 0, 1]);
    expect(Array.from(mergeTopK([b, a], 4).ids)).toEqual([5, 7, 0, 1]);
    expect(Array.from(mergeTopK([a, b], 10).scores)).toEqual(Array.from(Float32Array.from([0.9, 0.8, 0.5, 0.5, 0.1])));
  });

  it('splits rows into contiguous near-equal slices that cover them once', () => {
    expect(shardBounds(10, 3)).toEqual([[0, 3], [3, 6], [6, 10]]);
    expect(shardBounds(2, 2)).toEqual([[0, 1], [1, 2]]);
  });
});

describe('the exact twin of the sharded index', () => {
  it('returns what one unsharded exact index returns, for 1 to 4 shards and every metric', async () => {
    for (const metric of ['ip', 'cosine', 'l2'] as const) {
      const whole = createAnnIndex({ kind: 'exact', dim, metric, maxElements: n });
      whole.addBatch(vectors);
      for (const shards of [1, 3, 4]) {
        const twin = createShardedExactIndex(vectors, dim, { shards, metric });
        for (let q = 0; q < 5; q++) {
          const query = queries.subarray(q * dim, (q + 1) * dim);
          expect(await twin.searchAsync(query, 10)).toEqual(whole.search(query, 10));
        }
      }
    }
  });
});

describe('sharded HNSW in worker threads', () => {
  it('over 1 and 3 shards reaches recall@10 ≥ 0.95 against its exact twin at ef = 200', async () => {
    for (const shards of [1, 3]) {
      const index = await createShardedIndex(vectors, dim, { shards, ef: 200, M: 16, efConstruction: 200 });
      open.push(index);
      expect(index.buildMs.length).toBe(shards);
      const got = await index.searchAsync(queries.subarray(0, dim), 10);
      expect(got.shardMs.length).toBe(shards);
      expect(new Set(got.ids).size).toBe(10);
      const truth = await searchAll(createShardedExactIndex(vectors, dim, { shards }), 10);
      expect(meanAnnRecallAtK(await searchAll(index, 10), truth, 10, 10)).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('takes ef per search: ef = 1 finds less than ef = 400 (and a bad ef is refused)', async () => {
    const index = await createShardedIndex(vectors, dim, { shards: 2, M: 4, efConstruction: 10 });
    open.push(index);
    const truth = await searchAll(createShardedExactIndex(vectors, dim, { shards: 2 }), 10);
    const low = meanAnnRecallAtK(await searchAll(index, 10, 1), truth, 10, 10);
    const high = meanAnnRecallAtK(await searchAll(index, 10, 400), truth, 10, 10);
    expect(high).toBeGreaterThan(low);
    await expect(index.searchAsync(queries.subarray(0, dim), 10, { ef: 0 })).rejects.toThrow(/ef must be an integer ≥ 1, got 0/);
  });

  // The straggler coins depend on the request, the shard and the rng, not on the rows: the two straggler cases build
  // their shards on the first 300 rows (the shard workers' HNSW builds over all 3,000 were most of this file's CPU)
  const few = vectors.slice(0, 300 * dim);

  it('marks about the requested share of shard calls as stragglers', async () => {
    const index = await createShardedIndex(few, dim, { shards: 2, stragglerProbability: 0.5, stragglerMs: 1, rng: new Rng(1) });
    open.push(index);
    let slow = 0;
    for (let q = 0; q < 50; q++) slow += (await index.searchAsync(vectors.slice(0, dim), 5)).stragglers;
    // binomial(100, 0.5): sd 5, so ±20 is ±4 sd
    expect(Math.abs(slow - 50)).toBeLessThan(20);
  });

  it('stalls a named request on the same shards whatever was searched before it (common random numbers)', async () => {
    const opts = { shards: 3, stragglerProbability: 0.3, stragglerMs: 0, rng: new Rng(9) };
    const a = await createShardedIndex(few, dim, opts);
    const b = await createShardedIndex(few, dim, { ...opts, rng: new Rng(9) });
    open.push(a, b);
    const q = vectors.slice(0, dim);
    // a sees requests 0..59 in order; b sees only the even ones, backwards, with unnamed searches between them
    const seen = new Map<number, number>();
    for (let r = 0; r < 60; r++) seen.set(r, (await a.searchAsync(q, 5, { request: r })).stragglers);
    for (let r = 58; r >= 0; r -= 2) {
      await b.searchAsync(q, 5);
      expect((await b.searchAsync(q, 5, { request: r })).stragglers, `request ${r}`).toBe(seen.get(r));
    }
    // and the coins still follow p: 180 shard calls at 0.3 (sd ≈ 6.1), ±25 is about ±4 sd
    const total = [...seen.values()].reduce((s, x) => s + x, 0);
    expect(Math.abs(total - 54)).toBeLessThan(25);
    // a different rng seed gives different coins for the same requests (the draw is not a fixed function of r)
    const c = await createShardedIndex(few, dim, { ...opts, rng: new Rng(10) });
    open.push(c);
    let differ = 0;
    for (let r = 0; r < 60; r++) if ((await c.searchAsync(q, 5, { request: r })).stragglers !== seen.get(r)) differ++;
    expect(differ).toBeGreaterThan(10);
  });

  it('rejects a shard count outside [1, items]', async () => {
    await expect(createShardedIndex(vectors, dim, { shards: 0 })).rejects.toThrow(/shards must be an integer in \[1, 3000\], got 0/);
    expect(() => createShardedExactIndex(vectors, dim, { shards: 3001 })).toThrow(/shards must be an integer in \[1, 3000\], got 3001/);
  });
});
