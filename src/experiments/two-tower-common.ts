/**
 * Shared plumbing of the two-tower experiments: knobs from params, training with progress and
 * cancellation, evaluation through exact search (and HNSW), and the baselines (popularity, BPR MF,
 * the ground-truth ceiling), all on the same sampled test users so every number is comparable — and,
 * beside each mean over users, the per-user values a paired bootstrap resamples (population EVAL_USERS).
 */
import { UsageError } from '../core/errors.js';
import type { LatencySummary } from '../core/stats.js';
import { annRecallAtK } from '../core/metrics/index.js';
import type { World } from '../data/world-types.js';
import { ceilingVectors, gatherRows, popularityScores } from '../models/eval/baselines.js';
import { buildEvalSet, type EvalSet } from '../models/eval/eval-set.js';
import { probeRankPercentile } from '../models/eval/probe-rank.js';
import { hnswQueryEf, hnswQueryK, retrieveExact, retrieveGlobal, retrieveHnsw } from '../models/eval/retrieve.js';
import { MAX_K, retrievalEvaluation } from '../models/eval/retrieval-metrics.js';
import { bprRetrievalVectors, trainBpr, type BprModel, type BprNegatives } from '../models/mf/bpr.js';
import { trainTwoTower } from '../models/two-tower/train.js';
import { getOrTrainTwoTower } from '../models/two-tower/cached.js';
import { getOrBuildHnswInSpace, type HnswSpace } from '../retrieval/index.js';
import type { TwoTowerModel, TwoTowerOptions } from '../models/two-tower/types.js';
import { measure } from '../measure/index.js';
import { recordTwoTowerEngine } from './two-tower-engine.js';
import type { ExperimentContext } from './types.js';

export type Metrics = Record<string, number>;

export { num, str, bool } from './param-readers.js';
import { bool, num, str } from './param-readers.js';
import { logCacheProblems } from '../data/cache.js';

/**
 * TwoTowerOptions from the trainer's knobs (scenarios/knobs/two-tower-training.yaml, included by every scenario
 * that trains the model); seed from the run. No fallbacks: a knob the scenario does not declare is a UsageError.
 */
export function twoTowerOptions(ctx: ExperimentContext): TwoTowerOptions {
  const hidden = num(ctx, 'hidden');
  return {
    dim: num(ctx, 'dim'),
    hidden: hidden > 0 ? [hidden] : [],
    negatives: str(ctx, 'negatives') as TwoTowerOptions['negatives'],
    numNegatives: num(ctx, 'numNegatives'),
    logQ: str(ctx, 'logQ') as TwoTowerOptions['logQ'],
    temperature: num(ctx, 'temperature'),
    batchSize: num(ctx, 'batchSize'),
    epochs: num(ctx, 'epochs'),
    learningRate: num(ctx, 'learningRate'),
    seed: ctx.seed,
    engine: str(ctx, 'engine') as TwoTowerOptions['engine'],
    frequency: str(ctx, 'frequency') as TwoTowerOptions['frequency'],
    frequencyAlpha: num(ctx, 'frequencyAlpha'),
    maxExamples: num(ctx, 'maxExamples'),
    signal: ctx.signal,
  };
}

/**
 * Train inside a named stage with progress events (its wall time is the stage's timing: one long duration,
 * not a quantile); records the engine. With the `cache` knob (on at full scale) the embeddings come from / go
 * to the artefact cache, so a rerun of a 1M-item scenario skips training; such a model has embeddings only
 * (no encodeUser), so experiments that need the towers pass cacheable = false.
 */
export async function trainStage(ctx: ExperimentContext, world: World, o: TwoTowerOptions, stage: string, cacheable = true): Promise<TwoTowerModel> {
  return ctx.stage(stage, async () => {
    const opts: TwoTowerOptions = {
      ...o,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(stage, p.step / p.totalSteps, `loss ${p.loss.toFixed(3)}, ${Math.round(p.examplesPerSecond).toLocaleString('en-US')} examples/s`),
    };
    const useCache = cacheable && bool(ctx, 'cache');
    const m = useCache ? (await getOrTrainTwoTower(world, opts, { onEvent: (e) => ctx.log(`two-tower cache: ${e.type} ${e.key}`) })).model : await trainTwoTower(world, opts);
    recordTwoTowerEngine(ctx, m.stats);
    return m;
  });
}

export function evalSet(ctx: ExperimentContext, world: World): EvalSet {
  return buildEvalSet(world, num(ctx, 'evalUsers'), ctx.rng('eval-users'));
}

