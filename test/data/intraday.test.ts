// The world that moves within a day: seeded, on its own Rng fork (the world it reads is left as it was), and each
// knob does what it says — no trending engagements without bursts, no intent engagements without intents, no
// switches when intents always stick.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { CAUSE, burstIntensity, generateIntraday, listProbability, type IntradayOptions } from '../../src/data/intraday.js';
import { generateWorld } from '../../src/data/world.js';

const world = generateWorld({ scale: 'tiny', seed: 7, overrides: { numUsers: 300, numItems: 1500, numCategories: 20, numTopCategories: 5 } });
const base: IntradayOptions = {
  users: 100, days: 2, sessionsPerDay: 3, eventsPerSession: 4, intentShare: 0.6, intentStickiness: 0.3, trendShare: 0.3, trendingItems: 6, burstHours: 2,
};
const count = (xs: Uint8Array, v: number): number => xs.reduce((a, x) => a + (x === v ? 1 : 0), 0);

describe('intraday world', () => {
  it('is the same for the same seed and options, sorted by time, and leaves the world untouched', () => {
    const before = Float32Array.from(world.interactions.time);
    const a = generateIntraday(world, base);
    const b = generateIntraday(world, base);
    expect(a.events).toEqual(b.events);
    expect(a.events.count).toBeGreaterThan(500);
    for (let e = 1; e < a.events.count; e++) expect(a.events.second[e]).toBeGreaterThanOrEqual(a.events.second[e - 1]);
    expect(world.interactions.time).toEqual(before);
  });

  it('draws every cause at the defaults, no trending engagement without bursts and no intent engagement at intentShare 0', () => {
    const d = generateIntraday(world, base).events;
    for (const c of Object.values(CAUSE)) expect(count(d.cause, c)).toBeGreaterThan(0);
    expect(count(generateIntraday(world, { ...base, trendShare: 0 }).events.cause, CAUSE.trend)).toBe(0);
    expect(count(generateIntraday(world, { ...base, trendingItems: 0 }).events.cause, CAUSE.trend)).toBe(0);
    expect(count(generateIntraday(world, { ...base, intentShare: 0 }).events.cause, CAUSE.intent)).toBe(0);
  });

  it('switches intents far less often when they stick, and at every session when they never do', () => {
    const sticky = generateIntraday(world, { ...base, intentStickiness: 1 }).events;
    const loose = generateIntraday(world, { ...base, intentStickiness: 0 }).events;
    // stickiness 1: only each user's first session is a switch (~1 in 6 sessions here); 0: nearly every session
    // (a fresh draw repeats the same leaf with probability Σ p², well under a half with 20 leaves)
    expect(count(sticky.intentSwitched, 1) / sticky.count).toBeLessThan(0.3);
    expect(count(loose.intentSwitched, 1) / loose.count).toBeGreaterThan(0.6);
  });

  it('long-term leaf shares sum to one per user', () => {
    const { longTerm, users } = generateIntraday(world, base);
    for (let u = 0; u < users.length; u++) {
      let s = 0;
      for (let o = longTerm.offsets[u]; o < longTerm.offsets[u + 1]; o++) s += longTerm.share[o];
      expect(s).toBeCloseTo(1, 5); // Float32 shares: 5 digits
    }
  });

  it('ground truth: the chance of the whole catalog is 1 for any user, time and intent', () => {
    const d = generateIntraday(world, base);
    const all = Int32Array.from({ length: world.items.count }, (_, i) => i);
    for (const e of [0, 17, Math.floor(d.events.count / 2), d.events.count - 1]) {
      const p = listProbability(d, world, d.events.user[e], d.events.second[e], d.events.intent[e], all);
      expect(p).toBeCloseTo(1, 5); // sums of Float32 shares: 5 digits
    }
  });

  it('ground truth: the chance of the items the users engaged with is far above a random list of the same length', () => {
    const d = generateIntraday(world, base);
    const ev = d.events;
    let engaged = 0;
    let random = 0;
    for (let e = 0; e < ev.count; e += 7) {
      engaged += listProbability(d, world, ev.user[e], ev.second[e], ev.intent[e], [ev.item[e]]);
      random += listProbability(d, world, ev.user[e], ev.second[e], ev.intent[e], [(ev.item[e] * 7919 + 13) % world.items.count]);
    }
    expect(engaged).toBeGreaterThan(5 * random);
  });

  it('a burst is zero before it starts and peaks at 1 after burstHours', () => {
    expect(burstIntensity(99, 100, 3600)).toBe(0);
    expect(burstIntensity(3700, 100, 3600)).toBeCloseTo(1, 12);
    expect(burstIntensity(100 + 1800, 100, 3600)).toBeLessThan(1);
    expect(burstIntensity(100 + 7200, 100, 3600)).toBeLessThan(1);
  });

  it('rejects bad options with a UsageError naming the option', () => {
    expect(() => generateIntraday(world, { ...base, trendShare: 2 })).toThrow(UsageError);
    expect(() => generateIntraday(world, { ...base, days: 0 })).toThrow(/intraday: days/);
  });
});
