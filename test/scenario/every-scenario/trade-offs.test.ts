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
});
