// End to end at tiny scale through the real runner: the scenario loads, the experiment sweeps ef on one index,
// and every claim evaluates. Timings are never asserted (they belong to bench/); recall is, with floors
// justified below.
import { describe, expect, it } from 'vitest';
import { runScenarioForTest } from '../helpers/run-scenario.js';

describe('scenario ann-recall-latency (tiny)', () => {
  it('emits a run@2 result with an ef sweep whose recall rises toward 1', async () => {
    const r = await runScenarioForTest('ann-recall-latency', { scale: 'tiny' });
    expect(r.schema).toBe('recsys-lab/run@2');
    expect(r.metrics.items).toBe(5000);
    const sweep = r.series.find((s) => s.name === 'ef-sweep')!;
    expect(sweep.points.map((p) => p.ef)).toEqual([10, 20, 50, 100, 200, 400]);
    const recall = sweep.points.map((p) => Number(p.recall_at_10));
    for (const v of recall) expect(v).toBeGreaterThanOrEqual(0), expect(v).toBeLessThanOrEqual(1);
    // 5,000 clustered world items: ef = 400 searches most of the neighbourhood; 0.95 leaves slack for seeds
    expect(recall.at(-1)!).toBeGreaterThanOrEqual(0.95);
    // a wider beam should not lose more than noise (0.02 = 4 of 200 queries losing one neighbour)
    expect(recall.at(-1)!).toBeGreaterThanOrEqual(recall[0] - 0.02);
    expect(r.metrics.recall_at_10).toBe(sweep.points.find((p) => p.ef === 50)!.recall_at_10);
    expect(r.metrics.index_mb).toBeGreaterThan(r.metrics.exact_mb * 0.5);
    expect(r.claims).toHaveLength(4);
    for (const c of r.claims) expect(c.error).toBeUndefined();
    expect(Object.keys(r.latency)).toEqual(['exact', 'hnsw ef=50']);
  });
});
