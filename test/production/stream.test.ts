// The stream consumer against a batch recomputation: with an allowed lateness that covers the stream's disorder, the
// windowed counts equal counting the same events in a batch, whatever order they arrive in; events older than the
// watermark are dropped and counted, and the rest still match the batch over what was kept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { StreamConsumer, batchItemWindows } from '../../src/production/stream/consumer.js';
import { deliver, disorder } from '../../src/production/stream/delivery.js';

const WINDOW = 60;

/** Random events: items in [0, 8), users in [0, 4), event times in [0, 600) s. */
const eventsArb = fc.array(fc.record({ user: fc.integer({ min: 0, max: 3 }), item: fc.integer({ min: 0, max: 7 }), second: fc.integer({ min: 0, max: 599 }) }), { minLength: 1, maxLength: 200 });

function consumerFor(allowedLatenessSeconds: number): StreamConsumer {
  return new StreamConsumer({ windowSeconds: WINDOW, allowedLatenessSeconds, recentItems: 5, users: 4, leafOf: Int32Array.from({ length: 8 }, (_, i) => i % 3) });
}

const asObject = (m: Map<number, Map<number, number>>): Record<string, Record<string, number>> =>
  Object.fromEntries([...m.entries()].sort((a, b) => a[0] - b[0]).map(([w, c]) => [w, Object.fromEntries([...c.entries()].sort((a, b) => a[0] - b[0]))]));

describe('stream consumer', () => {
  it('windowed counts equal a batch recomputation for any arrival order within the allowed lateness', () => {
    fc.assert(fc.property(eventsArb, fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 120 }), (events, seed, meanDelay) => {
      const second = events.map((e) => e.second);
      const delivery = deliver(second, meanDelay, new Rng(seed));
      const lateness = Math.max(...disorder(second, delivery));
      const c = consumerFor(lateness);
      for (const e of delivery.order) c.apply(events[e].user, events[e].item, events[e].second);
      expect(c.dropped).toBe(0);
      expect(asObject(c.itemWindows)).toEqual(asObject(batchItemWindows(events.map((e) => e.item), second, WINDOW)));
    }));
  });

  it('drops exactly the events whose disorder exceeds the allowed lateness, and the kept ones still match the batch', () => {
    fc.assert(fc.property(eventsArb, fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 100 }), (events, seed, lateness) => {
      const second = events.map((e) => e.second);
      const delivery = deliver(second, 60, new Rng(seed));
      const late = disorder(second, delivery);
      const c = consumerFor(lateness);
      const kept = new Array<boolean>(events.length);
      for (const e of delivery.order) kept[e] = c.apply(events[e].user, events[e].item, events[e].second);
      expect(c.dropped).toBe(late.filter((d) => d > lateness).length);
      expect(kept.map((k, e) => k === late[e] <= lateness).every(Boolean)).toBe(true);
      expect(c.applied + c.dropped).toBe(events.length);
      expect(asObject(c.itemWindows)).toEqual(asObject(batchItemWindows(events.map((e) => e.item), second, WINDOW, kept)));
    }));
  });

  it('keeps each user\'s most recent items newest first, whatever the arrival order', () => {
    fc.assert(fc.property(eventsArb, fc.integer({ min: 0, max: 2 ** 31 }), (events, seed) => {
      const second = events.map((e) => e.second);
      const delivery = deliver(second, 30, new Rng(seed));
      const c = consumerFor(1e9);
      for (const e of delivery.order) c.apply(events[e].user, events[e].item, events[e].second);
      for (let u = 0; u < 4; u++) {
        const mine = events.map((e, k) => ({ ...e, k })).filter((e) => e.user === u);
        // the five latest by event time; among equal times any order is right, so compare the times and the item multiset per time
        const times = mine.map((e) => e.second).sort((a, b) => b - a).slice(0, 5);
        const got = Array.from(c.recent(u));
        expect(got.length).toBe(times.length);
        const cutoff = times[times.length - 1];
        for (const i of got) expect(mine.some((e) => e.item === i && e.second >= (cutoff ?? 0))).toBe(true);
      }
    }));
  });

  it('a worked example: an event 90 s behind a watermark of 60 s is dropped; one 30 s behind corrects its window', () => {
    const c = consumerFor(60);
    expect(c.apply(0, 1, 200)).toBe(true); // window 3
    expect(c.apply(0, 2, 170)).toBe(true); // 30 s late: window 2 gets a correction
    expect(c.apply(0, 3, 110)).toBe(false); // 90 s late: older than the watermark 140
    expect([c.applied, c.corrected, c.dropped]).toEqual([2, 1, 1]);
    expect(asObject(c.itemWindows)).toEqual({ 2: { 2: 1 }, 3: { 1: 1 } });
    expect(Array.from(c.recent(0))).toEqual([1, 2]);
    expect([...c.userLeafCounts(0, 3, 2).entries()].sort()).toEqual([[1, 1], [2, 1]]);
  });

  it('delivery with no delay keeps event order; disorder is zero then', () => {
    const second = [5, 1, 9, 9, 3];
    const d = deliver(second, 0, new Rng(1));
    expect(Array.from(d.order)).toEqual([1, 4, 0, 2, 3]);
    expect(Array.from(disorder(second, d))).toEqual([0, 0, 0, 0, 0]);
  });
});
