/**
 * Shared pieces of the ranking experiments: reading knobs, building the ranking data from the world,
 * training the GBDT with progress, evaluating NDCG/AUC per query, timing 500-candidate scoring through the
 * measurement protocol, and the feature-importance and per-prediction explanation tables.
 */
import type { NnRankerOptions } from '../models/nn-ranker/nn-ranker.js';
import { nativeGbdtTrainKernels } from '../ranking/gbdt-train-kernels.js';
import { trainGbdtAsync, ndcgPerQuery, type GbdtModel, type GbdtParams } from '../core/gbdt/index.js';
import { aucRoc } from '../core/metrics/index.js';
import { mean } from '../core/stats.js';
import { measureInterleaved, type Measurement } from '../measure/index.js';
import { BlendedSource, buildRankingDataset, buildRankingIndex, type CandidateSource, type FeatureExtension, type RankingDataset, type RankingIndex } from '../ranking/index.js';
import type { World } from '../data/world-types.js';
import type { ExperimentContext, Series, Table } from './types.js';

export { num } from './param-readers.js';
import { num } from './param-readers.js';

/** One ranking index per world: a pure function of it (buildRankingIndex reads only the world), so built once per process. */
const indexes = new WeakMap<World, RankingIndex>();

export async function rankingIndex(ctx: ExperimentContext, world: World): Promise<RankingIndex> {
  return ctx.stage('ranking index', () => {
    let idx = indexes.get(world);
    if (!idx) indexes.set(world, (idx = buildRankingIndex(world)));
    return idx;
  });
}

/**
 * The default ranking data (blended candidates, no extra features) last drawn from an index, with what it was drawn
 * with: the same seed and request knobs draw the same rows, so a second run on them (a contrast setting that leaves
 * the data alone, another ranking scenario) reads these instead of drawing them again. Experiments only read a dataset.
 */
const defaultData = new WeakMap<RankingIndex, { key: string; ds: RankingDataset }>();

export async function rankingData(ctx: ExperimentContext, idx: RankingIndex, opts: { source?: CandidateSource; extension?: FeatureExtension; stage?: string } = {}): Promise<RankingDataset> {
  const stage = opts.stage ?? 'ranking data';
  const build = () => buildRankingDataset(idx, {
    trainQueries: num(ctx, 'queries'),
    testQueries: num(ctx, 'testQueries'),
    candidates: num(ctx, 'candidates'),
    source: opts.source ?? new BlendedSource(idx),
    extension: opts.extension,
    onProgress: (f) => ctx.progress(stage, f),
  }, ctx.rng('ranking-data'));
  if (opts.source || opts.extension) return ctx.stage(stage, build);
  const key = JSON.stringify([ctx.seed, num(ctx, 'queries'), num(ctx, 'testQueries'), num(ctx, 'candidates')]);
  return ctx.stage(stage, () => {
    const kept = defaultData.get(idx);
    if (kept?.key === key) return kept.ds;
    const ds = build();
    defaultData.set(idx, { key, ds });
    return ds;
  });
}

/** The neural ranker's network and optimiser (DCN cross layers + MLP) from the nnHidden/nnEpochs knobs, one setting for every experiment that trains it; progress under `stage`. */
export function nnRankerOptions(ctx: ExperimentContext, stage: string): NnRankerOptions {
  const hidden = num(ctx, 'nnHidden');
  return {
    hidden: [hidden, Math.max(1, hidden >> 1)],
    crossLayers: 2,
    epochs: num(ctx, 'nnEpochs'),
    batchSize: 512,
    learningRate: 0.003,
    seed: ctx.seed,
    signal: ctx.signal,
    tick: () => ctx.tick(),
    onProgress: (f) => ctx.progress(stage, f),
  };
}

export function gbdtParams(ctx: ExperimentContext, ds: RankingDataset): GbdtParams {
  return {
    objective: 'lambdarank',
    numTrees: num(ctx, 'trees'),
    learningRate: num(ctx, 'shrinkage'),
    numLeaves: num(ctx, 'leaves'),
    maxBin: num(ctx, 'maxBins'),
    minDataInLeaf: num(ctx, 'minDataInLeaf'),
    lambdaL2: 1,
    earlyStoppingRounds: num(ctx, 'earlyStopping'),
    valid: ds.valid.data,
    evalAt: [10],
    seed: ctx.seed,
  };
}

