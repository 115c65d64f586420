// Interview point: "How do you ensure online/offline consistency?" — a feature store answers with point-in-time
// correct training sets (an as-of join never reads a value from after the label), an online store fed by the same
// definitions (so serving reads what training read), and transactional writes (a crash never leaves half a batch).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { generateWorld } from '../../src/data/world.js';
import {
  OfflineStore,
  OnlineStore,
  TRAINING_SPEC,
  buildLabelEvents,
  materializeFeatureRows,
  offlineFeatures,
  serveReplay,
  type FeatureRow,
} from '../../src/production/feature-store/index.js';
import { featureRows, labelKeys } from '../arbitraries/feature-rows.js';

/** Reference: scan every row; the latest at or before t within the TTL, later writes winning ties. */
function naiveAsOf(rows: FeatureRow[], feature: string, entity: number, t: number, ttl: number): number {
  let best = NaN;
  let bestTime = -Infinity;
  for (const r of rows) {
    if (r.feature !== feature || r.entity !== entity || r.eventTime > t || r.eventTime < t - ttl) continue;
    if (r.eventTime >= bestTime) {
      bestTime = r.eventTime;
      best = r.value;
    }
  }
  return best;
}

const same = (a: number, b: number): boolean => (Number.isNaN(a) && Number.isNaN(b)) || a === b;

describe('point-in-time join', () => {
  it('for every label event the as-of value equals the latest value at or before its time within the TTL', () => {
    fc.assert(
      fc.property(featureRows(), labelKeys(), fc.integer({ min: 0, max: 12 }), fc.constantFrom('a', 'b'), (rows, keys, ttl, feature) => {
        const store = OfflineStore.open(':memory:');
        store.writeBatch(rows);
        const got = store.asOfJoin(feature, keys, ttl);
        store.close();
        return keys.entity.every((e, i) => same(got[i], naiveAsOf(rows, feature, e, keys.time[i], ttl)));
      }),
      { numRuns: 150 },
    );
  });

  it('with no TTL (the label-time join) the as-of value is the latest at or before the label, however old', () => {
    fc.assert(
      fc.property(featureRows(), labelKeys(), fc.constantFrom('a', 'b'), (rows, keys, feature) => {
        const store = OfflineStore.open(':memory:');
        store.writeBatch(rows);
        const got = store.asOfJoin(feature, keys, Infinity);
        store.close();
        return keys.entity.every((e, i) => same(got[i], naiveAsOf(rows, feature, e, keys.time[i], Infinity)));
      }),
      { numRuns: 100 },
    );
  });

  it('the naive latest-value join returns values written after the label (it leaks the future)', () => {
    const store = OfflineStore.open(':memory:');
    store.writeBatch([
      { feature: 'clicks', entity: 1, eventTime: 10, value: 3 },
      { feature: 'clicks', entity: 1, eventTime: 20, value: 9 },
    ]);
    const keys = { entity: [1], time: [15] };
    expect(store.asOfJoin('clicks', keys, 100)[0]).toBe(3);
    expect(store.latestJoin('clicks', keys)[0]).toBe(9);
    store.close();
  });

  it('a fresh online store fed the same rows serves exactly the point-in-time value', () => {
    fc.assert(
      fc.property(featureRows(), labelKeys(), fc.integer({ min: 1, max: 12 }), (rows, keys, ttl) => {
        const ordered = rows.map((r, i) => ({ r, i })).sort((x, y) => x.r.eventTime - y.r.eventTime || x.i - y.i).map((x) => x.r);
        const order = keys.time.map((t, i) => ({ t, i })).sort((x, y) => x.t - y.t);
        const online = new OnlineStore(ttl);
        let next = 0;
        return order.every(({ t, i }) => {
          while (next < ordered.length && ordered[next].eventTime <= t) online.put(ordered[next++]);
          return same(online.get('a', keys.entity[i], t), naiveAsOf(rows, 'a', keys.entity[i], t, ttl));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('on the tiny world, serving from the online store reproduces the training features bit for bit', () => {
    const world = generateWorld({ scale: 'tiny', seed: 7 });
    const rows = [...materializeFeatureRows(world)];
    const store = OfflineStore.open(':memory:');
    store.writeBatch(rows);
    const ev = buildLabelEvents(world, new Rng(3), { negativesPerPositive: 1, stride: 20 });
    const trained = offlineFeatures(store, world, ev, 'point-in-time', TRAINING_SPEC);
    const served = serveReplay(rows, world, ev, TRAINING_SPEC, 0);
    const naive = offlineFeatures(store, world, ev, 'latest', TRAINING_SPEC);
    const nextDay = offlineFeatures(store, world, ev, 'next-day', TRAINING_SPEC);
    const labelTime = offlineFeatures(store, world, ev, 'label-time', TRAINING_SPEC);
    store.close();
    expect(ev.count).toBeGreaterThan(1000);
    expect(Array.from(served)).toEqual(Array.from(trained));
    // and the naive join differs on many rows: that difference is the leak
    let differ = 0;
    for (let i = 0; i < naive.length; i++) if (naive[i] !== trained[i]) differ++;
    expect(differ / naive.length).toBeGreaterThan(0.1);
    // a snapshot a day late already counts the label's own engagement; dropping the TTL without the future moves few values
    const differing = (x: Float32Array): number => x.reduce((n, v, i) => n + (v !== trained[i] ? 1 : 0), 0);
    expect(differing(nextDay) / nextDay.length).toBeGreaterThan(0.1);
    expect(differing(labelTime)).toBeLessThan(differing(nextDay) / 5);
  });
});

describe('transactional writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recsys-fs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a batch that throws half-way stores none of its rows', () => {
    const store = OfflineStore.open(join(dir, 'throw.sqlite'));
    store.writeBatch([{ feature: 'f', entity: 1, eventTime: 1, value: 1 }]);
    function* broken(): Generator<FeatureRow> {
      yield { feature: 'f', entity: 2, eventTime: 2, value: 2 };
      throw new Error('upstream failed');
    }
    expect(() => store.writeBatch(broken())).toThrow('upstream failed');
    expect(store.count()).toBe(1);
    store.close();
  });

  it('a process killed in the middle of a batch leaves the file consistent with only the committed batch', () => {
    const path = join(dir, 'crash.sqlite');
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/feature-store-crash-child.ts', path, '1000', '5000'], {
      cwd: join(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
    });
    expect(child.signal).toBe('SIGKILL');
    const store = OfflineStore.open(path);
    expect(store.integrityCheck()).toBe('ok');
    expect(store.count()).toBe(1000);
    expect(store.asOfJoin('f', { entity: [999 % 97], time: [999] }, 0)[0]).toBe(999);
    store.writeBatch([{ feature: 'f', entity: 1, eventTime: 5000, value: 1 }]);
    expect(store.count()).toBe(1001);
    store.close();
  });
});
