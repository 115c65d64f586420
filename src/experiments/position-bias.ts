/**
 * Position bias: a naive click model trained on a log where the policy's own top slots get examined more, against
 * inverse propensity weighting (clicks weighted 1 / p_k, with the true and with estimated propensities) and against
 * a position feature set to slot 0 at serving. Every model ranks all candidates of later requests; NDCG@10 uses the
 * true relevance (the world's click probability in the top slot) as gain. Propensities are estimated from the
 * randomised share of the log and compared with the true p_k.
 */
import { trainGbdtAsync, type GbdtData, type GbdtModel } from '../core/gbdt/index.js';
import { ndcgAtK } from '../core/metrics/index.js';
import { estimatePropensities, ipwTargets, powerLawPropensities } from '../core/position-bias/index.js';
import { mean } from '../core/stats.js';
import { clickProbability } from '../data/choice-model.js';
import { gbdtScorer } from '../ranking/gbdt-scorer.js';
import { nativeGbdtTrainKernels } from '../ranking/gbdt-train-kernels.js';
import { num } from './param-readers.js';
import { simulateClickLog, withPosition, type ClickLog } from './position-bias-log.js';
import { rankingData, rankingIndex, TEST_QUERIES } from './ranker-common.js';
import type { Experiment, ExperimentContext, Table } from './types.js';

const RANDOM_REQUESTS = 'randomised-requests';
const MIN_PROPENSITY = 0.01;

export const experiment: Experiment = {
  id: 'position-bias',
  description: 'Clicks logged under position bias: naive model vs inverse propensity weighting (true and estimated propensities) vs a position feature fixed at serving; propensities estimated by result randomisation',
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const idx = await rankingIndex(ctx, world);
    const ds = await rankingData(ctx, idx);
    const slots = num(ctx, 'slots');
    const truth = powerLawPropensities(slots, num(ctx, 'biasStrength'));
    const opts = { slots, propensities: truth, randomShare: num(ctx, 'randomShare'), loggingNoise: num(ctx, 'loggingNoise'), policyPriceBias: num(ctx, 'policyPriceBias') };
    const rng = ctx.rng('click-log');
    const log = await ctx.stage('click log', () => simulateClickLog(world, ds.train, opts, rng.fork('train')));
    const validLog = simulateClickLog(world, ds.valid, opts, rng.fork('valid'));
    const estimated = estimatePropensities(sub(log.click, log.randomised), sub(log.position, log.randomised), slots);

    const F = log.numFeatures;
    const data = (l: ClickLog, labels: ArrayLike<number>, features = l.features, nf = F): GbdtData => ({ features, numFeatures: nf, labels: Float32Array.from(labels) });
    const fit = (stage: string, objective: 'binary' | 'regression', tr: GbdtData, va: GbdtData) => trainGbdt(ctx, stage, objective, tr, va);
    const naive = await fit('train naive', 'binary', data(log, log.click), data(validLog, validLog.click));
    const ipw = await fit('train ipw (true propensities)', 'binary', weighted(data(log, log.click), log, truth), weighted(data(validLog, validLog.click), validLog, truth));
    // a slot whose estimate came out 0 (no clicks in a small randomised sample) would weight its clicks infinitely
    const usable = estimated.map((p) => Math.max(p, MIN_PROPENSITY));
    const ipwEst = await fit('train ipw (estimated propensities)', 'binary', weighted(data(log, log.click), log, usable), weighted(data(validLog, validLog.click), validLog, usable));
    const withPos = await fit('train with position feature', 'binary', data(log, log.click, withPosition(log.features, F, log.position), F + 1), data(validLog, validLog.click, withPosition(validLog.features, F, validLog.position), F + 1));

    // evaluation: every candidate of each test request, gain = true relevance
    const t = ds.test;
    const nTest = t.items.length;
    const relevance = new Float64Array(nTest);
    let row = 0;
    t.data.groups.forEach((n, q) => {
      for (let j = 0; j < n; j++, row++) relevance[row] = clickProbability(world, t.requests[q].user, t.items[row], 0, Math.floor(t.requests[q].time));
    });
    const X = t.data.features;
    const scores = {
      // the serving scorer: the same doubles as predictRaw (test/ranking/gbdt-native.test.ts), without compiling the trees
      naive: gbdtScorer(naive).score(X, nTest),
      ipw: gbdtScorer(ipw).score(X, nTest),
      ipw_estimated: gbdtScorer(ipwEst).score(X, nTest),
      position_feature: gbdtScorer(withPos).score(withPosition(X, F, null, 0), nTest),
      retrieval: Float64Array.from({ length: nTest }, (_, r) => -X[r * F + 1]),
    };
    const metrics: Record<string, number> = {};
    const replicates: Record<string, ArrayLike<number>> = {};
    for (const [name, s] of Object.entries(scores)) {
      const perQuery = ndcgPerQueryLinear(relevance, s, t.data.groups, 10);
      metrics[`${name}_ndcg_at_10`] = mean(perQuery);
      replicates[`${name}_ndcg_at_10`] = ctx.bootstrap.mean(TEST_QUERIES, perQuery);
    }
    metrics.propensity_mean_error = mean(Array.from(truth, (p, k) => Math.abs(estimated[k] - p)));
    replicates.propensity_mean_error = propensityErrorReplicates(ctx, log, truth, slots);
    metrics.randomised_requests = log.randomRequests;
    metrics.logged_rows = log.click.length;
    metrics.logged_ctr = mean(log.click);
    const ctrBySlot = slotRates(log.click, log.position, slots);
    const table: Table = {
      title: 'Propensities: true, estimated from randomised requests, and the logged click rate per slot',
      columns: ['slot', 'true_p', 'estimated_p', 'logged_ctr'],
      rows: Array.from(truth, (p, k) => [k + 1, r3(p), r3(estimated[k]), r3(ctrBySlot[k])]),
    };
    const models: Table = {
      title: 'NDCG@10 against true relevance, ranking every candidate of the test requests',
      columns: ['model', 'ndcg_at_10'],
      rows: Object.keys(scores).map((name) => [name, r4(metrics[`${name}_ndcg_at_10`])]),
    };
    return {
      metrics,
      replicates,
      tables: [models, table],
      series: [{ name: 'propensities', x: 'slot', points: Array.from(truth, (p, k) => ({ slot: k + 1, true_p: r3(p), estimated_p: r3(estimated[k]) })) }],
      notes: [
        `Log: ${log.click.length} impressions in ${ds.train.data.groups.length} requests (${log.randomRequests} shown in random order), ${slots} slots each, click rate ${(100 * metrics.logged_ctr).toFixed(1)}%.`,
        'IPW weights each click by 1 / p_k (a click in a slot few examine stands for the clicks the slot hid); the position-feature model learns the slot as a feature and is served with every candidate in slot 1.',
        `Candidates the policy never showed are not in the log at all: no weighting corrects for that (selection bias, not position bias). Trees kept: naive ${naive.numTrees}, ipw ${ipw.numTrees}, ipw (estimated) ${ipwEst.numTrees}, position feature ${withPos.numTrees}.`,
      ],
    };
  },
};

