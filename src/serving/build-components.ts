/**
 * Assemble a serving stack for an experiment or a benchmark from what exists: the AnnIndex of
 * src/retrieval (HNSW or exact), the GBDT of src/core/gbdt, and the serving fallbacks for what does not
 * exist yet (trained two-tower embeddings: item vectors are the hidden latent plus noise). `notes` says
 * which is which, so a run never passes a fallback off as the real model.
 */
import type { Rng } from '../core/rng.js';
import { trainInteractionsByUser } from '../data/cohorts.js';
import type { CacheEvent } from '../data/cache.js';
import type { World } from '../data/world-types.js';
import type { TrainStats, TwoTowerModel, TwoTowerOptions } from '../models/two-tower/types.js';
import { UsageError } from '../core/errors.js';
import { buildHnswParallel, createAnnIndex, getOrBuildHnsw, type AnnIndex, type AnnKind } from '../retrieval/index.js';
import { AnnCandidates, GbdtRanker, TwoTowerEncoder, trainServingGbdt } from './adapters.js';
import {
  BASIC_LINEAR_WEIGHTS,
  BasicFeatures,
  HistoryMeanEncoder,
  LinearRanker,
  latentItemVectors,
} from './fallbacks.js';
import type { Components, Histories, UserEncoder } from './types.js';

export interface BuildOptions {
  ann: AnnKind;
  M?: number;
  efConstruction?: number;
  ef?: number;
  /** 0 = the linear fallback ranker; otherwise a lambdarank GBDT with this many trees */
  trees: number;
  /** leaves per GBDT tree (default 31) */
  leaves?: number;
  /** relative noise on the latent item vectors (the stand-in for trained embeddings) */
  embeddingNoise?: number;
  /** 'latent' (default): hidden latent + noise and a history-mean user vector; 'two-tower': train the real towers */
  embeddings?: 'latent' | 'two-tower';
  /**
   * the trainer's knobs when embeddings is 'two-tower', from the scenario (`include: [two-tower-training]`, read by
   * twoTowerOptions in the experiment): the stack trains exactly what the scenario declares
   */
  twoTower?: TwoTowerOptions;
  /** not read: the two-tower's seed travels in `twoTower` (kept so that callers passing the run's seed compile) */
  seed?: number;
  /**
   * build the HNSW index as this many graphs in parallel worker threads (buildHnswParallel), searched one after the
   * other and merged by the serving thread; default 1: one graph built on this thread
   */
  buildShards?: number;
  /**
   * reuse the trained two-tower (with its user tower: getOrTrainTwoTower keep 'serving') and the HNSW index from the
   * artefact cache, and store them when built; unset: train and build every time, nothing stored
   */
  cache?: { root?: string; onEvent?: (e: CacheEvent) => void };
  signal?: AbortSignal;
  onProgress?: (stage: string, fraction: number) => void;
}

/** Where a built part came from: made in this run, or loaded from the artefact cache (its ms are then the load's). */
export type PartSource = 'built' | 'cache';

export interface BuiltStack {
  components: Components;
  histories: Histories;
  notes: string[];
  /** wall ms of each part in this run: training / building it, or loading it when its source is 'cache' */
  buildMs: { vectors: number; index: number; ranker: number };
  source: { vectors: PartSource; index: PartSource };
  /** graphs the HNSW index was built as (1 for exact) */
  indexShards: number;
  /** what trained the two-tower, when one was trained; `trainMs`: its recorded training steps (also of a cached model) */
  twoTower?: Pick<TrainStats, 'engine' | 'backend' | 'trainMs'>;
}

