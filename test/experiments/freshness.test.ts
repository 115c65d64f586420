// freshness on cut-down knobs: store=redis serves the same features, so every quality number is unchanged, and an
// unknown store is refused. Its default and contrast tiny runs, with what they owe (findings that hold at the defaults
// and fail under the contrast setting, intervals, the lag sweep), are checked in
// test/scenario/every-scenario/production-ml.test.ts.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { findRedisServer } from '../../src/production/feature-store/redis-server.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

const small = { users: 300, requests: 1000, storeReads: 100 };

describe('freshness (cut-down)', () => {
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
