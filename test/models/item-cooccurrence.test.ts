// Item-item co-occurrence (one-hot collaborative filtering) against a brute-force count: every pair that shares a
// user is stored with C_ab / √(n_a·n_b), no other pair is, rows are best first, and a user's score is the sum of
// its history's rows. The history it counts over is each user's most recent distinct train items.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { World } from '../../src/data/world-types.js';
import { buildItemCooccurrence, cooccurrenceBytes, recentDistinctItems, scoreUser } from '../../src/models/cf/item-cooccurrence.js';

/** The reference: count every pair over every user, O(users · items²). */
function bruteForce(histories: number[][], n: number): { w: Map<string, number> } {
  const users = new Array<number>(n).fill(0);
  for (const h of histories) for (const i of h) users[i]++;
  const both = new Map<string, number>();
  for (const h of histories) for (const a of h) for (const b of h) if (a !== b) both.set(`${a},${b}`, (both.get(`${a},${b}`) ?? 0) + 1);
  const w = new Map<string, number>();
  for (const [key, c] of both) {
    const [a, b] = key.split(',').map(Number);
    w.set(key, c / Math.sqrt(users[a] * users[b]));
  }
  return { w };
}

/** Histories of distinct items over a catalog of n. */
const histories = fc.integer({ min: 2, max: 12 }).chain((n) =>
  fc.tuple(fc.constant(n), fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }), { maxLength: 15 })),
);

describe('item co-occurrence', () => {
  it('works the small example by hand', async () => {
    // users [0,1], [0,1,2], [2,3]: n = (2, 2, 2, 1); C01 = 2, C02 = C12 = 1, C23 = 1
    const m = await buildItemCooccurrence([[0, 1], [0, 1, 2], [2, 3]].map((h) => Int32Array.from(h)), 4);
    const row = (i: number) => Array.from(m.neighbours.subarray(m.offsets[i], m.offsets[i + 1]));
    const weights = (i: number) => Array.from(m.weights.subarray(m.offsets[i], m.offsets[i + 1]));
    expect(row(0)).toEqual([1, 2]);
    expect(weights(0)).toEqual([1, 0.5]);
    expect(row(2)).toEqual([3, 0, 1]); // 1/√2 first, then the two ties at 0.5 by id
    expect(weights(2)[0]).toBeCloseTo(Math.SQRT1_2, 6); // float32 storage
    expect(row(3)).toEqual([2]);
    // 4 items → 5 offsets; 8 directed pairs of an int32 id and a float32 weight
    expect(cooccurrenceBytes(m)).toBe(8 * 8 + 5 * 4);
    const scores = new Float32Array(4);
    expect(scoreUser(m, [0, 3], scores)).toBe(2); // items 1 and 2 got a score
    expect(Array.from(scores)).toEqual([0, 1, 0.5 + Math.fround(Math.SQRT1_2), 0].map(Math.fround));
  });

  it('stores exactly the pairs that share a user, each with C_ab / √(n_a·n_b), best first', async () => {
    await fc.assert(
      fc.asyncProperty(histories, async ([n, hs]) => {
        const m = await buildItemCooccurrence(hs.map((h) => Int32Array.from(h)), n);
        const { w } = bruteForce(hs, n);
        let stored = 0;
        for (let a = 0; a < n; a++) {
          for (let p = m.offsets[a]; p < m.offsets[a + 1]; p++) {
            const expected = w.get(`${a},${m.neighbours[p]}`);
            // float32 weights: relative error below 1e-6
            if (expected === undefined || Math.abs(m.weights[p] - expected) > 1e-6 * expected) return false;
            if (p > m.offsets[a] && m.weights[p] > m.weights[p - 1]) return false;
            stored++;
          }
        }
        return stored === w.size;
      }),
    );
  });

  it('counts over each user\'s most recent distinct train items, capped', () => {
    // one user engaging with 5, 7, 5, 9 (times 0..3), all before the split
    const world = {
      users: { count: 1 },
      items: { count: 10 },
      interactions: { count: 4, user: Int32Array.of(0, 0, 0, 0), item: Int32Array.of(5, 7, 5, 9), time: Float32Array.of(0, 1, 2, 3), label: Uint8Array.of(1, 1, 1, 1), position: new Uint8Array(4) },
      split: { trainEndDay: 10, trainCount: 4 },
    } as unknown as World;
    expect(Array.from(recentDistinctItems(world, 10)[0])).toEqual([7, 5, 9]);
    expect(Array.from(recentDistinctItems(world, 2)[0])).toEqual([5, 9]);
    expect(() => recentDistinctItems(world, 1)).toThrow(/maxHistory must be an integer ≥ 2/);
  });
});
