// The pieces of two-stage-why, and a run with too few candidates: the quality cost is measured as overlap of the final
// top-10 lists. Latency is not asserted (bench/ and the claims report it). The default tiny run and its checks are in
// test/scenario/every-scenario/system-design.test.ts.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { catalogSizes } from '../../src/experiments/two-stage-why.js';
import { createPairScorer } from '../../src/experiments/two-stage-scorer.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

describe('two-stage-why pieces', () => {
  it('catalogSizes keeps sweep values up to the cap and ends at the cap', () => {
    expect(catalogSizes([1000, 3000, 10000, 100000], 1, 5000)).toEqual([1000, 3000, 5000]);
    expect(catalogSizes([1000, 3000], 1, 5000)).toEqual([1000, 3000]);
    expect(catalogSizes(undefined, 2000, 5000)).toEqual([2000]);
  });

  it('the heavy scorer gives the same score through an id list as over the whole catalog', () => {
    const rng = new Rng(1);
    const dim = 6;
    const scorer = createPairScorer(rng, dim, 16);
    const items = Float32Array.from({ length: 20 * dim }, () => rng.normal());
    const user = Float32Array.from({ length: dim }, () => rng.normal());
    const all = new Float32Array(20);
    scorer.score(user, items, null, 20, all);
    const some = new Float32Array(3);
    scorer.score(user, items, Int32Array.from([7, 0, 19]), 3, some);
    expect(Array.from(some)).toEqual([all[7], all[0], all[19]]);
    expect(scorer.flopsPerPair).toBe(3 * dim * 16 + 16 * 16 + 16 + dim);
  });
});

describe('scenario two-stage-why (tiny)', () => {
  it('with fewer candidates than the final list needs, the overlap with full scoring drops below 1', { timeout: 180_000 }, async () => {
    // 20 candidates of 1,000 items: the heavy scorer's own top-10 almost surely includes items outside them (the
    // ranker can only reorder what retrieval hands it, whatever the catalogue or the scorer's width). One catalogue
    // size (max_items 1000: the sweep stops at its first point, which is the point these checks read) and a narrow
    // scorer (hidden 16, ~6× fewer multiply-adds a pair than 64): the full scans of the overlap users were nearly all
    // of this run's CPU. Measured at seed 42: overlap 0.49, interval 0.34–0.63, the 40% claim inconclusive (at
    // 3,000 items and hidden 64 it was 0.48, 0.36–0.60, inconclusive too).
    // more overlap users than timed users: they are drawn apart from the timed ones and scored after the timing
    const r = await runScenarioForTest('two-stage-why', { scale: 'tiny', params: { candidates: 20, max_items: 1000, hidden: 16, requests: 8, overlap_users: 12, point_seconds: 0.2 } });
    expect(r.metrics.overlap_at_10).toBeLessThan(1);
    expect(r.claims.find((c) => c.expr.startsWith('overlap_at_10'))!.verdict).not.toBe('holds');
    expect((r.notes ?? []).some((n) => n.includes('overlap over 12 users'))).toBe(true);
    const [lo, hi] = r.intervals!.overlap_at_10;
    expect(lo).toBeLessThanOrEqual(r.metrics.overlap_at_10);
    expect(hi).toBeGreaterThanOrEqual(r.metrics.overlap_at_10);
  });
});
