/**
 * Shared plumbing of the two-tower experiments: knobs from params, training with progress and
 * cancellation, evaluation through exact search (and HNSW), and the baselines (popularity, BPR MF,
 * the ground-truth ceiling), all on the same sampled test users so every number is comparable.
 */
import { UsageError } from '../core/errors.js';
import { summariseLatency } from '../core/stats.js';
import { meanAnnRecallAtK } from '../core/metrics/index.js';
import type { World } from '../data/world-types.js';
import { ceilingVectors, gatherRows, popularityScores } from '../models/eval/baselines.js';
import { buildEvalSet, type EvalSet } from '../models/eval/eval-set.js';
import { retrieveExact, retrieveGlobal, retrieveHnsw } from '../models/eval/retrieve.js';
import { MAX_K, retrievalMetrics } from '../models/eval/retrieval-metrics.js';
import { bprRetrievalVectors, trainBpr, type BprModel } from '../models/mf/bpr.js';
import { trainTwoTower } from '../models/two-tower/train.js';
import { getOrTrainTwoTower } from '../models/two-tower/cached.js';
import { getOrBuildHnsw } from '../retrieval/index.js';
import type { TwoTowerModel, TwoTowerOptions } from '../models/two-tower/types.js';
import { recordTwoTowerEngine } from './two-tower-engine.js';
import type { ExperimentContext } from './types.js';

export type Metrics = Record<string, number>;

export { num, str, bool } from './param-readers.js';
import { bool, num, str } from './param-readers.js';
import { logCacheProblems } from '../data/cache.js';

/** TwoTowerOptions from the shared params (dim, hidden, negatives, logQ, …); seed from the run. */
export function twoTowerOptions(ctx: ExperimentContext): TwoTowerOptions {
  const hidden = num(ctx, 'hidden', 64);
  return {
    dim: num(ctx, 'dim', 32),
    hidden: hidden > 0 ? [hidden] : [],
    negatives: str(ctx, 'negatives', 'in-batch') as TwoTowerOptions['negatives'],
    numNegatives: num(ctx, 'numNegatives', 64),
    logQ: str(ctx, 'logQ', 'correct') as TwoTowerOptions['logQ'],
    temperature: num(ctx, 'temperature', 0.05),
    batchSize: num(ctx, 'batchSize', 256),
    epochs: num(ctx, 'epochs', 1),
    learningRate: num(ctx, 'learningRate', 0.003),
    seed: ctx.seed,
    engine: str(ctx, 'engine', 'auto') as TwoTowerOptions['engine'],
    frequency: str(ctx, 'frequency', 'exact') as TwoTowerOptions['frequency'],
    maxExamples: ctx.params.maxExamples === undefined || num(ctx, 'maxExamples', 0) <= 0 ? undefined : num(ctx, 'maxExamples', 0),
    signal: ctx.signal,
  };
}

/**
 * Train inside a named stage with progress events; records the tfjs backend and the engine. At full
 * scale (or with the `cache` param) the embeddings come from / go to the artefact cache, so a rerun of
 * a 1M-item scenario skips training; such a model has embeddings only (no encodeUser).
 */
export async function trainStage(ctx: ExperimentContext, world: World, o: TwoTowerOptions, stage: string, cacheable = true): Promise<TwoTowerModel> {
  return ctx.stage(stage, async () => {
    const opts: TwoTowerOptions = {
      ...o,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(stage, p.step / p.totalSteps, `loss ${p.loss.toFixed(3)}, ${Math.round(p.examplesPerSecond).toLocaleString('en-US')} examples/s`),
    };
    const useCache = cacheable && bool(ctx, 'cache', ctx.scale === 'full');
    const m = useCache ? (await getOrTrainTwoTower(world, opts, { onEvent: (e) => ctx.log(`two-tower cache: ${e.type} ${e.key}`) })).model : await trainTwoTower(world, opts);
    recordTwoTowerEngine(ctx, m.stats);
    return m;
  });
}

export function evalSet(ctx: ExperimentContext, world: World): EvalSet {
  return buildEvalSet(world, num(ctx, 'evalUsers', 1000), ctx.rng('eval-users'));
}

