/**
 * Multi-objective ranking on outcomes that disagree: a clickbait cohort earns clicks and loses dwell. Single-task
 * networks (one per label), a shared-bottom network and an MMoE network (three heads each) and three GBDTs on the same
 * labels; per-task AUC, NDCG on realised dwell, and what each model's top 10 earns under the true outcome model when
 * the final score is the weighted product P(click) · dwell^α · P(purchase)^β. The trade-off curve moves α.
 */
import { aucReplicates, aucRoc } from '../core/metrics/index.js';
import { meanOfDefined } from '../core/stats.js';
import { loadOutcomes } from '../data/outcomes.js';
import { trainMultiTaskRanker, type MultiTaskRanker, type Task, type Trunk } from '../models/nn-ranker/multi-task.js';
import { outcomeFeatures, outcomeLabels } from '../ranking/outcome-labels.js';
import { blendScores, topOutcomes, trainGbdtHeads, type Heads } from './multi-task-common.js';
import { num } from './param-readers.js';
import { rankingData, rankingIndex, TEST_QUERIES } from './ranker-common.js';
import type { Experiment, ExperimentContext, Series, Table } from './types.js';

const MODELS = ['single', 'shared', 'mmoe', 'gbdt'] as const;
const CURVE = [0, 0.25, 0.5, 1, 2, 4];

export const experiment: Experiment = {
  id: 'multi-task-ranking',
  description: 'Click, dwell and purchase heads: single-task networks vs shared-bottom vs MMoE vs GBDT; per-task AUC, dwell NDCG, clicks against dwell as the head weights move, clickbait exposure',
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const outcomes = await ctx.stage('outcomes', () => loadOutcomes(world, {
      clickbaitShare: num(ctx, 'clickbaitShare'), clickbaitLift: num(ctx, 'clickbaitLift'), clickbaitPenalty: num(ctx, 'clickbaitPenalty'),
    }));
    const idx = await rankingIndex(ctx, world);
    // features from engagements before the training requests begin (they start at 2/3 of the train period)
    const ds = await rankingData(ctx, idx, { extension: outcomeFeatures(world, outcomes, world.split.trainEndDay * (2 / 3)) });
    const rng = ctx.rng('outcome-labels');
    const train = { split: ds.train, labels: outcomeLabels(world, outcomes, ds.train, rng.fork('train')) };
    const valid = { split: ds.valid, labels: outcomeLabels(world, outcomes, ds.valid, rng.fork('valid')) };
    const test = { split: ds.test, labels: outcomeLabels(world, outcomes, ds.test, rng.fork('test')) };
    const nTest = test.labels.click.length;
    const X = ds.test.data.features;

    const nn = (trunk: Trunk, w: Record<Task, number>, stage: string) => ctx.stage(stage, () => trainMultiTaskRanker(
      { features: ds.train.data.features, numFeatures: ds.train.data.numFeatures, click: train.labels.click, logDwell: train.labels.logDwell, purchase: train.labels.purchase },
      {
        trunk, hidden: num(ctx, 'mtHidden'), experts: num(ctx, 'experts'), towerHidden: Math.max(4, num(ctx, 'mtHidden') >> 1), lossWeights: w,
        epochs: num(ctx, 'mtEpochs'), batchSize: 512, learningRate: 0.003, seed: ctx.seed, signal: ctx.signal, tick: () => ctx.tick(),
        onProgress: (f) => ctx.progress(stage, f),
      },
    ));
    const trained: MultiTaskRanker[] = [];
    const keep = async (p: Promise<MultiTaskRanker>) => { const m = await p; trained.push(m); return m.predict(X, nTest); };
    const sc = await keep(nn('shared-bottom', { click: 1, dwell: 0, purchase: 0 }, 'train single-task click'));
    const sd = await keep(nn('shared-bottom', { click: 0, dwell: 1, purchase: 0 }, 'train single-task dwell'));
    const sp = await keep(nn('shared-bottom', { click: 0, dwell: 0, purchase: 1 }, 'train single-task purchase'));
    const all = { click: 1, dwell: num(ctx, 'dwellLossWeight'), purchase: 1 };
    const heads: Record<(typeof MODELS)[number], Heads> = {
      single: { clickLogit: sc.clickLogit, logDwell: sd.logDwell, purchaseLogit: sp.purchaseLogit },
      shared: await keep(nn('shared-bottom', all, 'train shared-bottom')),
      mmoe: await keep(nn('mmoe', all, 'train mmoe')),
      gbdt: (await trainGbdtHeads(ctx, train, valid)).heads(X, nTest),
    };
    ctx.setEnvironment('tfjsBackend', trained[0].backend);
    const trainS = trained.map((m) => m.trainMs / 1000);
    for (const m of trained) m.dispose();

    const alpha = num(ctx, 'dwellWeight');
    const beta = num(ctx, 'purchaseWeight');
    const boot = ctx.bootstrap;
    const metrics: Record<string, number> = {};
    const replicates: Record<string, ArrayLike<number>> = {};
    const put = (name: string, perQuery: Float64Array) => {
      metrics[name] = meanOfDefined(perQuery);
      replicates[name] = boot.mean(TEST_QUERIES, perQuery);
    };
    const rows: (string | number)[][] = [];
    for (const m of MODELS) {
      const h = heads[m];
      metrics[`${m}_click_auc`] = aucRoc(test.labels.click, h.clickLogit);
      replicates[`${m}_click_auc`] = aucReplicates(boot, 'test-rows', test.labels.click, h.clickLogit);
      metrics[`${m}_purchase_auc`] = aucRoc(test.labels.purchase, h.purchaseLogit);
      replicates[`${m}_purchase_auc`] = aucReplicates(boot, 'test-rows', test.labels.purchase, h.purchaseLogit);
      const top = topOutcomes(test.split, test.labels, outcomes, blendScores(h, alpha, beta));
      put(`${m}_clicks_at_10`, top.clicks);
      put(`${m}_dwell_at_10`, top.dwell);
      put(`${m}_clickbait_at_10`, top.clickbait);
      put(`${m}_dwell_ndcg_at_10`, top.dwellNdcg);
      rows.push([m, r4(metrics[`${m}_click_auc`]), r4(metrics[`${m}_purchase_auc`]), r4(metrics[`${m}_dwell_ndcg_at_10`]), r3(metrics[`${m}_clicks_at_10`]), r1(metrics[`${m}_dwell_at_10`]), r3(metrics[`${m}_clickbait_at_10`])]);
    }
    // the same MMoE ranked by its click head alone: what the dwell and purchase weights buy and cost
    const clickOnly = topOutcomes(test.split, test.labels, outcomes, blendScores(heads.mmoe, 0, 0));
    put('click_only_clicks_at_10', clickOnly.clicks);
    put('click_only_dwell_at_10', clickOnly.dwell);
    put('click_only_clickbait_at_10', clickOnly.clickbait);
    const oracle = topOutcomes(test.split, test.labels, outcomes, test.labels.trueDwell);
    put('oracle_dwell_at_10', oracle.dwell);
    cohortRates(metrics, test.labels, outcomes.clickbait, test.split.items);
    const curve: Series = {
      name: 'mmoe-tradeoff',
      x: 'dwellWeight',
      points: CURVE.map((a) => {
        const t = topOutcomes(test.split, test.labels, outcomes, blendScores(heads.mmoe, a, beta));
        return { dwellWeight: a, clicks_at_10: r3(meanOfDefined(t.clicks)), dwell_at_10: r1(meanOfDefined(t.dwell)), clickbait_at_10: r3(meanOfDefined(t.clickbait)) };
      }),
    };
    metrics.test_rows = nTest;
    metrics.test_queries = test.split.data.groups.length;
    const table: Table = {
      title: `Per-task quality and what the top 10 earns (score = P(click) · dwell^${alpha} · P(purchase)^${beta})`,
      columns: ['model', 'click_auc', 'purchase_auc', 'dwell_ndcg_at_10', 'clicks_at_10', 'dwell_s_at_10', 'clickbait_at_10'],
      rows,
    };
    return {
      metrics,
      replicates,
      series: [curve],
      tables: [table],
      notes: notes(ctx, trainS, trained[0].backend, test.labels, nTest),
    };
  },
};

