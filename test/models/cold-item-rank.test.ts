// Where MF puts the items nobody engaged with. recall@100 = 0 cannot tell "left at chance" from "buried" (a
// random ranking also puts few of 5,000 items in a top 100); the rank percentile of those items can, and BPR's
// negative sampling decides which one happens.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { itemCounts } from '../../src/data/cohorts.js';
import { generateWorld } from '../../src/data/world.js';
import type { World } from '../../src/data/world-types.js';
import { buildEvalSet } from '../../src/models/eval/eval-set.js';
import { probeRankPercentile } from '../../src/models/eval/probe-rank.js';
import { chanceColdRecallPerUser } from '../../src/models/eval/retrieval-metrics.js';
import { bprRetrievalVectors, trainBpr } from '../../src/models/mf/bpr.js';

const probes = (n: number, ids: number[]): Uint8Array => {
  const p = new Uint8Array(n);
  for (const i of ids) p[i] = 1;
  return p;
};

describe('probeRankPercentile', () => {
  it('is 1 when every probe is below every other item, 0 when above, and counts ties as half', () => {
    const rng = new Rng(1);
    expect(probeRankPercentile([5, 4, 3, 2, 1], probes(5, [3, 4]), rng)).toBe(1);
    expect(probeRankPercentile([5, 4, 3, 2, 1], probes(5, [0, 1]), rng)).toBe(0);
    // probe 2 scores 2: one other above (3), one below (1)
    expect(probeRankPercentile([3, 1, 2], probes(3, [2]), rng)).toBe(0.5);
    // probe 0 ties the only other item
    expect(probeRankPercentile([2, 2], probes(2, [0]), rng)).toBe(0.5);
    // hand-worked: probes score 4 and 1 among others 5, 3, 2 → (1/3 + 3/3) / 2
    expect(probeRankPercentile([5, 4, 3, 2, 1], probes(5, [1, 4]), rng)).toBeCloseTo(2 / 3, 12);
  });

  it('leaves excluded items (scored −∞) out, and is NaN without a probe or another candidate', () => {
    const rng = new Rng(2);
    expect(probeRankPercentile([-Infinity, 1, 2], probes(3, [1]), rng)).toBe(1);
    expect(Number.isNaN(probeRankPercentile([1, 2], probes(2, []), rng))).toBe(true);
    expect(Number.isNaN(probeRankPercentile([1, -Infinity], probes(2, [0]), rng))).toBe(true);
  });

  it('a random ranking puts the probes at 0.5 on average', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
      const rng = new Rng(seed);
      const n = 2000;
      const row = Float32Array.from({ length: n }, () => rng.next());
      const isProbe = Uint8Array.from({ length: n }, () => (rng.next() < 0.2 ? 1 : 0));
      // ~400 probes × ~1,600 others: the standard error of the mean rank is about 0.016; 0.07 is > 4 of them
      return Math.abs(probeRankPercentile(row, isProbe, rng) - 0.5) < 0.07;
    }), { numRuns: 30 });
  });

  it('the sampled estimate (more than maxEach of either) stays within 0.02 of the exact one', () => {
    const rng = new Rng(3);
    const n = 20000;
    const row = Float32Array.from({ length: n }, (_, i) => Math.sin(i) + (i % 7 === 0 ? -0.5 : 0));
    const isProbe = Uint8Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const exact = probeRankPercentile(row, isProbe, rng, n);
    const sampled = probeRankPercentile(row, isProbe, new Rng(4), 2000);
    // 2,000 × 2,000 sampled pairs: standard error well under 0.01
    expect(Math.abs(sampled - exact)).toBeLessThan(0.02);
  });
});