export async function trainRanker(ctx: ExperimentContext, ds: RankingDataset, stage: string, params = gbdtParams(ctx, ds)): Promise<{ model: GbdtModel; trainMs: number }> {
  return ctx.stage(stage, async () => {
    const t0 = performance.now();
    const model = await trainGbdtAsync(ds.train.data, {
      ...params,
      kernels: nativeGbdtTrainKernels() ?? undefined,
      onIteration: (i) => ctx.progress(stage, (i.iteration + 1) / params.numTrees, i.validMetric !== undefined ? `valid ${i.validMetricName} ${i.validMetric.toFixed(4)}` : undefined),
    }, () => ctx.tick());
    return { model, trainMs: performance.now() - t0 };
  });
}

/** The test queries as a bootstrap population: every ranker evaluated on them is paired through this name. */
export const TEST_QUERIES = 'test-queries';

/**
 * Mean NDCG@10 over test queries (and each query's NDCG@10, for replicates over queries) and the pooled AUC
 * of "engaged" (label > 0) against the score.
 */
export function evaluateScores(ds: RankingDataset, scores: ArrayLike<number>): { ndcg: number; auc: number; ndcgPerQuery: Float64Array } {
  const t = ds.test.data;
  const perQuery = ndcgPerQuery(scores, t.labels, t.groups, 10);
  return { ndcg: mean(perQuery), auc: aucRoc(Float32Array.from(t.labels, (l) => (l > 0 ? 1 : 0)), scores), ndcgPerQuery: perQuery };
}

/** 500 candidate rows taken (cyclically) from the test matrix: the request the guide's budget is about. */
export function candidateBatch(ds: RankingDataset, rows = 500): Float32Array {
  const t = ds.test.data;
  const F = t.numFeatures;
  const n = t.labels.length;
  const out = new Float32Array(rows * F);
  for (let r = 0; r < rows; r++) out.set(t.features.subarray((r % n) * F, ((r % n) + 1) * F), r * F);
  return out;
}

/**
 * Wall-clock latency of scoring one request with each ranker, through the measurement protocol: each warmed up
 * until its per-call time settles (a freshly compiled GBDT's first calls run before V8 has optimised them), then
 * at least `samples` calls each, interleaved A B B A so that a slow moment of the machine hits every ranker alike.
 */
export async function timeScoring<K extends string>(ctx: ExperimentContext, scorers: Record<K, () => unknown>, samples: number): Promise<Record<K, Measurement>> {
  return measureInterleaved(scorers, { label: 'score 500 candidates', quantile: 0.99, minSamples: samples, budgetMs: 1000, tick: () => ctx.tick(), signal: ctx.signal });
}

export function importanceTable(model: GbdtModel, names: string[], title = 'GBDT feature importance'): Table {
  const gain = model.featureImportance('gain');
  const split = model.featureImportance('split');
  const total = gain.reduce((s, v) => s + v, 0) || 1;
  const rows = names.map((n, f) => [n, Number((100 * gain[f] / total).toFixed(2)), split[f]] as (string | number)[]);
  rows.sort((a, b) => (b[1] as number) - (a[1] as number));
  return { title, columns: ['feature', 'gain_pct', 'splits'], rows };
}

/**
 * Saabas explanation of the GBDT's top-scored candidate of the first test query: each feature's value
 * and how much it moved the score, largest moves first.
 */
export function explanationTable(model: GbdtModel, ds: RankingDataset, scores: ArrayLike<number>, names: string[], top = 8): Table {
  const t = ds.test.data;
  const n0 = t.groups[0];
  let best = 0;
  for (let r = 1; r < n0; r++) if (scores[r] > scores[best]) best = r;
  const c = model.contributions(t.features, best);
  const F = t.numFeatures;
  const order = Array.from({ length: F }, (_, f) => f).sort((a, b) => Math.abs(c[b]) - Math.abs(c[a])).slice(0, top);
  const rows: (string | number)[][] = order.map((f) => [names[f], fmt(t.features[best * F + f]), Number(c[f].toFixed(4))]);
  rows.push(['(bias: base score + root values)', '', Number(c[F].toFixed(4))]);
  rows.push(['= score', '', Number(c.reduce((s, v) => s + v, 0).toFixed(4))]);
  const u = ds.test.requests[0];
  return {
    title: `Why the GBDT ranked item ${ds.test.items[best]} first for user ${u.user} (label ${t.labels[best]})`,
    columns: ['feature', 'value', 'contribution'],
    rows,
  };
}

function fmt(v: number): string | number {
  return Number.isNaN(v) ? 'missing' : Number(v.toPrecision(4));
}

/** Validation NDCG@10 per boosting round, as a series for a line chart. */
export function validSeries(model: GbdtModel, name: string): Series {
  return { name, x: 'tree', points: model.evalHistory.map((e) => ({ tree: e.iteration + 1, valid_ndcg_at_10: Number(e.value.toFixed(5)) })) };
}
