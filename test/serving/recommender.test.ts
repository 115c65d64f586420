import { describe, expect, it } from 'vitest';
import { createRecommender } from '../../src/serving/recommender.js';
import { runLoad, SimClock } from '../../src/serving/load-generator.js';
import { STAGES } from '../../src/serving/types.js';
import { trainInteractionsByUser } from '../../src/data/cohorts.js';
import { tinyServing } from './fixtures.js';

describe('createRecommender', () => {
  it('returns k distinct items and the same items for the same request (deterministic)', () => {
    const { world, components } = tinyServing();
    for (const reranker of ['none', 'mmr', 'dpp'] as const) {
      const rec = createRecommender(world, components, { reranker, userCacheTtlMs: 0 });
      const a = rec.recommend(3, { k: 10 });
      const b = rec.recommend(3, { k: 10 });
      expect(a.items.length).toBe(10);
      expect(new Set(a.items).size).toBe(10);
      expect(Array.from(a.items)).toEqual(Array.from(b.items));
    }
  });

  it('with the seen-items rule, never returns an item from the user\'s train history, and still fills k slots', () => {
    const { world, components } = tinyServing();
    const seen = trainInteractionsByUser(world);
    let dropped = 0;
    for (const reranker of ['none', 'mmr'] as const) {
      const rec = createRecommender(world, components, { reranker, seen, userCacheTtlMs: 0 });
      const without = createRecommender(world, components, { reranker, userCacheTtlMs: 0 });
      for (let u = 0; u < 50; u++) {
        const history = new Set(seen.items.subarray(seen.offsets[u], seen.offsets[u + 1]));
        const { items, stages } = rec.recommend(u, { k: 10 });
        expect(items.length).toBe(10);
        for (const i of items) expect(history.has(i)).toBe(false);
        expect(stages.rules).toBeGreaterThanOrEqual(0);
        dropped += without.recommend(u, { k: 10 }).items.filter((i) => history.has(i)).length;
      }
    }
    // without the rule the same users are shown items they already engaged with: the rule has work to do
    expect(dropped).toBeGreaterThan(0);
  });

  it('never returns more than maxPerCategory items of one category, and still fills k slots', () => {
    const { world, components } = tinyServing();
    for (const reranker of ['none', 'mmr', 'dpp'] as const) {
      const rec = createRecommender(world, components, { reranker, maxPerCategory: 2 });
      for (let u = 0; u < 50; u++) {
        const { items } = rec.recommend(u, { k: 10 });
        const counts = new Map<number, number>();
        for (const i of items) counts.set(world.items.category[i], (counts.get(world.items.category[i]) ?? 0) + 1);
        expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
        // a cap cannot invent categories retrieval did not fetch: it fills k only when the 200 candidates allow it
        const cand = components.candidates.search(components.encoder.encode(u), 200);
        const perCat = new Map<number, number>();
        for (const i of cand.ids) perCat.set(world.items.category[i], (perCat.get(world.items.category[i]) ?? 0) + 1);
        const feasible = [...perCat.values()].reduce((s, n) => s + Math.min(2, n), 0);
        expect(items.length).toBe(Math.min(10, feasible));
      }
    }
  });

  it('reports every stage, and the stages never add up to more than the end-to-end time', () => {
    const { world, components } = tinyServing();
    const rec = createRecommender(world, components, { reranker: 'dpp' });
    const r = rec.recommend(5, { k: 10 });
    expect(Object.keys(r.stages).sort()).toEqual([...STAGES].sort());
    const sum = Object.values(r.stages).reduce((s, v) => s + v, 0);
    // the stages are disjoint intervals inside the end-to-end interval, measured by the same clock
    expect(sum).toBeLessThanOrEqual(r.totalMs + 1e-6);
    expect(r.stages.candidates).toBeGreaterThan(0);
  });

  it('serves the user vector from the cache within the TTL and re-encodes after it', () => {
    const { world, components } = tinyServing();
    const clock = new SimClock();
    const rec = createRecommender(world, components, { userCacheTtlMs: 1000, clock: clock.now });
    expect(rec.recommend(1, { k: 5 }).encoderCacheHit).toBe(false);
    clock.t = 999;
    expect(rec.recommend(1, { k: 5 }).encoderCacheHit).toBe(true);
    clock.t = 1001;
    expect(rec.recommend(1, { k: 5 }).encoderCacheHit).toBe(false);
  });

  it('sends about the configured fraction of requests to the full ranker', () => {
    const { world, components } = tinyServing();
    const rec = createRecommender(world, components, { fullRankerFraction: 0.1 });
    let full = 0;
    for (let r = 0; r < 2000; r++) if (rec.recommend(r % 100, { k: 5 }).path === 'full') full++;
    // binomial(2000, 0.1): sd ≈ 13.4, so ±60 is ±4.5 sd
    expect(Math.abs(full - 200)).toBeLessThan(60);
    const cheapOnly = createRecommender(world, components, { fullRankerFraction: 0 });
    const r = cheapOnly.recommend(1, { k: 5 });
    expect(r.path).toBe('cheap');
    expect(r.stages.features).toBe(0);
  });

  it('batch mode serves the precomputed full-path list by lookup', () => {
    const { world, components } = tinyServing();
    const rec = createRecommender(world, components, { reranker: 'mmr' });
    const live = rec.recommend(9, { k: 10 }).items;
    const cost = rec.precompute([9, 10], 10);
    expect(cost.bytes).toBe(2 * 10 * 4);
    const batch = rec.recommend(9, { k: 10 });
    expect(batch.path).toBe('batch');
    expect(Array.from(batch.items)).toEqual(Array.from(live));
  });

  it('with the candidates from an async source, serves what the sync path serves, and charges the merge to its own stage', async () => {
    const { world, components } = tinyServing();
    const rec = createRecommender(world, components, { reranker: 'mmr', userCacheTtlMs: 0 });
    const source = { name: 'async twin', searchAsync: async (q: Float32Array, k: number) => ({ ...components.candidates.search(q, k), mergeMs: 0.25 }) };
    for (const u of [2, 5, 11]) {
      const a = await rec.recommendAsync(source, u, { k: 10 });
      expect(Array.from(a.items)).toEqual(Array.from(rec.recommend(u, { k: 10 }).items));
      // the merge is what the source says it took, never more than the wait it is part of
      expect(a.stages.merge).toBeLessThanOrEqual(0.25);
      expect(a.stages.merge + a.stages.candidates).toBeGreaterThan(0);
    }
    expect(rec.recommend(2, { k: 10 }).stages.merge).toBe(0);
    await rec.precomputeAsync(source, [7], 10);
    expect((await rec.recommendAsync(source, 7, { k: 10 })).path).toBe('batch');
  });

  it("a cascade's head ranker orders the full ranker's best `head` candidates, above the rest", () => {
    const { world, components } = tinyServing();
    const plain = createRecommender(world, components, { reranker: 'none', userCacheTtlMs: 0 });
    // the head ranker reverses the full ranker's order: the best 5 come out worst first, still ahead of the 6th
    const reverse = { name: 'reverse', score: (f: Float32Array, rows: number, F: number) => components.ranker.score(f, rows, F).map((s) => -s) };
    const cascade = createRecommender(world, { ...components, headRanker: { ranker: reverse, head: 5 } }, { reranker: 'none', userCacheTtlMs: 0 });
    for (const u of [1, 4, 9]) {
      const top6 = Array.from(plain.recommend(u, { k: 6 }).items);
      const got = cascade.recommend(u, { k: 6 });
      expect(Array.from(got.items)).toEqual([...top6.slice(0, 5).reverse(), top6[5]]);
      expect(got.stages.rank_head).toBeGreaterThan(0);
      expect(plain.recommend(u, { k: 6 }).stages.rank_head).toBe(0);
    }
  });

  it('rejects bad knobs with the name of the knob', () => {
    const { world, components } = tinyServing();
    expect(() => createRecommender(world, components, { reranker: 'xyz' as never })).toThrow(/reranker must be none, mmr or dpp, got xyz/);
    expect(() => createRecommender(world, components, { fullRankerFraction: 2 })).toThrow(/fullRankerFraction/);
    expect(() => createRecommender(world, components).recommend(1, { k: 0 })).toThrow(/k must be an integer ≥ 1/);
  });
});

describe('runLoad', () => {
  it('issues exactly the bounded number of requests and summarises them', async () => {
    const { world, components } = tinyServing();
    const clock = new SimClock();
    const rec = createRecommender(world, components, { clock: clock.now, userCacheTtlMs: 50 });
    let sent = 0;
    const report = await runLoad({
      send: (u) => {
        sent++;
        return rec.recommend(u, { k: 10 });
      },
      users: [1, 2, 1, 2],
      requests: 200,
      warmup: 0,
      clock,
      interArrivalMs: 10,
    });
    expect(sent).toBe(200);
    expect(report.endToEnd.n).toBe(200);
    expect(report.stages.candidates.n).toBe(200);
    expect(report.throughputRps).toBeGreaterThan(0);
    // each user returns every 20 simulated ms with a 50 ms TTL: first visit misses, the next two hit, …
    expect(report.encoderCacheHitRate).toBeGreaterThan(0.5);
  });

  it('serves each user history from the train split only', () => {
    const { world } = tinyServing();
    const h = trainInteractionsByUser(world);
    expect(h.items.length).toBe(world.split.trainCount);
    expect(h.offsets[world.users.count]).toBe(world.split.trainCount);
  });
});
