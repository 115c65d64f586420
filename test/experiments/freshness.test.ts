// freshness on cut-down knobs (the default tiny run is in test/scenario/every-scenario/production-ml.test.ts): the
// findings hold at the defaults and fail under the contrast setting (a day-old stream, no lateness allowed), the
// quality metrics carry intervals, and store=redis serves the same features, so every quality number is unchanged.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { findRedisServer } from '../../src/production/feature-store/redis-server.js';
import { findScenario } from '../../src/scenario/catalog.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

const small = { users: 300, requests: 1000, storeReads: 100 };

describe('freshness (cut-down)', () => {
  it('its findings hold at the defaults and fail under the contrast setting, reading metrics that move', { timeout: 120_000 }, async () => {
    const scenario = await findScenario('freshness');
    const atDefaults = await runScenarioForTest('freshness', { params: small, sweep: false });
    const contrast = await runScenarioForTest('freshness', { params: { ...small, ...(scenario.contrast as Record<string, number>) }, sweep: false });
    const findings = scenario.claims.filter((c) => c.kind === 'finding');
    // the timing finding is judged on this machine's clock: only the quality and stream findings are held here
    const decidable = findings.filter((c) => !c.expr.includes('_ms'));
    expect(decidable.length).toBe(3);
    for (const c of decidable) {
      expect(atDefaults.claims.find((r) => r.text === c.text)?.verdict, c.text).toBe('holds');
      expect(contrast.claims.find((r) => r.text === c.text)?.verdict, c.text).toBe('fails');
    }
    for (const c of findings) {
      const read = Object.keys(atDefaults.claims.find((r) => r.text === c.text)?.observed ?? {});
      expect(read.some((m) => contrast.metrics[m] !== atDefaults.metrics[m]), c.text).toBe(true);
    }
    for (const m of ['recall_fresh', 'recall_batch', 'recall_gain', 'recall_trending_fresh']) {
      const [lo, hi] = atDefaults.intervals?.[m] ?? [NaN, NaN];
      expect(lo).toBeLessThanOrEqual(atDefaults.metrics[m]);
      expect(hi).toBeGreaterThanOrEqual(atDefaults.metrics[m]);
    }
    // the hit rate is one draw of what the world's truth gives as the chance the list holds the next item: they agree
    // within sampling error (3 standard errors of a proportion over the requests)
    for (const r of [atDefaults, contrast]) {
      const se = Math.sqrt((r.metrics.chance_fresh * (1 - r.metrics.chance_fresh)) / r.metrics.requests);
      expect(Math.abs(r.metrics.recall_fresh - r.metrics.chance_fresh)).toBeLessThan(3 * se);
    }
    expect(atDefaults.metrics.window_count_mismatches).toBe(0);
    expect(contrast.metrics.window_count_mismatches).toBe(0);
  });

  it('a lag sweep loses recall as features age, and the batch sits between the fresh and the day-old stream', { timeout: 120_000 }, async () => {
    const r = await runScenarioForTest('freshness', { params: small });
    const points = r.series.find((s) => s.name === 'lag-sweep')?.points ?? [];
    const recall = points.map((p) => Number(p.recall));
    expect(recall.length).toBe(6);
    expect(recall[0]).toBeGreaterThan(recall[recall.length - 1]);
    expect(r.metrics.recall_batch).toBeLessThan(recall[0]);
    expect(r.metrics.recall_batch).toBeGreaterThan(recall[recall.length - 1]);
  });

  it('rejects an unknown store with a UsageError naming the choices', async () => {
    await expect(runScenarioForTest('freshness', { params: { ...small, store: 'mongo' }, sweep: false })).rejects.toThrow(UsageError);
  });

  it.skipIf(!findRedisServer())('store=redis serves the same features: every quality metric equals the embedded run\'s', { timeout: 120_000 }, async () => {
    const embedded = await runScenarioForTest('freshness', { params: small, sweep: false });
    const redis = await runScenarioForTest('freshness', { params: { ...small, store: 'redis' }, sweep: false });
    expect(redis.environment.onlineStore).toBe('redis');
    expect(redis.metrics.store_mismatches).toBe(0);
    expect(redis.latency['redis read']?.n).toBeGreaterThanOrEqual(100);
    for (const m of ['recall_fresh', 'recall_batch', 'ndcg_fresh', 'dropped_share', 'events']) expect(redis.metrics[m]).toBe(embedded.metrics[m]);
  });
});