/** Exact-search metrics of a two-tower model (and, when asked, HNSW metrics prefixed hnsw_ with the recall lost). */
export async function evaluateTwoTower(ctx: ExperimentContext, set: EvalSet, m: TwoTowerModel, hnsw: boolean, prefix = ''): Promise<Metrics> {
  const items = m.itemEmbeddings();
  const queries = gatherRows(m.userEmbeddings(), set.users, m.dim);
  const exact = await ctx.stage('exact search', () => retrieveExact(set, queries, items, m.dim, MAX_K));
  const out: Metrics = retrievalMetrics(set, exact, MAX_K, prefix);
  if (!hnsw) return out;
  const prebuilt = bool(ctx, 'cache', ctx.scale === 'full')
    ? (await ctx.stage('hnsw build (cached)', () => getOrBuildHnsw({
        options: { dim: m.dim, metric: 'ip', maxElements: items.length / m.dim, M: 16, efConstruction: 100, seed: ctx.seed },
        vectors: items, shards: 1, source: { from: 'two-tower-embeddings', scale: ctx.scale, seed: ctx.seed },
        onTick: () => ctx.tick(), signal: ctx.signal, onEvent: logCacheProblems((m) => ctx.log(m)),
        onProgress: (f) => ctx.progress('hnsw build (cached)', f),
      }))).index
    : undefined;
  const h = await ctx.stage('hnsw search', () => retrieveHnsw(set, queries, items, m.dim, MAX_K, { ef: 100, index: prebuilt }));
  Object.assign(out, retrievalMetrics(set, h.lists, MAX_K, `${prefix}hnsw_`));
  out[`${prefix}hnsw_overlap_at_100`] = meanAnnRecallAtK(h.lists, exact, MAX_K, 100);
  out[`${prefix}recall_at_100_lost_to_ann`] = out[`${prefix}recall_at_100`] - out[`${prefix}hnsw_recall_at_100`];
  out[`${prefix}hnsw_p99_ms`] = summariseLatency(h.queryMs).p99_ms;
  out[`${prefix}hnsw_build_seconds`] = h.buildMs / 1000;
  return out;
}

export function evaluatePopularity(set: EvalSet, prefix = 'popularity_'): Metrics {
  return retrievalMetrics(set, retrieveGlobal(set, popularityScores(set), MAX_K), MAX_K, prefix);
}

export async function evaluateCeiling(ctx: ExperimentContext, world: World, set: EvalSet, prefix = 'ceiling_'): Promise<Metrics> {
  const c = ceilingVectors(world, set.users);
  return retrievalMetrics(set, await retrieveExact(set, c.queries, c.items, c.dim, MAX_K), MAX_K, prefix);
}

export async function trainBprStage(ctx: ExperimentContext, world: World, dim: number, epochs: number): Promise<BprModel> {
  return ctx.stage('train mf (bpr)', () => trainBpr(world, {
    dim, epochs, learningRate: 0.1, regularization: 0.001, seed: ctx.seed, signal: ctx.signal,
    onProgress: (f) => ctx.progress('train mf (bpr)', f),
  }));
}

export async function evaluateBpr(ctx: ExperimentContext, set: EvalSet, m: BprModel, prefix = 'mf_'): Promise<Metrics> {
  const v = bprRetrievalVectors(m);
  return retrievalMetrics(set, await retrieveExact(set, gatherRows(v.users, set.users, v.dim), v.items, v.dim, MAX_K), MAX_K, prefix);
}

/** Only the named metrics, renamed with a prefix — keeps run results readable. */
export function pick(m: Metrics, names: string[], prefix = ''): Metrics {
  const out: Metrics = {};
  for (const n of names) if (m[n] !== undefined) out[`${prefix}${n}`] = m[n];
  return out;
}

export const CORE_METRICS = [
  'recall_at_10', 'recall_at_50', 'recall_at_100', 'recall_at_500', 'ndcg_at_10',
  'recall_at_100_warm_users', 'recall_at_100_new_users', 'recall_at_100_tail_items', 'recall_at_100_cold_items',
  'head_share_at_10', 'mean_log_popularity_at_10',
];

/**
 * A view of the world whose train split keeps a seeded random `fraction` of the train engagements
 * (the test split is untouched), for "how does each model do with less data?". O(interactions).
 */
export function subsampleTrain(world: World, fraction: number, rng: import('../core/rng.js').Rng): World {
  if (!(fraction > 0 && fraction <= 1)) throw new UsageError(`subsampleTrain: fraction must be in (0, 1], got ${fraction}`);
  if (fraction === 1) return world;
  const I = world.interactions;
  const keep: number[] = [];
  for (let k = 0; k < I.count; k++) if (k >= world.split.trainCount || rng.next() < fraction) keep.push(k);
  const pickArr = <T extends Int32Array | Float32Array | Uint8Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(keep.length);
    keep.forEach((k, j) => (out[j] = a[k]));
    return out;
  };
  const trainCount = keep.filter((k) => k < world.split.trainCount).length;
  return {
    ...world,
    interactions: { count: keep.length, user: pickArr(I.user), item: pickArr(I.item), time: pickArr(I.time), position: pickArr(I.position), label: pickArr(I.label) },
    split: { trainEndDay: world.split.trainEndDay, trainCount },
  };
}

/** Parameters of MF (user and item factors, item bias) and of the two-tower model (tables + towers). */
export function parameterCounts(world: World, mfDim: number, o: TwoTowerOptions): { mf: number; twoTower: number } {
  const c = world.config;
  const tableRows = c.numUsers + c.numItems + c.numAgeBands + c.numCountries + c.numDevices + c.numCategories
    + c.numTopCategories + c.numBrands + 16 + c.numTags;
  const sizes = [o.dim, ...o.hidden, o.dim];
  let dense = 0;
  for (let l = 0; l + 1 < sizes.length; l++) dense += sizes[l] * sizes[l + 1] + sizes[l + 1];
  return { mf: (c.numUsers + c.numItems) * mfDim + c.numItems, twoTower: tableRows * o.dim + 2 * dense };
}