/**
 * A model's retrieval metrics on an EvalSet: the means (as `retrievalMetrics` gives them), the per-user values
 * they average (for `MetricSet.means`: replicates over EVAL_USERS), and any timing with its replicates.
 */
export interface Evaluation {
  metrics: Metrics;
  perUser: Record<string, Float64Array>;
  latency?: Record<string, LatencySummary>;
  replicates?: Record<string, Float64Array>;
}

export interface EvaluateOptions {
  prefix?: string;
  /** the HNSW index's build and search breadth (the scenario's `efConstruction` and `ef` knobs); needed with `hnsw` */
  hnsw?: { ef: number; efConstruction: number; M: number; space?: HnswSpace };
  /** items whose rank percentile is reported per user as `<prefix>cold_item_rank_percentile` (see probeRankPercentile) */
  probe?: Uint8Array;
}

/** Exact search over `items` for the set's queries, with the probe items' rank percentile when asked. */
async function exactEvaluation(ctx: ExperimentContext, set: EvalSet, queries: Float32Array, items: Float32Array, d: number, o: EvaluateOptions): Promise<{ lists: Int32Array; ev: Evaluation }> {
  const prefix = o.prefix ?? '';
  const probe = o.probe;
  const rank = probe ? new Float64Array(set.users.length) : undefined;
  const rng = ctx.rng(`probe-rank-${prefix}`);
  const lists = await retrieveExact(set, queries, items, d, MAX_K, rank && probe ? (r, row) => (rank[r] = probeRankPercentile(row, probe, rng)) : undefined);
  const ev = retrievalEvaluation(set, lists, MAX_K, prefix);
  if (rank) {
    ev.perUser[`${prefix}cold_item_rank_percentile`] = rank;
    ev.metrics[`${prefix}cold_item_rank_percentile`] = definedMean(rank);
  }
  return { lists, ev };
}

function definedMean(xs: Float64Array): number {
  let s = 0;
  let n = 0;
  for (const x of xs) if (x === x) { s += x; n++; }
  return n ? s / n : 0;
}

/**
 * Exact-search evaluation of a two-tower model and, with `hnsw`, HNSW retrieval prefixed hnsw_: its recall, its
 * overlap with exact search and the recall lost to approximation (all per user, so paired with exact search), the
 * build time (a stage), and the per-query latency taken through src/measure with replicates of its p99.
 */
export async function twoTowerEvaluation(ctx: ExperimentContext, set: EvalSet, m: TwoTowerModel, hnsw: boolean, o: EvaluateOptions = {}): Promise<Evaluation> {
  const prefix = o.prefix ?? '';
  const items = m.itemEmbeddings();
  const queries = gatherRows(m.userEmbeddings(), set.users, m.dim);
  const { lists: exact, ev } = await ctx.stage('exact search', () => exactEvaluation(ctx, set, queries, items, m.dim, o));
  if (!hnsw) return ev;
  if (!o.hnsw) throw new Error('twoTowerEvaluation: hnsw retrieval needs the ef, efConstruction and M knobs (EvaluateOptions.hnsw)');
  const { ef: EF, efConstruction, M } = o.hnsw;
  // ip unless a scenario asks for the L2 graph on augmented vectors (src/retrieval/mips-as-l2.ts)
  const space = o.hnsw.space ?? 'ip';
  const N = items.length / m.dim;
  const prebuilt = bool(ctx, 'cache')
    ? (await ctx.stage('hnsw build (cached)', () => getOrBuildHnswInSpace(space, {
        options: { dim: m.dim, maxElements: N, M, efConstruction, seed: ctx.seed },
        vectors: items, shards: 1, source: { from: 'two-tower-embeddings', scale: ctx.scale, seed: ctx.seed },
        onTick: () => ctx.tick(), signal: ctx.signal, onEvent: logCacheProblems((m) => ctx.log(m)),
        onProgress: (f) => ctx.progress('hnsw build (cached)', f),
      }))).index
    : undefined;
  const h = await ctx.stage('hnsw search', () => retrieveHnsw(set, queries, items, m.dim, MAX_K, { ef: EF, efConstruction, M, space, index: prebuilt }));
  const hv = retrievalEvaluation(set, h.lists, MAX_K, `${prefix}hnsw_`);
  Object.assign(ev.metrics, hv.metrics);
  Object.assign(ev.perUser, hv.perUser);
  const n = set.users.length;
  const overlap = Float64Array.from({ length: n }, (_, r) => annRecallAtK(h.lists.subarray(r * MAX_K, (r + 1) * MAX_K), exact.subarray(r * MAX_K, (r + 1) * MAX_K), 100));
  const exactRecall = ev.perUser[`${prefix}recall_at_100`];
  const hnswRecall = ev.perUser[`${prefix}hnsw_recall_at_100`];
  const lost = Float64Array.from({ length: n }, (_, r) => exactRecall[r] - hnswRecall[r]);
  ev.perUser[`${prefix}hnsw_overlap_at_100`] = overlap;
  ev.perUser[`${prefix}recall_at_100_lost_to_ann`] = lost;
  ev.metrics[`${prefix}hnsw_overlap_at_100`] = definedMean(overlap);
  ev.metrics[`${prefix}recall_at_100_lost_to_ann`] = definedMean(lost);
  // the serving cost of one request: a top-100 query as the retrieval above made it, timed by the protocol
  const timing = await ctx.stage('hnsw query latency', () => measure((i) => {
    const r = i % n;
    const k = hnswQueryK(set, r, MAX_K, N);
    return h.index.search(queries.subarray(r * m.dim, (r + 1) * m.dim), k, { ef: hnswQueryEf(set, r, MAX_K, N, EF) });
  }, { label: `hnsw top-${MAX_K} query (ef ${EF})`, quantile: 0.99, tick: () => ctx.tick(), signal: ctx.signal }));
  ev.metrics[`${prefix}hnsw_p99_ms`] = timing.summary.p99_ms;
  ev.metrics[`${prefix}hnsw_p50_ms`] = timing.summary.p50_ms;
  ev.metrics[`${prefix}hnsw_build_seconds`] = h.buildMs / 1000;
  ev.replicates = {
    [`${prefix}hnsw_p99_ms`]: ctx.bootstrap.quantile(timing.samples, 0.99),
    [`${prefix}hnsw_p50_ms`]: ctx.bootstrap.quantile(timing.samples, 0.5),
  };
  ev.latency = { [`${prefix}hnsw search`]: timing.summary };
  return ev;
}

