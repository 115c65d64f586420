// End to end at tiny scale through the real runner: the scenario loads, the experiment sweeps ef on one index,
// and every claim evaluates. Timings are never asserted (they belong to bench/); recall is, with floors
// justified below, and so is the shape of the evidence the claims are judged on (replicates, intervals, n).
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/scenario/types.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

describe('scenario ann-recall-latency (tiny)', () => {
  let r: RunResult;
  beforeAll(async () => {
    r = await runScenarioForTest('ann-recall-latency', { scale: 'tiny' });
  }, 180_000);

  it('emits a run@2 result with an ef sweep whose recall rises toward 1', () => {
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

  it('times every variant through the protocol: the same n (≥ 100, for a p99) for exact and each ef, after a warm-up', () => {
    const exact = r.latency.exact;
    const hnsw = r.latency['hnsw ef=50'];
    expect(exact.n).toBeGreaterThanOrEqual(300);
    expect(hnsw.n).toBe(exact.n);
    expect(hnsw.warmup).toBeGreaterThan(0);
    expect(hnsw.tail).toBeUndefined();
    expect(hnsw.ci!.p99[0]).toBeLessThanOrEqual(hnsw.p99_ms);
    expect(hnsw.ci!.p99[1]).toBeGreaterThanOrEqual(hnsw.p99_ms);
  });

  it('judges the timing and recall findings on replicates, and the memory estimate as a check', () => {
    expect(r.claims.map((c) => c.kind)).toEqual(['finding', 'finding', 'finding', 'check']);
    for (const m of ['recall_at_10', 'p99_ms', 'p99_ms_at_recall_095', 'reaches_recall_095', 'speedup_p50', 'exact_p99_ms']) {
      expect(r.intervals?.[m], m).toBeDefined();
    }
    // recall is a mean over 200 queries: its interval brackets it and is narrower than ±0.05 (sd of one query's recall ≤ 0.5)
    const [lo, hi] = r.intervals!.recall_at_10;
    expect(lo).toBeLessThanOrEqual(r.metrics.recall_at_10);
    expect(hi).toBeGreaterThanOrEqual(r.metrics.recall_at_10);
    expect(hi - lo).toBeLessThan(0.1);
    // the memory estimate reads no replicated metric: decided by its point value
    expect(r.claims[3].replicates).toBe(1);
    expect(r.claims[0].replicates).toBeGreaterThan(100);
  });
});
