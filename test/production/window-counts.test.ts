// A window's typed-array counts against Maps over the same events: item counts, and each user's leaf counts, in
// first-seen order — whatever the starting size, so the tables grow and rehash along the way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WindowCounts } from '../../src/production/stream/window-counts.js';
import { samePairs } from '../helpers/same-values.js';

const eventArb = fc.record({ user: fc.integer({ min: 0, max: 3000 }), item: fc.integer({ min: 0, max: 2 ** 31 - 2 }), leaf: fc.integer({ min: 0, max: 6 }) });

describe('window counts', () => {
  it('equal a Map recount of the same events, in first-seen order, from any starting size', () => {
    fc.assert(fc.property(fc.array(eventArb, { maxLength: 400, size: 'max' }), fc.integer({ min: 0, max: 64 }), (events, hint) => {
      const w = new WindowCounts({ items: hint, users: hint, leaves: hint });
      const items = new Map<number, number>();
      const users = new Map<number, Map<number, number>>();
      for (const { user, item, leaf } of events) {
        w.add(user, item, leaf);
        items.set(item, (items.get(item) ?? 0) + 1);
        let leaves = users.get(user);
        if (!leaves) users.set(user, (leaves = new Map()));
        leaves.set(leaf, (leaves.get(leaf) ?? 0) + 1);
      }
      const got = new Map<number, number>();
      w.addItems(got);
      expect([...got]).toEqual([...items]);
      // each user's leaves compared in plain code (same pairs, same order); the users that differ are collected with
      // both lists for one expect
      const wrongUsers: { user: number; got: [number, number][]; want: [number, number][] }[] = [];
      for (const user of [...users.keys(), 3001]) {
        const leaves = new Map<number, number>();
        w.addUserLeaves(user, leaves);
        const got = [...leaves];
        const want = [...(users.get(user) ?? [])];
        if (!samePairs(got, want)) wrongUsers.push({ user, got, want });
      }
      expect(wrongUsers).toEqual([]);
      expect(w.size).toEqual({ items: items.size, users: users.size, leaves: [...users.values()].reduce((n, m) => n + m.size, 0) });
    }), { numRuns: 200 });
  });

  it('add to what is already in the output (a feature sums two windows)', () => {
    const a = new WindowCounts({ items: 1, users: 1, leaves: 1 });
    const b = new WindowCounts({ items: 1, users: 1, leaves: 1 });
    a.add(1, 10, 2);
    b.add(1, 10, 2);
    b.add(1, 11, 3);
    const items = new Map<number, number>();
    const leaves = new Map<number, number>();
    for (const w of [a, b]) {
      w.addItems(items);
      w.addUserLeaves(1, leaves);
    }
    expect([...items]).toEqual([[10, 2], [11, 1]]);
    expect([...leaves]).toEqual([[2, 2], [3, 1]]);
  });
});
