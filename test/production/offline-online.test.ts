// Offline evaluation on logs, checked against hand computations on a tiny hand-made log.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { generateWorld } from '../../src/data/world.js';
import { collectLogs, ctrPerRequest, loggedCtrTable, ndcgPerLoggedRequest, ndcgPerTestUser, offlineNdcgOnLogs, offlineNdcgOnTestSplit, onlineCtr, popularityFeedbackLoop, sliceLogs, type LoggedRequests } from '../../src/production/offline-online.js';
import { itemTableRanker, tasteRanker, TrafficSource } from '../../src/production/rollout/traffic.js';

const log: LoggedRequests = {
  slate: 3,
  users: Int32Array.from([0, 1, 2]),
  shown: Int32Array.from([5, 6, 7, 6, 7, 5, 5, 6, 7]),
  clicks: Uint8Array.from([0, 1, 0, 0, 0, 0, 1, 0, 0]),
};

describe('offline evaluation on logs', () => {
  it('re-ranking a logged slate scores NDCG against its clicks, skipping slates without a click', () => {
    // request 0: clicked item 6 is ranked 2nd by the table (7 > 6 > 5) → DCG = 1/log2(3), IDCG = 1
    // request 1: no click → skipped; request 2: clicked item 5 ranked 3rd → 1/log2(4) = 0.5
    const ranker = itemTableRanker('t', Float64Array.from({ length: 8 }, (_, i) => i));
    expect(offlineNdcgOnLogs(log, ranker)).toBeCloseTo((1 / Math.log2(3) + 0.5) / 2, 12);
    // per request: the unit the intervals resample, NaN for the request without a click
    const per = Array.from(ndcgPerLoggedRequest(log, ranker));
    expect(per[0]).toBeCloseTo(1 / Math.log2(3), 12);
    expect(per[1]).toBeNaN();
    expect(per[2]).toBeCloseTo(0.5, 12);
  });

  it('per-user and per-request figures average to the summary metrics', () => {
    const world = generateWorld({ scale: 'tiny', seed: 5, overrides: { numUsers: 300, numItems: 900 } });
    const m = tasteRanker(world, 'm', 1, new Rng(1));
    const perUser = ndcgPerTestUser(world, m, 50, 20, new Rng(2));
    expect(perUser.length).toBeGreaterThan(0);
    expect(perUser.reduce((s, v) => s + v, 0) / perUser.length).toBeCloseTo(offlineNdcgOnTestSplit(world, m, 50, 20, new Rng(2)), 12);
    const source = new TrafficSource(world, 20);
    const rng = new Rng(3);
    const requests = Array.from({ length: 40 }, () => source.request(rng));
    const ctr = ctrPerRequest(world, requests, m);
    expect(ctr.reduce((s, v) => s + v, 0) / ctr.length).toBeCloseTo(onlineCtr(world, requests, m), 12);
  });

  it('the logged CTR table shrinks towards the overall CTR with the prior weight', () => {
    // overall CTR = 2 clicks / 9 slots; item 5: 1 click in 3 shows → (1 + 2/9·m) / (3 + m) with m = 20
    const t = loggedCtrTable(log, 8, 3, 20);
    expect(t[5]).toBeCloseTo((1 + (2 / 9) * 20) / 23, 12);
    expect(t[0]).toBeCloseTo(2 / 9, 12); // never shown: the prior
  });

  it('slicing keeps whole requests', () => {
    const s = sliceLogs(log, 1, 3);
    expect(Array.from(s.users)).toEqual([1, 2]);
    expect(Array.from(s.shown)).toEqual([6, 7, 5, 5, 6, 7]);
  });

  it('random-slate logs and the feedback loop stay within their ranges and are reproducible', () => {
    const world = generateWorld({ scale: 'tiny', seed: 3, overrides: { numUsers: 300, numItems: 900 } });
    const source = new TrafficSource(world, 20);
    const a = collectLogs(world, source, null, 50, new Rng(1));
    const b = collectLogs(world, source, null, 50, new Rng(1));
    expect(Array.from(a.shown)).toEqual(Array.from(b.shown));
    expect(a.clicks.every((c) => c === 0 || c === 1)).toBe(true);
    const loop = popularityFeedbackLoop(world, source, new Float64Array(world.items.count).fill(1), 3, 50, new Rng(2));
    expect(loop).toHaveLength(3);
    for (const r of loop) {
      expect(r.coverage).toBeGreaterThan(0);
      expect(r.coverage).toBeLessThanOrEqual(1);
      expect(r.onlineCtr).toBeGreaterThan(0);
    }
  });
});
