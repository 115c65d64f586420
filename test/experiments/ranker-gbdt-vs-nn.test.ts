// End to end at tiny scale: both rankers train on the same world ranking data and are evaluated on later
// queries; the run carries the importance and explanation tables. Latency is reported, never asserted here.
import { describe, expect, it } from 'vitest';
import { runScenarioForTest } from '../helpers/run-scenario.js';

describe('ranker-gbdt-vs-nn at tiny scale', () => {
  it('reports NDCG, AUC, training time and scoring latency for both rankers, with importance and an explanation', async () => {
    const r = await runScenarioForTest('ranker-gbdt-vs-nn', { params: { latencyRepeats: 20, nnEpochs: 1 } });
    for (const m of ['gbdt_ndcg_at_10', 'nn_ndcg_at_10', 'gbdt_auc', 'nn_auc', 'gbdt_train_ms', 'nn_train_ms', 'gbdt_p99_ms', 'nn_p99_ms', 'oracle_ndcg_at_10']) {
      expect(Number.isFinite(r.metrics[m]), m).toBe(true);
    }
    for (const m of ['gbdt_ndcg_at_10', 'nn_ndcg_at_10', 'retrieval_ndcg_at_10']) {
      expect(r.metrics[m]).toBeGreaterThan(0);
      expect(r.metrics[m]).toBeLessThanOrEqual(1);
    }
    // the oracle ranks by the true expected gain, so no learned ranker should beat it by more than label noise
    expect(r.metrics.gbdt_ndcg_at_10).toBeLessThan(r.metrics.oracle_ndcg_at_10 + 0.05);
    const titles = (r.tables ?? []).map((t) => t.title);
    expect(titles).toContain('GBDT feature importance');
    const explain = r.tables!.find((t) => t.title.startsWith('Why the GBDT ranked'))!;
    // contributions + bias add up to the score row (rounded to 4 decimals each)
    const rows = explain.rows;
    expect(rows[rows.length - 1][0]).toBe('= score');
    expect(r.claims.every((c) => c.error === undefined)).toBe(true);
    // quality is judged on resamples of the test queries; latency through the protocol, with intervals and n
    for (const m of ['gbdt_ndcg_at_10', 'nn_ndcg_at_10', 'retrieval_ndcg_at_10', 'gbdt_p99_ms']) {
      const [lo, hi] = r.intervals![m];
      expect(lo, m).toBeLessThanOrEqual(r.metrics[m]);
      expect(hi, m).toBeGreaterThanOrEqual(r.metrics[m]);
    }
    const gbdt = r.latency['gbdt score 500 candidates'];
    expect(gbdt.n).toBe(r.latency['nn score 500 candidates'].n); // interleaved: the same number of calls each
    expect(gbdt.warmup).toBeGreaterThan(0);
    expect(gbdt.ci).toBeDefined();
    expect(r.claims.find((c) => c.expr === 'gbdt_ndcg_at_10 >= nn_ndcg_at_10')!.replicates).toBeGreaterThan(100);
  }, 120_000);
});
