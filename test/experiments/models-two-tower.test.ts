// The "models" group's two-tower scenarios end to end at tiny scale, shrunk further so the suite stays quick:
// every finding reads metrics with replicates (paired over the eval users) whose intervals hold the point
// value, the two-tower knobs come from the shared knob group, and issue 15's correction is a claim that
// fails on the wrong behaviour. Timings are never asserted.
import { describe, expect, it } from 'vitest';
import { claimReplicateProblems } from '../helpers/claim-replicates.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

const verdictOf = (r: Awaited<ReturnType<typeof runScenarioForTest>>, text: RegExp) => r.claims.find((c) => text.test(c.text))?.verdict;

describe('models group: two-tower scenarios (tiny, shrunk)', () => {
  it('two-tower-negatives: logQ modes and HNSW paired over users; the p99 of HNSW queries comes from the measurement protocol', { timeout: 180_000 }, async () => {
    const r = await runScenarioForTest('two-tower-negatives', { params: { evalUsers: 100, maxExamples: 3000 } });
    expect(claimReplicateProblems(r)).toEqual([]);
    expect(r.claims.every((c) => c.kind === 'finding')).toBe(true);
    // the declared default (in-batch) reaches the trainer through the shared knob group
    expect(r.params.negatives).toBe('in-batch');
    const hnsw = r.latency['hnsw search'];
    expect(hnsw.n).toBeGreaterThanOrEqual(100);
    expect(r.intervals?.hnsw_p99_ms).toBeDefined();
    // per user, the recall lost to ANN is exact recall − HNSW recall: the means agree
    expect(r.metrics.recall_at_100_lost_to_ann).toBeCloseTo(r.metrics.recall_at_100 - r.metrics.hnsw_recall_at_100, 12);
  });

  it('two-tower-negatives: with uniform negatives the correction is a constant shift, so the three logQ modes train the same model', { timeout: 180_000 }, async () => {
    const r = await runScenarioForTest('two-tower-negatives', { params: { evalUsers: 100, maxExamples: 3000, negatives: 'uniform', hnsw: false } });
    expect(r.metrics.recall_at_100_logq_off).toBe(r.metrics.recall_at_100);
    expect(verdictOf(r, /^The correct logQ correction beats no correction/)).toBe('fails');
  });

  it('two-tower-history: encode times interleaved across variants, their ratio with replicates', { timeout: 180_000 }, async () => {
    const r = await runScenarioForTest('two-tower-history', { params: { evalUsers: 100, maxExamples: 2000, longHistory: 2000 } });
    expect(claimReplicateProblems(r)).toEqual([]);
    const encodes = Object.values(r.latency);
    expect(encodes).toHaveLength(5);
    // one measureInterleaved call: every variant has the same number of samples
    expect(new Set(encodes.map((l) => l.n)).size).toBe(1);
  });

  it('mf-vs-two-tower: MF buries the never-positive items (rank percentile far above 0.5), and the claim fails when they are never sampled', { timeout: 180_000 }, async () => {
    const params = { evalUsers: 150, maxExamples: 5000, mfEpochs: 5 };
    const buried = await runScenarioForTest('mf-vs-two-tower', { params });
    expect(claimReplicateProblems(buried)).toEqual([]);
    expect(buried.metrics.mf_cold_item_rank_percentile).toBeGreaterThan(0.8);
    expect(verdictOf(buried, /^MF buries/)).toBe('holds');
    // a random ranking's recall@100 of the cold items: 100 of the ~5,000 candidates
    expect(buried.metrics.chance_recall_at_100_cold_items).toBeGreaterThan(0.015);
    expect(buried.metrics.chance_recall_at_100_cold_items).toBeLessThan(0.025);
    // "stays at chance" is what happens only when the cold items are never drawn as negatives
    const untouched = await runScenarioForTest('mf-vs-two-tower', { params: { ...params, mfNegatives: 'engaged' } });
    expect(Math.abs(untouched.metrics.mf_cold_item_rank_percentile - 0.5)).toBeLessThan(0.1);
    expect(verdictOf(untouched, /^MF buries/)).toBe('fails');
  });

  it('mf-vs-deep: the data-size gap is paired (derived per replicate); the training cost per example is one timing, exact', { timeout: 180_000 }, async () => {
    const r = await runScenarioForTest('mf-vs-deep', { params: { evalUsers: 100, maxExamples: 3000, mfEpochs: 3 } });
    expect(claimReplicateProblems(r, ['train_cost_per_example_ratio'])).toEqual([]);
    expect(r.intervals?.train_cost_per_example_ratio).toBeUndefined();
    expect(r.metrics.dl_gain_all_data).toBeCloseTo(r.metrics.dl_recall_at_100 - r.metrics.mf_recall_at_100, 12);
  });
});
