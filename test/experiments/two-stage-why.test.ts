// End to end at tiny scale: the catalog sweep is capped by max_items, both paths are timed, the quality cost is
// measured as overlap of the final top-10 lists. Latency is not asserted (bench/ and the claims report it).
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
  it('emits a run@2 result over catalogs up to the tiny cap with both paths measured, each figure with its n', { timeout: 180_000 }, async () => {
    const r = await runScenarioForTest('two-stage-why', { scale: 'tiny' });
    expect(r.schema).toBe('recsys-lab/run@2');
    const sweep = r.series.find((s) => s.name === 'items-sweep')!;
    expect(sweep.points.map((p) => p.items)).toEqual([1000, 3000, 5000]);
    for (const p of sweep.points) {
      expect(Number(p.full_p50_ms)).toBeGreaterThan(0);
      expect(Number(p.two_stage_p50_ms)).toBeGreaterThan(0);
      expect(Number(p.overlap_at_10)).toBeGreaterThanOrEqual(0);
      expect(Number(p.overlap_at_10)).toBeLessThanOrEqual(1);
      expect(Number(p.full_n)).toBeGreaterThanOrEqual(3);
    }
    expect(r.metrics.items).toBe(5000);
    for (const c of r.claims) expect(c.error).toBeUndefined();
    expect(r.claims.every((c) => c.kind === 'finding')).toBe(true);
    // the two-stage path always has the calls a p99 needs; the full scan's "p99" is its maximum when it has fewer
    const two = r.latency['two-stage total'];
    expect(two.n).toBeGreaterThanOrEqual(100);
    expect(two.tail).toBeUndefined();
    const full = r.latency['full catalog'];
    expect(full.n).toBe(r.metrics.full_n);
    if (full.n < 100) {
      expect(full.tail).toBe('max');
      expect(full.p99_ms).toBe(full.max_ms);
      expect(r.intervals?.full_p99_ms).toBeUndefined();
    }
    // claims read what the sample decides: the full scan's median and cost per item, and a mean over users
    for (const m of ['full_p50_ms', 'full_ms_per_1m_items', 'two_stage_p99_ms', 'overlap_at_10', 'two_stage_within_budget_everywhere']) {
      expect(r.intervals?.[m], m).toBeDefined();
    }
  });

  it('with fewer candidates than the final list needs, the overlap with full scoring drops below 1', { timeout: 180_000 }, async () => {
    // 20 candidates of 3,000 items: the heavy scorer's own top-10 almost surely includes items outside them
    const r = await runScenarioForTest('two-stage-why', { scale: 'tiny', params: { candidates: 20, max_items: 3000, requests: 8, point_seconds: 0.2 } });
    expect(r.metrics.overlap_at_10).toBeLessThan(1);
    expect(r.claims.find((c) => c.expr.startsWith('overlap_at_10'))!.verdict).not.toBe('holds');
  });
});