/** True click rate and dwell per click of the clickbait cohort and of the rest, over the test rows (exact: the world's truth). */
function cohortRates(metrics: Record<string, number>, l: { trueClick: Float64Array; trueDwell: Float64Array }, clickbait: Uint8Array, items: Int32Array): void {
  const s = [0, 0];
  const c = [0, 0];
  const d = [0, 0];
  for (let r = 0; r < items.length; r++) {
    const g = clickbait[items[r]];
    s[g] += l.trueClick[r];
    d[g] += l.trueDwell[r];
    c[g]++;
  }
  metrics.clickbait_click_rate = c[1] ? s[1] / c[1] : Number.NaN;
  metrics.other_click_rate = s[0] / c[0];
  metrics.clickbait_dwell_per_click = s[1] ? d[1] / s[1] : Number.NaN;
  metrics.other_dwell_per_click = d[0] / s[0];
}

function notes(ctx: ExperimentContext, trainS: number[], backend: string, l: { click: Float32Array; purchase: Float32Array; dwell: Float32Array }, n: number): string[] {
  let clicks = 0;
  let buys = 0;
  const dw: number[] = [];
  for (let r = 0; r < n; r++) {
    clicks += l.click[r];
    buys += l.purchase[r];
    if (l.click[r]) dw.push(l.dwell[r]);
  }
  dw.sort((a, b) => a - b);
  const meanDwell = dw.reduce((s, v) => s + v, 0) / Math.max(1, dw.length);
  return [
    `Test rows: ${n}, clicked ${clicks} (${((100 * clicks) / n).toFixed(1)}%), purchased ${buys}; dwell per click has median ${dw[dw.length >> 1]?.toFixed(0)} s and mean ${meanDwell.toFixed(0)} s (log-normal: a heavy right tail).`,
    `Networks (${backend}): single-task click, dwell and purchase, shared-bottom, MMoE with ${num(ctx, 'experts')} experts; training seconds ${trainS.map((s) => s.toFixed(1)).join(', ')} (one run each).`,
    'clicks_at_10 and dwell_at_10 are expected values under the true outcome model for the 10 rows a model ranks first (no label noise); AUCs and dwell NDCG are on the drawn test labels.',
  ];
}

const r1 = (v: number) => Number(v.toFixed(1));
const r3 = (v: number) => Number(v.toFixed(3));
const r4 = (v: number) => Number(v.toFixed(4));
