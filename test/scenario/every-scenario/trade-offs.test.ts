// Every trade-offs scenario at tiny scale, part 1 of 2 (see TOPIC_PARTS; the rest are in trade-offs-2.test.ts): runs,
// claims evaluate, metrics equal the snapshot (see test/helpers/scenario-suite.ts), with each scenario's own checks on
// the same default run and contrast run.
import { expect } from 'vitest';
import type { RunResult } from '../../../src/scenario/types.js';
import { claimReplicateProblems } from '../../helpers/claim-replicates.js';
import { describeTopic } from '../../helpers/scenario-suite.js';

const verdictOf = (r: RunResult, text: RegExp) => r.claims.find((c) => text.test(c.text))?.verdict;

await describeTopic('trade-offs', {
  // MF buries the never-positive items (rank percentile far above 0.5) …
  'mf-vs-two-tower': (r) => {
    expect(claimReplicateProblems(r)).toEqual([]);
    expect(r.metrics.mf_cold_item_rank_percentile).toBeGreaterThan(0.8);
    expect(verdictOf(r, /^MF buries/)).toBe('holds');
    // a random ranking's recall@100 of the cold items: 100 of the ~5,000 candidates
    expect(r.metrics.chance_recall_at_100_cold_items).toBeGreaterThan(0.015);
    expect(r.metrics.chance_recall_at_100_cold_items).toBeLessThan(0.025);
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
    for (const m of ['recall_mean', 'recall_recency', 'recall_attention', 'attention_minus_mean']) {
      const [lo, hi] = r.intervals?.[m] ?? [NaN, NaN];
      expect(lo, m).toBeLessThanOrEqual(r.metrics[m]);
      expect(hi, m).toBeGreaterThanOrEqual(r.metrics[m]);
    }
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
    // every slot of every train request is logged: the train queries less the latest fifth, which validates
    // (src/ranking/dataset.ts)
    const queries = Number(r.params.queries);
    expect(r.metrics.logged_rows).toBe(Number(r.params.slots) * (queries - Math.round(0.2 * queries)));
    expect(r.metrics.randomised_requests).toBeGreaterThan(0);
    for (const m of ['naive', 'ipw', 'ipw_estimated', 'position_feature', 'retrieval']) {
      expect(r.metrics[`${m}_ndcg_at_10`]).toBeGreaterThan(0);
      expect(r.metrics[`${m}_ndcg_at_10`]).toBeLessThanOrEqual(1);
      expect(r.intervals?.[`${m}_ndcg_at_10`]).toBeDefined();
    }
    expect(r.intervals?.propensity_mean_error).toBeDefined();
  },

}, {
  // … and "stays at chance" is what happens only when the cold items are never drawn as negatives (the contrast's
  // mfNegatives = engaged): then the claim fails
  'mf-vs-two-tower': (contrast) => {
    expect(Math.abs(contrast.metrics.mf_cold_item_rank_percentile - 0.5)).toBeLessThan(0.1);
    expect(verdictOf(contrast, /^MF buries/)).toBe('fails');
  },
  // with a one-item history mean and recency pooling are the same function: their recalls are equal to the last digit
  'sequence-vs-pooling': (contrast, atDefaults) => {
    expect(contrast.metrics.recall_recency).toBe(contrast.metrics.recall_mean);
    expect(contrast.metrics.recency_minus_mean).toBe(0);
    expect(atDefaults.metrics.recency_minus_mean).toBeGreaterThan(0);
  },
}, 1);