export async function buildServingStack(world: World, rng: Rng, options: BuildOptions): Promise<BuiltStack> {
  const notes: string[] = [];
  let t = performance.now();
  const histories = trainInteractionsByUser(world);
  let dim = world.config.latentDim;
  let itemVectors: Float32Array;
  let encoder: UserEncoder;
  let twoTower: BuiltStack['twoTower'];
  let vectorsSource: PartSource = 'built';
  if ((options.embeddings ?? 'latent') === 'two-tower') {
    if (!options.twoTower) throw new UsageError("buildServingStack: embeddings 'two-tower' needs the trainer's knobs (the scenario includes two-tower-training and the experiment passes twoTowerOptions(ctx))");
    const got = await twoTowerModel(world, options.twoTower, options);
    const model = got.model;
    vectorsSource = got.source;
    dim = model.dim;
    itemVectors = model.itemEmbeddings();
    encoder = new TwoTowerEncoder(model, world, histories);
    twoTower = { engine: model.stats.engine, backend: model.stats.backend, trainMs: model.stats.trainMs };
    const from = got.source === 'cache' ? `loaded from the artefact cache in ${((performance.now() - t) / 1000).toFixed(2)} s (trained earlier: ${(model.stats.trainMs / 1000).toFixed(1)} s of training steps)` : 'trained in this run';
    notes.push(`item vectors and user tower: two-tower from src/models/two-tower (dim ${dim}, ${options.twoTower.negatives} negatives, ${model.stats.examples} examples, ${model.stats.backend}), ${from}; the user tower runs on every user-cache miss`);
  } else {
    itemVectors = latentItemVectors(world, rng.fork('item-vectors'), options.embeddingNoise ?? 0.5);
    encoder = new HistoryMeanEncoder(histories, itemVectors, dim);
    notes.push(`item vectors: hidden latent + ${options.embeddingNoise ?? 0.5}× noise (fallback for trained two-tower embeddings); user vector: mean of the last 50 history items`);
  }
  const vectorsMs = performance.now() - t;
  t = performance.now();
  const built = await annIndex(world, itemVectors, dim, options);
  const index = built.index;
  const indexMs = performance.now() - t;
  const graphs = built.shards > 1 ? `, built as ${built.shards} graphs in parallel worker threads, searched one after the other and merged` : '';
  const how = built.source === 'cache' ? `, loaded from the artefact cache in ${(indexMs / 1000).toFixed(2)} s` : '';
  notes.push(`candidates: ${options.ann} AnnIndex from src/retrieval${index.options.kind === 'hnsw' ? ` (M ${index.options.M}, efConstruction ${index.options.efConstruction}${graphs}${how})` : ''}`);
  const candidates = new AnnCandidates(index, options.ef);
  const features = new BasicFeatures(world, histories);
  t = performance.now();
  let ranker;
  if (options.trees > 0) {
    const model = trainServingGbdt(world, { encoder, candidates, features, histories }, { users: 300, candidates: 100, trees: options.trees, ...(options.leaves !== undefined ? { numLeaves: options.leaves } : {}), seed: 7 }, rng.fork('gbdt'));
    ranker = new GbdtRanker(model);
    notes.push(`ranker: lambdarank GBDT from src/core/gbdt, ${model.numTrees} trees of up to ${options.leaves ?? 31} leaves over ${features.names.length} serving features (trained for its serving cost)`);
  } else {
    ranker = new LinearRanker(BASIC_LINEAR_WEIGHTS);
    notes.push('ranker: linear scorer over the serving features (fallback; trees = 0)');
  }
  const rankerMs = performance.now() - t;
  return {
    components: { itemVectors, dim, encoder, candidates, features, ranker }, histories, notes,
    buildMs: { vectors: vectorsMs, index: indexMs, ranker: rankerMs },
    source: { vectors: vectorsSource, index: built.source },
    indexShards: built.shards,
    twoTower,
  };
}

/** The two-tower the options ask for: trained here, or (with `cache`) from the artefact cache with its user tower. */
async function twoTowerModel(world: World, o: TwoTowerOptions, options: BuildOptions): Promise<{ model: TwoTowerModel; source: PartSource }> {
  // loaded only when asked for, so latent-vector runs never load tfjs
  const { trainTwoTower } = await import('../models/two-tower/train.js');
  const opts: TwoTowerOptions = { ...o, signal: options.signal, onProgress: (p) => options.onProgress?.('two-tower', p.step / p.totalSteps) };
  if (!options.cache) return { model: await trainTwoTower(world, opts), source: 'built' };
  const { getOrTrainTwoTower } = await import('../models/two-tower/cached.js');
  const got = await getOrTrainTwoTower(world, opts, { ...options.cache, keep: 'serving' });
  return { model: got.model, source: got.source === 'disk' ? 'cache' : 'built' };
}

/** The index over the item vectors: exact, or HNSW built on this thread, in parallel graphs, or from the artefact cache. */
async function annIndex(world: World, vectors: Float32Array, dim: number, options: BuildOptions): Promise<{ index: AnnIndex; source: PartSource; shards: number }> {
  const hnsw = { dim, metric: 'ip' as const, maxElements: world.items.count, ...(options.M !== undefined ? { M: options.M } : {}), ...(options.efConstruction !== undefined ? { efConstruction: options.efConstruction } : {}) };
  const shards = options.ann === 'hnsw' ? Math.max(1, options.buildShards ?? 1) : 1;
  const onProgress = (f: number): void => options.onProgress?.('index', f);
  if (options.ann === 'hnsw' && options.cache) {
    // the vectors' fingerprint is in the key, so retrained vectors never meet an index of other ones
    const r = await getOrBuildHnsw({ options: hnsw, vectors, shards, source: { world: world.config.scale, seed: world.config.seed, items: world.items.count }, onProgress, signal: options.signal, ...options.cache });
    return { index: r.index, source: r.source === 'disk' ? 'cache' : 'built', shards };
  }
  if (shards > 1) return { index: await buildHnswParallel(hnsw, vectors, { shards, onProgress, signal: options.signal }), source: 'built', shards };
  const index = createAnnIndex({ kind: options.ann, ...hnsw });
  index.addBatch(vectors, undefined, onProgress);
  return { index, source: 'built', shards };
}