/** Exact-search metrics of a two-tower model (and, when asked, HNSW metrics prefixed hnsw_ with the recall lost). */
export async function evaluateTwoTower(ctx: ExperimentContext, set: EvalSet, m: TwoTowerModel, hnsw: boolean, prefix = ''): Promise<Metrics> {
  return (await twoTowerEvaluation(ctx, set, m, hnsw, { prefix })).metrics;
}

export function popularityEvaluation(set: EvalSet, prefix = 'popularity_'): Evaluation {
  return retrievalEvaluation(set, retrieveGlobal(set, popularityScores(set), MAX_K), MAX_K, prefix);
}

export function evaluatePopularity(set: EvalSet, prefix = 'popularity_'): Metrics {
  return popularityEvaluation(set, prefix).metrics;
}

export async function ceilingEvaluation(ctx: ExperimentContext, world: World, set: EvalSet, prefix = 'ceiling_'): Promise<Evaluation> {
  const c = ceilingVectors(world, set.users);
  return retrievalEvaluation(set, await retrieveExact(set, c.queries, c.items, c.dim, MAX_K), MAX_K, prefix);
}

export async function evaluateCeiling(ctx: ExperimentContext, world: World, set: EvalSet, prefix = 'ceiling_'): Promise<Metrics> {
  return (await ceilingEvaluation(ctx, world, set, prefix)).metrics;
}

/**
 * BPR matrix factorisation in a named stage (its wall time is the stage timing). `negatives` says where the
 * negative item of each triple comes from (see BprNegatives): the whole catalogue is standard BPR.
 */
export async function trainBprStage(ctx: ExperimentContext, world: World, dim: number, epochs: number, negatives: BprNegatives = 'catalog'): Promise<BprModel> {
  return ctx.stage('train mf (bpr)', () => trainBpr(world, {
    dim, epochs, learningRate: 0.1, regularization: 0.001, negatives, seed: ctx.seed, signal: ctx.signal,
    onProgress: (f) => ctx.progress('train mf (bpr)', f),
  }));
}

export async function bprEvaluation(ctx: ExperimentContext, set: EvalSet, m: BprModel, o: EvaluateOptions = { prefix: 'mf_' }): Promise<Evaluation> {
  const v = bprRetrievalVectors(m);
  return (await exactEvaluation(ctx, set, gatherRows(v.users, set.users, v.dim), v.items, v.dim, o)).ev;
}

export async function evaluateBpr(ctx: ExperimentContext, set: EvalSet, m: BprModel, prefix = 'mf_'): Promise<Metrics> {
  return (await bprEvaluation(ctx, set, m, { prefix })).metrics;
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
