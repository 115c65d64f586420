// Every trade-offs scenario at tiny scale, part 2 of 2 (see TOPIC_PARTS; the rest are in trade-offs.test.ts): runs,
// claims evaluate, metrics equal the snapshot (see test/helpers/scenario-suite.ts), with each scenario's own checks on
// the same default run.
import { expect } from 'vitest';
import { claimReplicateProblems } from '../../helpers/claim-replicates.js';
import { describeTopic } from '../../helpers/scenario-suite.js';

await describeTopic('trade-offs', {
  // the data-size gap is paired (derived per replicate); the training cost per example is one timing, exact
  'mf-vs-deep': (r) => {
    expect(claimReplicateProblems(r, ['train_cost_per_example_ratio'])).toEqual([]);
    expect(r.intervals?.train_cost_per_example_ratio).toBeUndefined();
    expect(r.metrics.dl_gain_all_data).toBeCloseTo(r.metrics.dl_recall_at_100 - r.metrics.mf_recall_at_100, 12);
  },
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
}, {}, 2);