/** IPW for a pointwise click model: each click weighted 1 / p_k (it stands for the 1/p_k − 1 clicks the slot hid), non-clicks 1. */
function weighted(d: GbdtData, l: ClickLog, propensities: ArrayLike<number>): GbdtData {
  const w = ipwTargets(l.click, l.position, propensities);
  return { ...d, weights: Float32Array.from(w, (v, i) => (l.click[i] > 0 ? v : 1)) };
}

async function trainGbdt(ctx: ExperimentContext, stage: string, objective: 'binary' | 'regression', train: GbdtData, valid: GbdtData): Promise<GbdtModel> {
  const numTrees = num(ctx, 'trees');
  return ctx.stage(stage, () => trainGbdtAsync(train, {
    objective, numTrees, learningRate: num(ctx, 'shrinkage'), numLeaves: num(ctx, 'leaves'), maxBin: num(ctx, 'maxBins'),
    minDataInLeaf: num(ctx, 'minDataInLeaf'), lambdaL2: 1, earlyStoppingRounds: num(ctx, 'earlyStopping'), valid, seed: ctx.seed,
    // the compiled training kernels grow the same trees bit for bit (test/ranking/gbdt-train-native.test.ts), faster
    kernels: nativeGbdtTrainKernels() ?? undefined,
    onIteration: (i) => ctx.progress(stage, (i.iteration + 1) / numTrees),
  }, () => ctx.tick()));
}

function sub<T extends Float32Array | Int32Array>(a: T, keep: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (keep[i]) out.push(a[i]);
  return out;
}

function slotRates(click: Float32Array, position: Int32Array, slots: number): Float64Array {
  const c = new Float64Array(slots);
  const n = new Float64Array(slots);
  for (let i = 0; i < click.length; i++) {
    c[position[i]] += click[i];
    n[position[i]]++;
  }
  return c.map((v, k) => v / n[k]);
}

/** Mean |p̂_k − p_k| over slots, on resampled randomised requests (a resample without a click in slot 1 is NaN: skipped). */
function propensityErrorReplicates(ctx: ExperimentContext, log: ClickLog, truth: Float64Array, slots: number): Float64Array {
  const R = log.randomRequests;
  const shown = new Float64Array(R * slots);
  const clicked = new Float64Array(R * slots);
  for (let i = 0; i < log.click.length; i++) {
    const q = log.randomRequest[i];
    if (q < 0) continue;
    shown[q * slots + log.position[i]]++;
    clicked[q * slots + log.position[i]] += log.click[i];
  }
  const s = new Float64Array(slots);
  const c = new Float64Array(slots);
  return ctx.bootstrap.statistic(RANDOM_REQUESTS, R, (idx) => {
    s.fill(0);
    c.fill(0);
    for (const q of idx) for (let k = 0; k < slots; k++) {
      s[k] += shown[q * slots + k];
      c[k] += clicked[q * slots + k];
    }
    if (!(c[0] > 0)) return Number.NaN;
    let err = 0;
    for (let k = 0; k < slots; k++) err += Math.abs(c[k] / s[k] / (c[0] / s[0]) - truth[k]);
    return err / slots;
  });
}

/** NDCG@k per query with the relevance as a linear gain. */
function ndcgPerQueryLinear(relevance: Float64Array, scores: ArrayLike<number>, groups: Int32Array, k: number): Float64Array {
  const out = new Float64Array(groups.length);
  let start = 0;
  groups.forEach((n, q) => {
    out[q] = ndcgAtK(relevance.subarray(start, start + n), Array.prototype.slice.call(scores, start, start + n) as number[], k, { gain: 'linear' });
    start += n;
  });
  return out;
}

const r3 = (v: number) => Number(v.toFixed(3));
const r4 = (v: number) => Number(v.toFixed(4));
