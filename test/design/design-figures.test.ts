// The design review's arithmetic, by hand: memory per component and the stage that binds the latency.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindingStage, componentMemory, scaleOnPaper } from '../../src/experiments/design-figures.js';

describe('componentMemory', () => {
  it('matches a hand-worked stack: 1000 items × 32 dims, 100 users with 500 engagements, 50 cached users', () => {
    const m = componentMemory({ items: 1000, users: 100, dim: 32, historyEntries: 500, indexBytes: 250_000, rankerBytes: 12_345, cachedUsers: 50, batchUsers: 20, cachedResponses: 5, k: 10 });
    expect(m.item_vectors).toBe(128_000); // 1000 · 32 · 4
    expect(m.histories).toBe(2_404); // (100 + 1) · 4 + 500 · 4
    expect(m.user_cache).toBe(6_400); // 50 · 32 · 4
    expect(m.index).toBe(250_000);
    expect(m.ranker).toBe(12_345);
    expect(m.batch_lists).toBe(800); // 20 · 10 · 4
    expect(m.response_cache).toBe(200); // 5 · 10 · 4
    expect(m.total).toBe(128_000 + 2_404 + 6_400 + 250_000 + 12_345 + 800 + 200);
  });

  it('the total is the sum of the components, and ten times the catalog is ten times the item vectors', () => {
    const nat = fc.integer({ min: 0, max: 1e7 });
    fc.assert(
      fc.property(nat, nat, fc.integer({ min: 1, max: 512 }), nat, nat, nat, nat, nat, (items, users, dim, historyEntries, indexBytes, rankerBytes, cachedUsers, batchUsers) => {
        const x = { items, users, dim, historyEntries, indexBytes, rankerBytes, cachedUsers, batchUsers, cachedResponses: batchUsers, k: 10, shardVectorBytes: indexBytes };
        const m = componentMemory(x);
        expect(m.total).toBe(m.item_vectors + m.index + m.histories + m.ranker + m.user_cache + m.batch_lists + m.response_cache + m.shard_vectors);
        expect(componentMemory({ ...x, items: 10 * items }).item_vectors).toBe(10 * m.item_vectors);
      }),
    );
  });

  it('refuses a negative or non-finite input, naming it', () => {
    expect(() => componentMemory({ items: -1, users: 0, dim: 1, historyEntries: 0, indexBytes: 0, rankerBytes: 0, cachedUsers: 0, batchUsers: 0, cachedResponses: 0, k: 10 })).toThrow(/items must be a finite number ≥ 0, got -1/);
    expect(() => componentMemory({ items: 1, users: 0, dim: 1, historyEntries: 0, indexBytes: NaN, rankerBytes: 0, cachedUsers: 0, batchUsers: 0, cachedResponses: 0, k: 10 })).toThrow(/indexBytes/);
  });
});

describe('bindingStage', () => {
  it('is the stage with the largest mean, its share of the summed stage means, skipping stages at 0 or not listed', () => {
    const stages = { encode: { mean_ms: 1 }, candidates: { mean_ms: 2 }, rank: { mean_ms: 5 }, rerank: { mean_ms: 0 }, end_to_end: { mean_ms: 100 } };
    expect(bindingStage(stages, ['encode', 'candidates', 'rank', 'rerank'])).toEqual({ stage: 'rank', share: 5 / 8 });
  });

  it('is null when no stage took time', () => {
    expect(bindingStage({ rank: { mean_ms: 0 } }, ['rank', 'encode'])).toBeNull();
  });
});

describe('scaleOnPaper', () => {
  const base = { items: 1000, catalogBytes: 40e9, qps: 100, cpuMsPerRequest: 2, candidatesShare: 0.25, trainSeconds: 360, machineBytes: 64e9 };

  it('exact search: the candidates stage grows with the catalog, by hand at 1× and 10×', () => {
    const [one, ten] = scaleOnPaper({ ...base, ann: 'exact' }, [1, 10]);
    expect(one).toEqual({ factor: 1, items: 1000, catalogGb: 40, shards: 1, cpuMsPerRequest: 2, cores: 0.2, trainHours: 0.1, fanOutTailShare: 1 - 0.99 });
    // 2 · 0.75 + 2 · 0.25 · 10 = 6.5 ms; 1000 req/s · 6.5 ms = 6.5 cores; 400 GB over 64 GB machines = 7 shards
    expect(ten.cpuMsPerRequest).toBeCloseTo(6.5, 12);
    expect(ten.cores).toBeCloseTo(6.5, 12);
    expect(ten.shards).toBe(7);
    expect(ten.catalogGb).toBeCloseTo(400, 9);
    expect(ten.trainHours).toBeCloseTo(1, 12);
    expect(ten.fanOutTailShare).toBeCloseTo(1 - 0.99 ** 7, 12);
  });

  it('HNSW: the candidates stage grows with log N — at 1000× the items, log(10⁶)/log(10³) = 2', () => {
    const [r] = scaleOnPaper({ ...base, ann: 'hnsw' }, [1000]);
    // 2 · 0.75 + 2 · 0.25 · 2 = 2.5 ms
    expect(r.cpuMsPerRequest).toBeCloseTo(2.5, 12);
  });

  it("starts from the design's own shards: 4 shards stay 4 until the memory wall asks for more (7 at 10×)", () => {
    const [one, ten] = scaleOnPaper({ ...base, ann: 'exact', minShards: 4 }, [1, 10]);
    expect(one.shards).toBe(4);
    expect(one.fanOutTailShare).toBeCloseTo(1 - 0.99 ** 4, 12);
    expect(ten.shards).toBe(7);
  });

  it('never needs fewer shards or cores as the factor grows', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1000, noNaN: true }), fc.double({ min: 1, max: 1000, noNaN: true }), fc.constantFrom('exact' as const, 'hnsw' as const), (a, b, ann) => {
        const [lo, hi] = scaleOnPaper({ ...base, ann }, [Math.min(a, b), Math.max(a, b)]);
        expect(hi.shards).toBeGreaterThanOrEqual(lo.shards);
        expect(hi.cores).toBeGreaterThanOrEqual(lo.cores * (1 - 1e-12));
      }),
    );
  });
});
