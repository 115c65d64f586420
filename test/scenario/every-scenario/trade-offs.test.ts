// Every trade-offs scenario at tiny scale: runs, claims evaluate, metrics equal the snapshot (see test/helpers/scenario-suite.ts),
// with each scenario's own checks on the same default run.
import { expect } from 'vitest';
import { describeTopic } from '../../helpers/scenario-suite.js';

await describeTopic('trade-offs', {
  // both rankers train on the same world ranking data and are evaluated on later queries; latency is reported, never asserted
  'ranker-gbdt-vs-nn': (r) => {
    for (const m of ['gbdt_ndcg_at_10', 'nn_ndcg_at_10', 'gbdt_auc', 'nn_auc', 'gbdt_train_ms', 'nn_train_ms', 'gbdt_p99_ms', 'nn_p99_ms', 'oracle_ndcg_at_10']) {
      expect(Number.isFinite(r.metrics[m]), m).toBe(true);
    }
    for (const m of ['gbdt_ndcg_at_10', 'nn_ndcg_at_10', 'retrieval_ndcg_at_10']) {
      expect(r.metrics[m]).toBeGreaterThan(0);
      expect(r.metrics[m]).toBeLessThanOrEqual(1);
    }
    // the oracle ranks by the true expected gain, so no learned ranker should beat it by more than label noise
    expect(r.metrics.gbdt_ndcg_at_10).toBeLessThan(r.metrics.oracle_ndcg_at_10 + 0.05);
    expect((r.tables ?? []).map((t) => t.title)).toContain('GBDT feature importance');
    const explain = r.tables!.find((t) => t.title.startsWith('Why the GBDT ranked'))!;
    // contributions + bias add up to the score row (rounded to 4 decimals each)
    expect(explain.rows[explain.rows.length - 1][0]).toBe('= score');
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
  },
  // the GBDT with and without retrieval embeddings, on the same rows
  'ranker-hybrid': (r) => {
    for (const m of ['ndcg_at_10_without_embeddings', 'ndcg_at_10_with_embeddings', 'embedding_dot_ndcg_at_10', 'auc_with_embeddings']) {
      expect(r.metrics[m], m).toBeGreaterThan(0);
      expect(r.metrics[m], m).toBeLessThanOrEqual(1);
    }
    expect(r.metrics.ndcg_at_10_gain).toBeCloseTo(r.metrics.ndcg_at_10_with_embeddings - r.metrics.ndcg_at_10_without_embeddings, 12);
    expect(r.metrics.embedding_gain_share).toBeGreaterThanOrEqual(0);
    expect(r.metrics.embedding_gain_share).toBeLessThanOrEqual(1);
    const imp = r.tables!.find((t) => t.title === 'GBDT feature importance (with embeddings)')!;
    expect(imp.rows.map((row) => row[0])).toContain('mf_dot');
  },
  // three encoders on the same requests; the gaps are the differences of their recalls
  'sequence-vs-pooling': (r) => {
    expect(r.metrics.attention_minus_mean).toBeCloseTo(r.metrics.recall_attention - r.metrics.recall_mean, 3); // rounded to 4 digits each
    for (const kind of ['mean', 'recency', 'attention']) expect(r.latency[`encode ${kind}`].n).toBe(r.latency['encode mean'].n); // interleaved
    expect(r.claims.filter((c) => !c.expr.includes('_ms') && !c.holds).map((c) => c.text)).toEqual([]);
  },
  // three heads against one: per-task AUCs on drawn labels, top-10 outcomes under the true model, the α sweep on the MMoE
  'multi-task-ranking': (r) => {
    for (const m of ['single', 'shared', 'mmoe', 'gbdt']) {
      for (const t of ['click_auc', 'purchase_auc']) {
        expect(r.metrics[`${m}_${t}`], `${m}_${t}`).toBeGreaterThan(0.5);
        expect(r.metrics[`${m}_${t}`], `${m}_${t}`).toBeLessThan(1);
      }
      for (const t of ['clicks_at_10', 'dwell_at_10', 'dwell_ndcg_at_10']) expect(r.intervals?.[`${m}_${t}`], `${m}_${t}`).toBeDefined();
      // the oracle ranks by true expected dwell: no model's top 10 earns more
      expect(r.metrics[`${m}_dwell_at_10`]).toBeLessThanOrEqual(r.metrics.oracle_dwell_at_10 + 1e-9);
    }
    const curve = r.series.find((s) => s.name === 'mmoe-tradeoff')!;
    expect(curve.points.map((p) => p.dwellWeight)).toEqual([0, 0.25, 0.5, 1, 2, 4]);
    // with purchaseWeight 0 (the default) the sweep's α = 0 point is the click-only ranking itself
    expect(curve.points[0].clicks_at_10).toBe(Number(r.metrics.click_only_clicks_at_10.toFixed(3)));
    expect(r.claims.every((c) => c.kind === 'finding')).toBe(true);
  },
  // calibration of down-sampled click models: ECE raw and recalibrated, AUC untouched by Platt
  calibration: (r) => {
    for (const m of ['gbdt', 'nn']) {
      for (const v of ['raw', 'platt', 'isotonic', 'corrected']) {
        const e = r.metrics[`${m}_ece_${v}`];
        expect(e).toBeGreaterThanOrEqual(0);
        expect(e).toBeLessThanOrEqual(1);
        const [lo, hi] = r.intervals![`${m}_ece_${v}`];
        expect(lo).toBeLessThanOrEqual(hi);
      }
      expect(r.metrics[`${m}_auc_change_platt`]).toBeLessThan(1e-6);
      // keeping a tenth of the negatives multiplies the odds by 10: the raw mean prediction sits far above the test rate
      expect(r.metrics[`${m}_mean_p_raw`]).toBeGreaterThan(r.metrics.test_rate);
    }
    expect(r.series.find((s) => s.name === 'gbdt-reliability')!.points).toHaveLength(10);
    expect(r.claims.map((c) => c.kind)).toEqual(['finding', 'finding', 'finding', 'finding', 'finding', 'check']);
  },
  // position bias: the propensity table holds the true (1/k)^η, the estimate is relative to slot 1
  'position-bias': (r) => {
    const table = r.tables!.find((t) => t.title.startsWith('Propensities'))!;
    expect(table.rows.map((row) => row[1])).toEqual([1, 0.5, 0.333, 0.25, 0.2, 0.167, 0.143, 0.125, 0.111, 0.1]);
    expect(table.rows[0][2]).toBe(1);
    expect(r.metrics.logged_rows).toBe(10 * 800);
    expect(r.metrics.randomised_requests).toBeGreaterThan(0);
    for (const m of ['naive', 'ipw', 'ipw_estimated', 'position_feature', 'retrieval']) {
      expect(r.metrics[`${m}_ndcg_at_10`]).toBeGreaterThan(0);
      expect(r.metrics[`${m}_ndcg_at_10`]).toBeLessThanOrEqual(1);
      expect(r.intervals?.[`${m}_ndcg_at_10`]).toBeDefined();
    }
    expect(r.intervals?.propensity_mean_error).toBeDefined();
  },
});
