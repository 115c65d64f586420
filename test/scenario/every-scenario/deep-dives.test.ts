// Every deep-dives scenario at tiny scale: runs, claims evaluate, metrics equal the snapshot (see test/helpers/scenario-suite.ts),
// with each scenario's own checks on the same default run.
import { expect } from 'vitest';
import { describeTopic } from '../../helpers/scenario-suite.js';
import { claimsThatDoNotHold } from './checks.js';

await describeTopic('deep-dives', {
  // the experiment sweeps ef on one index; timings are never asserted (they belong to bench/), recall is
  'ann-recall-latency': (r) => {
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
    expect(Object.keys(r.latency)).toEqual(['exact', 'hnsw ef=50']);
    // every variant through the protocol: the same n (≥ 100, for a p99) for exact and each ef, after a warm-up
    const exact = r.latency.exact;
    const hnsw = r.latency['hnsw ef=50'];
    expect(exact.n).toBeGreaterThanOrEqual(300);
    expect(hnsw.n).toBe(exact.n);
    expect(hnsw.warmup).toBeGreaterThan(0);
    expect(hnsw.tail).toBeUndefined();
    expect(hnsw.ci!.p99[0]).toBeLessThanOrEqual(hnsw.p99_ms);
    expect(hnsw.ci!.p99[1]).toBeGreaterThanOrEqual(hnsw.p99_ms);
    // the timing and recall findings judged on replicates, the memory estimate as a check
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
  },
  // naive target encoding looks better offline and does worse on test: the demonstration holds at the default seed
  'target-encoding-leakage': (r) => expect(claimsThatDoNotHold(r)).toEqual([]),
});
