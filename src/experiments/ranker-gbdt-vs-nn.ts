/**
 * GBDT (our LightGBM-style lambdarank) against a neural ranker (DCN cross layers + MLP, tfjs) on the
 * same candidates, features and graded labels from the world: NDCG@10, AUC, training time, and the
 * latency of scoring one request's 500 candidates. Also: the retrieval order and the choice-model
 * oracle as floor and ceiling, feature importance, and one prediction explained.
 */
import { trainNnRanker } from '../models/nn-ranker/nn-ranker.js';
import { gbdtScorer } from '../ranking/gbdt-scorer.js';
import { candidateBatch, evaluateScores, explanationTable, importanceTable, nnRankerOptions, num, rankingData, rankingIndex, TEST_QUERIES, timeScoring, trainRanker, validSeries } from './ranker-common.js';
import type { Experiment, Table } from './types.js';

export const experiment: Experiment = {
  id: 'ranker-gbdt-vs-nn',
  description: 'LightGBM-style GBDT vs a DCN/MLP ranker on world ranking data: NDCG@10, AUC, training time, 500-candidate scoring latency, feature importance',
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const idx = await rankingIndex(ctx, world);
    const ds = await rankingData(ctx, idx);
    const test = ds.test.data;
    const nTest = test.labels.length;

    const { model, trainMs } = await trainRanker(ctx, ds, 'train gbdt');
    const gbdtScores = model.predictRaw(test.features, nTest);
    const gbdt = evaluateScores(ds, gbdtScores);

    const nn = await ctx.stage('train nn', () => trainNnRanker(ds.train.data, nnRankerOptions(ctx, 'train nn')));
    ctx.setEnvironment('tfjsBackend', nn.backend);
    const nnScores = nn.predict(test.features, nTest);
    const nnEval = evaluateScores(ds, nnScores);
    const retrieval = evaluateScores(ds, Float32Array.from({ length: nTest }, (_, r) => test.features[r * test.numFeatures]));
    const oracle = evaluateScores(ds, ds.test.expectedGain);

    const batch = candidateBatch(ds, 500);
    const scorer = gbdtScorer(model);
    ctx.setEnvironment('gbdtEngine', scorer.engine);
    const timed = await ctx.stage('time scoring', () =>
      timeScoring(ctx, { gbdt: () => scorer.score(batch, 500), nn: () => nn.predict(batch, 500) }, num(ctx, 'latencyRepeats')),
    );
    nn.dispose();
    const gbdtLatency = timed.gbdt.summary;
    const nnLatency = timed.nn.summary;
    const boot = ctx.bootstrap;
    const gbdtNdcg = boot.mean(TEST_QUERIES, gbdt.ndcgPerQuery);
    const nnNdcg = boot.mean(TEST_QUERIES, nnEval.ndcgPerQuery);

    const comparison: Table = {
      title: 'GBDT against the neural ranker',
      columns: ['ranker', 'ndcg_at_10', 'auc', 'train_s', 'p50_ms (500 cands)', 'p99_ms (500 cands)'],
      rows: [
        ['retrieval order (floor)', r4(retrieval.ndcg), r4(retrieval.auc), '', '', ''],
        [`GBDT lambdarank (${model.numTrees} trees)`, r4(gbdt.ndcg), r4(gbdt.auc), r2(trainMs / 1000), r3(gbdtLatency.p50_ms), r3(gbdtLatency.p99_ms)],
        [`DCN + MLP (${nn.backend})`, r4(nnEval.ndcg), r4(nnEval.auc), r2(nn.trainMs / 1000), r3(nnLatency.p50_ms), r3(nnLatency.p99_ms)],
        ['choice-model oracle (ceiling)', r4(oracle.ndcg), r4(oracle.auc), '', '', ''],
      ],
    };
    return {
      metrics: {
        gbdt_ndcg_at_10: gbdt.ndcg,
        nn_ndcg_at_10: nnEval.ndcg,
        retrieval_ndcg_at_10: retrieval.ndcg,
        oracle_ndcg_at_10: oracle.ndcg,
        gbdt_auc: gbdt.auc,
        nn_auc: nnEval.auc,
        gbdt_train_ms: trainMs,
        nn_train_ms: nn.trainMs,
        train_speedup: nn.trainMs / trainMs,
        gbdt_trees_used: model.numTrees,
        gbdt_p50_ms: gbdtLatency.p50_ms,
        gbdt_p99_ms: gbdtLatency.p99_ms,
        nn_p50_ms: nnLatency.p50_ms,
        nn_p99_ms: nnLatency.p99_ms,
        train_rows: ds.train.data.labels.length,
        num_features: ds.featureNames.length,
        test_queries: ds.test.data.groups.length,
      },
      replicates: {
        gbdt_ndcg_at_10: gbdtNdcg,
        nn_ndcg_at_10: nnNdcg,
        retrieval_ndcg_at_10: boot.mean(TEST_QUERIES, retrieval.ndcgPerQuery),
        oracle_ndcg_at_10: boot.mean(TEST_QUERIES, oracle.ndcgPerQuery),
        // the two rankers' calls were interleaved in equal numbers: their resamples are paired
        gbdt_p50_ms: boot.quantile(timed.gbdt.samples, 0.5, 'scoring-calls'),
        gbdt_p99_ms: boot.quantile(timed.gbdt.samples, 0.99, 'scoring-calls'),
        nn_p50_ms: boot.quantile(timed.nn.samples, 0.5, 'scoring-calls'),
        nn_p99_ms: boot.quantile(timed.nn.samples, 0.99, 'scoring-calls'),
      },
      series: [validSeries(model, 'gbdt-valid')],
      latency: { 'gbdt score 500 candidates': gbdtLatency, 'nn score 500 candidates': nnLatency },
      tables: [comparison, importanceTable(model, ds.featureNames), explanationTable(model, ds, gbdtScores, ds.featureNames)],
      notes: [
        `Candidates: ${ds.source}; labels drawn from the world's choice model as if each candidate were shown in the top slot (0 none, 1 click, 2 long view, 3 purchase).`,
        `${ds.train.data.labels.length} training rows in ${ds.train.data.groups.length} queries, ${ds.featureNames.length} features; early stopping on ${ds.valid.data.groups.length} later validation queries kept ${model.numTrees} trees.`,
        `NN backend: ${nn.backend}. Scoring times are wall clock in this process, including the NN's tensor creation and read-back; ` +
          `each ranker was warmed up (${timed.gbdt.warmupCalls} and ${timed.nn.warmupCalls} untimed calls) and timed on ${gbdtLatency.n} interleaved calls.`,
        `Training times are one run each (a stage's wall time, not a distribution): train_speedup is decided by its point value.`,
      ],
    };
  },
};

const r2 = (v: number) => Number(v.toFixed(2));
const r3 = (v: number) => Number(v.toFixed(3));
const r4 = (v: number) => Number(v.toFixed(4));
