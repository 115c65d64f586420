import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { createShardedIndex, mergeTopK, type ShardedIndex } from '../../src/serving/sharded-index.js';
import { ExactCandidates } from '../../src/serving/fallbacks.js';

const dim = 16;
const n = 3000;
const rng = new Rng(3);
const vectors = Float32Array.from({ length: n * dim }, () => rng.normal(0, 1));
const open: ShardedIndex[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

describe('sharded index in worker threads', () => {
  it('merging per-shard top-k lists gives the global top-k', () => {
    const a = { ids: Int32Array.from([5, 1]), scores: Float32Array.from([0.9, 0.5]) };
    const b = { ids: Int32Array.from([7, 2, 3]), scores: Float32Array.from([0.8, 0.5, 0.1]) };
    const m = mergeTopK([a, b], 3);
    expect(Array.from(m.ids)).toEqual([5, 7, 1]);
  });

  it('fan-out over 1 and 3 shards finds (almost) the exact top-10', async () => {
    const exact = new ExactCandidates(vectors, dim);
    for (const shards of [1, 3]) {
      const index = await createShardedIndex(vectors, dim, { shards, ef: 200, M: 16, efConstruction: 200 });
      open.push(index);
      expect(index.buildMs.length).toBe(shards);
      let found = 0;
      for (let q = 0; q < 20; q++) {
        const query = vectors.slice(q * dim, q * dim + dim);
        const got = await index.search(query, 10);
        expect(got.shardMs.length).toBe(shards);
        expect(new Set(got.ids).size).toBe(10);
        const truth = new Set(exact.search(query, 10).ids);
        for (const id of got.ids) if (truth.has(id)) found++;
      }
      // HNSW at ef = 200 on 3000 points is near exact; 0.95 leaves room for a rare miss, not for a broken merge
      expect(found / 200).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('marks about the requested share of shard calls as stragglers', async () => {
    const index = await createShardedIndex(vectors, dim, { shards: 2, stragglerProbability: 0.5, stragglerMs: 1, rng: new Rng(1) });
    open.push(index);
    let slow = 0;
    for (let q = 0; q < 50; q++) slow += (await index.search(vectors.slice(0, dim), 5)).stragglers;
    // binomial(100, 0.5): sd 5, so ±20 is ±4 sd
    expect(Math.abs(slow - 50)).toBeLessThan(20);
  });

  it('rejects a shard count outside [1, items]', async () => {
    await expect(createShardedIndex(vectors, dim, { shards: 0 })).rejects.toThrow(/shards must be an integer in \[1, 3000\], got 0/);
  });
});