describe('BPR and the items nobody engaged with', () => {
  let world: World;
  let cold: number[];
  beforeAll(() => {
    world = generateWorld({ scale: 'tiny', seed: 11, overrides: { numUsers: 400, numItems: 1500, numCategories: 20, numTopCategories: 4, days: 14, testDays: 2 } });
    const counts = itemCounts(world, 'train');
    cold = [...counts.keys()].filter((i) => counts[i] === 0);
  });

  it('the world has items with a row in MF\'s table and no train engagement', () => {
    expect(cold.length).toBeGreaterThan(20);
  });

  it('negatives from the engagement log never touch them: their vectors keep the random start and a zero bias', async () => {
    const base = { dim: 8, epochs: 3, learningRate: 0.1, regularization: 0.001, seed: 5 };
    const untouched = await trainBpr(world, { ...base, epochs: 1, negatives: 'engaged' });
    const longer = await trainBpr(world, { ...base, negatives: 'engaged' });
    for (const i of cold) {
      expect(untouched.itemBias[i]).toBe(0);
      // the same seed draws the same initial factors: more epochs leave an untouched row exactly as it started
      expect(Array.from(longer.itemFactors.subarray(i * 8, i * 8 + 8))).toEqual(Array.from(untouched.itemFactors.subarray(i * 8, i * 8 + 8)));
    }
  });

  it('negatives from the whole catalogue bury them: below zero bias, ranked under most items, not at chance (0.5)', async () => {
    const m = await trainBpr(world, { dim: 8, epochs: 5, learningRate: 0.1, regularization: 0.001, seed: 5, negatives: 'catalog' });
    for (const i of cold) expect(m.itemBias[i]).toBeLessThan(0);
    const v = bprRetrievalVectors(m);
    const isCold = probes(world.items.count, cold);
    const rng = new Rng(6);
    let sum = 0;
    const users = 50;
    for (let u = 0; u < users; u++) {
      const row = Float32Array.from({ length: world.items.count }, (_, i) => {
        let s = 0;
        for (let e = 0; e < v.dim; e++) s += v.users[u * v.dim + e] * v.items[i * v.dim + e];
        return s;
      });
      sum += probeRankPercentile(row, isCold, rng);
    }
    // "stays at chance" would give about 0.5; BPR's catalogue negatives push them far below the middle
    expect(sum / users).toBeGreaterThan(0.8);
  });
});

describe('chanceColdRecallPerUser', () => {
  it('is k / (items − excluded) for users with a relevant cold item, NaN for the others', () => {
    const set = {
      users: Int32Array.from([0, 1]),
      relevant: [Int32Array.from([3]), Int32Array.from([1])],
      exclude: [new Set([0, 1]), new Set<number>()],
      warm: new Uint8Array(2), isNew: new Uint8Array(2), isTail: new Uint8Array(10),
      isCold: Uint8Array.from([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]), trainCounts: new Int32Array(10),
    };
    const c = chanceColdRecallPerUser(set, 10, 4);
    expect(c[0]).toBeCloseTo(4 / 8, 12);
    expect(Number.isNaN(c[1])).toBe(true);
  });

  it('matches a simulated random ranking on an eval set of the world', () => {
    const w = generateWorld({ scale: 'tiny', seed: 3, overrides: { numUsers: 300, numItems: 800, numCategories: 10, numTopCategories: 2, days: 12, testDays: 2 } });
    const set = buildEvalSet(w, 300, new Rng(1));
    const chance = chanceColdRecallPerUser(set, w.items.count, 100);
    const r = set.users.findIndex((_, row) => chance[row] === chance[row]);
    expect(r).toBeGreaterThanOrEqual(0);
    const rng = new Rng(2);
    const candidates = [...Array(w.items.count).keys()].filter((i) => !set.exclude[r].has(i));
    const cold = Array.from(set.relevant[r]).filter((i) => set.isCold[i]);
    let hits = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      rng.shuffle(candidates);
      const top = new Set(candidates.slice(0, 100));
      hits += cold.filter((i) => top.has(i)).length / cold.length;
    }
    // binomial standard error ≈ sqrt(p(1−p)/4000) ≤ 0.008; 0.03 leaves ~4 of them
    expect(Math.abs(hits / trials - chance[r])).toBeLessThan(0.03);
  });
});
