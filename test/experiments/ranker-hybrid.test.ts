// End to end at tiny scale: the GBDT with and without retrieval embeddings, on the same rows.
import { describe, expect, it } from 'vitest';
import { runScenarioForTest } from '../helpers/run-scenario.js';

describe('ranker-hybrid at tiny scale', () => {
  it('trains both GBDTs on the same rows and reports the gain and where the split gain went', async () => {
    const r = await runScenarioForTest('ranker-hybrid');
    for (const m of ['ndcg_at_10_without_embeddings', 'ndcg_at_10_with_embeddings', 'embedding_dot_ndcg_at_10', 'auc_with_embeddings']) {
      expect(r.metrics[m], m).toBeGreaterThan(0);
      expect(r.metrics[m], m).toBeLessThanOrEqual(1);
    }
    expect(r.metrics.ndcg_at_10_gain).toBeCloseTo(r.metrics.ndcg_at_10_with_embeddings - r.metrics.ndcg_at_10_without_embeddings, 12);
    expect(r.metrics.embedding_gain_share).toBeGreaterThanOrEqual(0);
    expect(r.metrics.embedding_gain_share).toBeLessThanOrEqual(1);
    const imp = r.tables!.find((t) => t.title === 'GBDT feature importance (with embeddings)')!;
    expect(imp.rows.map((row) => row[0])).toContain('mf_dot');
    expect(r.claims.every((c) => c.error === undefined)).toBe(true);
  }, 120_000);
});
