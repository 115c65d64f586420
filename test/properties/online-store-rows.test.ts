// Interview point: "How do you keep an online read under 10 µs?" — fetch an entity's whole feature row in one lookup
// instead of one lookup per feature. The row is a second layout of the same writes, so it must serve exactly what the
// column-per-feature reads serve: the same values, the same TTLs, the same out-of-order rule (an older write never
// rolls a value back), for any writes in any order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { OnlineStore } from '../../src/production/feature-store/index.js';
import { EmbeddedUserFeatures, LEAF_FEATURES, type UserFeatures } from '../../src/production/stream/user-features.js';
import { sameValues } from '../helpers/same-values.js';

const FEATURES = ['a', 'b', 'c', 'd'];
const ROW = ['c', 'a', 'b']; // not in column order on purpose; d stays a column only

const putArb = fc.record({
  feature: fc.constantFrom(...FEATURES),
  entity: fc.integer({ min: 0, max: 4 }),
  eventTime: fc.integer({ min: 0, max: 30 }),
  value: fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -3, max: 3 })),
});

describe('online store rows', () => {
  it('a row read returns, feature by feature, what a column read returns, for any writes in any order (some before the row is defined)', () => {
    fc.assert(fc.property(fc.array(putArb, { maxLength: 120, size: 'max' }), fc.nat(120), fc.array(fc.integer({ min: -2, max: 40 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (puts, defineAt, times, ttl, ttlB) => {
      const store = new OnlineStore(ttl, { b: ttlB });
      const out = new Float64Array(ROW.length);
      // compared in plain code (Object.is per feature, as toEqual compares: NaN equals NaN); each mismatch keeps the
      // write count, entity and read time that produced it, and one expect per run reports them all
      const mismatches: { afterPuts: number; entity: number; now: number; has: boolean; row: number[]; columns: number[] }[] = [];
      const check = (afterPuts: number): void => {
        for (let entity = 0; entity <= 5; entity++) for (const now of times) {
          const has = store.getRow('user', entity, now, out);
          const expected = ROW.map((f) => store.get(f, entity, now));
          if (!sameValues(out, expected) || (!has && !expected.every(Number.isNaN))) {
            mismatches.push({ afterPuts, entity, now, has, row: Array.from(out), columns: expected });
          }
        }
      };
      const at = Math.min(defineAt, puts.length);
      for (const [k, p] of puts.entries()) {
        if (k === at) store.defineRow('user', ROW);
        store.put(p);
        if (k >= at) check(k + 1);
      }
      if (at === puts.length) store.defineRow('user', ROW);
      check(puts.length);
      expect(mismatches).toEqual([]);
    }), { numRuns: 300 });
  });

  it('names what is wrong: an unknown row, a row defined twice, a feature in two rows', () => {
    const store = new OnlineStore(5);
    store.defineRow('user', ['a', 'b']);
    expect(() => store.getRow('item', 1, 0, new Float64Array(2))).toThrow(UsageError);
    expect(() => store.defineRow('user', ['c'])).toThrow(/already defined/);
    expect(() => store.defineRow('other', ['b', 'c'])).toThrow(/already belongs/);
    expect(() => store.defineRow('twice', ['d', 'd'])).toThrow(/twice/);
  });

  it('a worked example: an older write is ignored, a value past its TTL reads NaN, an entity never written reads all NaN', () => {
    const store = new OnlineStore(10, { b: 2 });
    store.defineRow('r', ['a', 'b']);
    store.put({ feature: 'a', entity: 7, eventTime: 5, value: 1 });
    store.put({ feature: 'a', entity: 7, eventTime: 3, value: 99 }); // older: ignored
    store.put({ feature: 'b', entity: 7, eventTime: 5, value: 2 });
    const out = new Float64Array(2);
    expect(store.getRow('r', 7, 6, out)).toBe(true);
    expect(Array.from(out)).toEqual([1, 2]);
    store.getRow('r', 7, 8, out); // b's TTL of 2 has passed
    expect(Array.from(out)).toEqual([1, NaN]);
    expect(store.getRow('r', 8, 6, out)).toBe(false);
    expect(Array.from(out)).toEqual([NaN, NaN]);
  });
});

/** The embedded user store as it read before rows: one column lookup per feature (the reference). */
class ColumnUserFeatures {
  private readonly store: OnlineStore;
  private readonly leafNames = Array.from({ length: LEAF_FEATURES }, (_, j) => `recent_leaf_${j}`);
  private readonly countNames = Array.from({ length: LEAF_FEATURES }, (_, j) => `recent_leaf_count_${j}`);
  private readonly itemNames: string[];

  constructor(ttlSeconds: number, private readonly recentItems: number) {
    this.store = new OnlineStore(ttlSeconds);
    this.itemNames = Array.from({ length: recentItems }, (_, j) => `recent_item_${j}`);
  }

  write(user: number, f: UserFeatures, second: number): void {
    const put = (feature: string, value: number): void => this.store.put({ feature, entity: user, eventTime: second, value });
    for (let j = 0; j < LEAF_FEATURES; j++) {
      put(this.leafNames[j], f.leaves[j] ?? -1);
      put(this.countNames[j], f.leafCounts[j] ?? 0);
    }
    for (let j = 0; j < this.recentItems; j++) put(this.itemNames[j], f.recent[j] ?? -1);
  }

  read(user: number, second: number): UserFeatures {
    const out: UserFeatures = { leaves: [], leafCounts: [], recent: [] };
    for (let j = 0; j < LEAF_FEATURES; j++) {
      const l = this.store.get(this.leafNames[j], user, second);
      if (!(l >= 0)) break;
      out.leaves.push(l);
      out.leafCounts.push(this.store.get(this.countNames[j], user, second));
    }
    for (let j = 0; j < this.recentItems; j++) {
      const i = this.store.get(this.itemNames[j], user, second);
      if (!(i >= 0)) break;
      out.recent.push(i);
    }
    return out;
  }
}

const featuresArb = (recentItems: number): fc.Arbitrary<UserFeatures> =>
  fc.integer({ min: 0, max: LEAF_FEATURES }).chain((n) => fc.record({
    leaves: fc.array(fc.integer({ min: -1, max: 300 }), { minLength: n, maxLength: n }),
    leafCounts: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }),
    recent: fc.array(fc.integer({ min: -1, max: 1000 }), { maxLength: recentItems + 2 }),
  }));

describe('embedded user features', () => {
  it('read one row per user and return what the column-per-feature reader returns, for any writes and read times', async () => {
    const R = 5;
    const op = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), user: fc.integer({ min: 0, max: 4 }), second: fc.integer({ min: 0, max: 100 }), features: featuresArb(R) }),
      fc.record({ kind: fc.constant('read' as const), user: fc.integer({ min: 0, max: 5 }), second: fc.integer({ min: 0, max: 150 }) }),
    );
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 80, size: 'max' }), fc.integer({ min: 1, max: 60 }), async (ops, ttl) => {
      const rows = new EmbeddedUserFeatures(ttl, R);
      const columns = new ColumnUserFeatures(ttl, R);
      // each read compared in plain code (every field, Object.is per number, as toEqual compares); one expect per run
      const mismatches: { op: number; user: number; second: number; rows: UserFeatures; columns: UserFeatures }[] = [];
      for (const [k, o] of ops.entries()) {
        if (o.kind === 'write') {
          await rows.write(o.user, o.features, o.second);
          columns.write(o.user, o.features, o.second);
        } else {
          const got = rows.read(o.user, o.second);
          const want = columns.read(o.user, o.second);
          const same = Object.keys(got).length === 3 && sameValues(got.leaves, want.leaves) && sameValues(got.leafCounts, want.leafCounts) && sameValues(got.recent, want.recent);
          if (!same) mismatches.push({ op: k, user: o.user, second: o.second, rows: got, columns: want });
        }
      }
      expect(mismatches).toEqual([]);
    }), { numRuns: 200 });
  });
});
