// Cohort helpers against naive re-computations on the tiny world.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  coldItems, interactionsByUser, itemTrainCounts, newItems, newUsers, popularitySplit, tailItems, userTrainCounts, warmUsers,
} from '../../src/data/cohorts.js';
import { generateWorld } from '../../src/data/world.js';
import type { World } from '../../src/data/world-types.js';

let w: World;
beforeAll(() => {
  w = generateWorld({ scale: 'tiny', seed: 7 });
});

function naiveRows(part: 'train' | 'test', u: number): number[] {
  const rows: number[] = [];
  const lo = part === 'train' ? 0 : w.split.trainCount;
  const hi = part === 'train' ? w.split.trainCount : w.interactions.count;
  for (let k = lo; k < hi; k++) if (w.interactions.user[k] === u) rows.push(k);
  return rows;
}

describe('cohorts', () => {
  it('train counts per user and item sum to the train size and match a naive count', () => {
    const uc = userTrainCounts(w);
    const ic = itemTrainCounts(w);
    expect(uc.reduce((a, b) => a + b, 0)).toBe(w.split.trainCount);
    expect(ic.reduce((a, b) => a + b, 0)).toBe(w.split.trainCount);
    for (const u of [0, 1, 17, 999, 1999]) expect(uc[u]).toBe(naiveRows('train', u).length);
  });

  it('the CSR by user lists each user’s rows in time order, matching a naive scan', () => {
    for (const part of ['train', 'test'] as const) {
      const csr = interactionsByUser(w, part);
      for (const u of [0, 3, 250, 1234, 1999]) {
        const rows = Array.from(csr.rows.subarray(csr.offsets[u], csr.offsets[u + 1]));
        expect(rows).toEqual(naiveRows(part, u));
        for (let p = csr.offsets[u]; p < csr.offsets[u + 1]; p++) {
          expect(csr.items[p]).toBe(w.interactions.item[csr.rows[p]]);
          expect(csr.times[p]).toBe(w.interactions.time[csr.rows[p]]);
        }
      }
    }
  });

  it('new users have test interactions and no train ones; warm users have both', () => {
    const fresh = newUsers(w);
    expect(fresh.length).toBeGreaterThan(0);
    for (const u of fresh) {
      expect(naiveRows('train', u)).toEqual([]);
      expect(naiveRows('test', u).length).toBeGreaterThan(0);
    }
    const warm = warmUsers(w, 5);
    for (const u of warm.subarray(0, 50)) {
      expect(naiveRows('train', u).length).toBeGreaterThanOrEqual(5);
      expect(naiveRows('test', u).length).toBeGreaterThan(0);
    }
  });

  it('new items are created at or after the split and are cold', () => {
    const cold = new Set(coldItems(w));
    for (const i of newItems(w)) {
      expect(w.items.createdDay[i]).toBeGreaterThanOrEqual(w.split.trainEndDay);
      expect(cold.has(i)).toBe(true);
    }
  });

  it('the head is the most-engaged fifth of the catalog and head + tail partition it', () => {
    const { head, tail, isHead } = popularitySplit(w, 0.2);
    expect(head.length + tail.length).toBe(w.items.count);
    expect(head.length).toBe(Math.round(w.items.count * 0.2));
    const counts = itemTrainCounts(w);
    let minHead = Infinity;
    for (const i of head) minHead = Math.min(minHead, counts[i]);
    for (const i of tail) expect(counts[i]).toBeLessThanOrEqual(minHead);
    expect(Array.from(tailItems(w))).toEqual(Array.from(tail));
    expect(isHead.reduce((a, b) => a + b, 0)).toBe(head.length);
  });

  it('rejects a head fraction outside (0, 1)', () => {
    expect(() => popularitySplit(w, 1)).toThrow(/headFraction must be in \(0, 1\), got 1/);
  });
});
