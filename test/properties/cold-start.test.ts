// Interview point (cold start): with no history, fall back to what people like the user engaged with
// (popular-in-segment) — never re-recommending what they have — and give new items vectors from their
// content, so they can be ranked before anyone clicks them.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../src/data/world.js';
import type { World } from '../../src/data/world-types.js';
import { buildSegmentPopularity } from '../../src/models/cold-start/segment-popularity.js';
import { contentItemVectors, metadataNeighbourVectors } from '../../src/models/cold-start/content-vectors.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

let world: World;
beforeAll(() => {
  world = generateWorld({ scale: 'tiny', seed: 7 });
});

const cosine = (v: Float32Array, d: number, a: number, b: number): number => {
  let s = 0;
  for (let e = 0; e < d; e++) s += v[a * d + e] * v[b * d + e];
  return s;
};

describe('cold start', () => {
  it('popular-in-segment never recommends an item the user already has', () => {
    const seg = buildSegmentPopularity(world, { minEvents: 50, listLength: 300 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: world.users.count - 1 }),
        fc.array(fc.integer({ min: 0, max: world.items.count - 1 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 100 }),
        (u, owned, k) => {
          const exclude = new Set(owned);
          const demo = { ageBand: world.users.ageBand[u], country: world.users.country[u], device: world.users.device[u] };
          const recs = seg.recommend(demo, k, exclude);
          return recs.length === k && recs.every((i) => !exclude.has(i)) && new Set(recs).size === recs.length;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a segment with too few events falls back to a coarser one, and everyone answers when nothing else can', () => {
    const strict = buildSegmentPopularity(world, { minEvents: Number.MAX_SAFE_INTEGER });
    const loose = buildSegmentPopularity(world, { minEvents: 0 });
    const demo = { ageBand: world.users.ageBand[0], country: world.users.country[0], device: world.users.device[0] };
    expect(strict.levelFor(demo)).toBe('everyone');
    expect(loose.levelFor(demo)).toBe('country+ageBand+device');
  });

  it('with the evaluated user left out, the segment list equals a brute-force count over the other users of the segment', () => {
    const u = world.interactions.user[0];
    const demo = { ageBand: world.users.ageBand[u], country: world.users.country[u], device: world.users.device[u] };
    const counts = new Map<number, number>();
    for (let k = 0; k < world.split.trainCount; k++) {
      const v = world.interactions.user[k];
      if (v === u || world.users.country[v] !== demo.country || world.users.ageBand[v] !== demo.ageBand || world.users.device[v] !== demo.device) continue;
      counts.set(world.interactions.item[k], (counts.get(world.interactions.item[k]) ?? 0) + 1);
    }
    const expected = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([i]) => i);
    const seg = buildSegmentPopularity(world, { minEvents: 0, excludeUsers: new Set([u]) });
    const n = Math.min(20, expected.length);
    expect(n).toBeGreaterThan(0);
    expect(Array.from(seg.recommend(demo, n))).toEqual(expected.slice(0, n));
  });

  it('an unseen item gets a vector from its content alone, close to items of its category', () => {
    const d = 16;
    const v = contentItemVectors(world, d, 1);
    const c = world.items.category;
    let same = 0;
    let other = 0;
    let nSame = 0;
    let nOther = 0;
    for (let a = 0; a < 400; a++) {
      const b = (a * 7919 + 13) % world.items.count;
      if (c[a] === c[b]) {
        same += cosine(v, d, a, b);
        nSame++;
      } else {
        other += cosine(v, d, a, b);
        nOther++;
      }
    }
    // every row is a unit vector built only from metadata
    for (let i = 0; i < 50; i++) expect(cosine(v, d, i, i)).toBeCloseTo(1, 5);
    // random projection of one-hot features keeps overlaps on average: same-category pairs share the category term
    expect(nSame).toBeGreaterThan(0);
    expect(same / nSame).toBeGreaterThan(other / nOther + 0.3);
  });

  it('similar-by-metadata gives every cold item of a category the same vector, and leaves warm items alone', () => {
    const d = 8;
    const v = contentItemVectors(world, d, 2);
    const isCold = new Uint8Array(world.items.count);
    isCold[0] = 1;
    const twin = [...world.items.category.keys()].find((i) => i > 0 && world.items.category[i] === world.items.category[0])!;
    isCold[twin] = 1;
    const m = metadataNeighbourVectors(world, v, d, isCold);
    expect(Array.from(m.subarray(0, d))).toEqual(Array.from(m.subarray(twin * d, twin * d + d)));
    expect(Array.from(m.subarray(5 * d, 6 * d))).toEqual(Array.from(v.subarray(5 * d, 6 * d)).map((x) => Math.fround(x)));
  });

  it('the same seed gives the same explore/exploit curves', async () => {
    const a = await runScenarioForTest('explore-exploit', { params: { rounds: 1000, repeats: 1 } });
    const b = await runScenarioForTest('explore-exploit', { params: { rounds: 1000, repeats: 1 } });
    expect(a.metrics).toEqual(b.metrics);
    expect(a.series).toEqual(b.series);
  });
});
