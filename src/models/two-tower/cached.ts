/**
 * Trained two-tower models cached like the world (src/data/cache.ts): at full scale (1M items) training takes
 * minutes, so a (world, options) pair is trained once and loaded afterwards. Two layouts:
 * - keep 'embeddings' (default): the item and user embeddings and the training statistics only; a model loaded
 *   from it cannot encode a new feature-only user (encodeUser throws, saying so).
 * - keep 'serving': also what the user tower reads (the dense weights, the demographic, item-id and category
 *   tables, the touched flags) and the sampling probabilities, so encodeUser works after a load and gives the
 *   trained model's encodings bit for bit (the same engine runs the same weights). Its own cache kind: the
 *   embeddings-only entries stay as they are.
 */
import { UsageError } from '../../core/errors.js';
import { getOrBuild, type CacheEvent, type Json } from '../../data/cache.js';
import type { World } from '../../data/world-types.js';
import { worldIdentity } from '../../data/world.js';
import { nativeThreads } from './dense-native.js';
import { addRow } from './embedding-table.js';
import { encodeFeatureUser, modelParts, type FeatureUserTables } from './model.js';
import { DEFAULT_HISTORY, denseEngineFrom, resolveDenseEngine, trainTwoTower } from './train.js';
import type { TrainStats, TwoTowerModel, TwoTowerOptions } from './types.js';

/** Bump when training or the stored layout changes what the same options produce. */
const VERSION = 1;
const SERVING_VERSION = 1;

export type CacheKeep = 'embeddings' | 'serving';

export interface CachedTwoTower {
  model: TwoTowerModel;
  source: 'disk' | 'built';
  key: string;
  /** seconds from the call to a usable model when it came from disk (read, checksummed, rebuilt); 0 when trained */
  loadSeconds: number;
}

export interface TwoTowerCacheOptions {
  root?: string;
  force?: boolean;
  onEvent?: (e: CacheEvent) => void;
  /** what is stored: the embeddings only (default), or everything serving needs (encodeUser works after a load) */
  keep?: CacheKeep;
}

/** The options that determine the model (callbacks and the signal excluded). */
function keyOptions(o: TwoTowerOptions): Json {
  const { signal: _s, onProgress: _p, memoryLimitBytes: _m, ...rest } = o;
  // the engine that will actually run ('auto' depends on whether the native addon is built)
  return JSON.parse(JSON.stringify({ ...rest, engine: resolveDenseEngine(o.engine) }, (_k, v) => (v === Infinity ? 'Infinity' : v))) as Json;
}

function keyParams(world: World, o: TwoTowerOptions, keep: CacheKeep): Json {
  // the generator version is part of the key: a WORLD_VERSION bump makes a cached model stale
  const params: Record<string, Json> = { world: JSON.parse(JSON.stringify(worldIdentity(world))) as Json, options: keyOptions(o) };
  // the native engine splits a step over its threads; a model trained on one thread is not claimed to equal one trained on two
  if (keep === 'serving' && resolveDenseEngine(o.engine) === 'native') params.nativeThreads = nativeThreads();
  return params;
}

/** What both layouts' cache entries share: the key, the label, and checksummed reads (the embeddings feed an HNSW
 * build and the towers serve users: a flipped byte must not change results silently). */
function cacheSpec(world: World, o: TwoTowerOptions, cache: TwoTowerCacheOptions, keep: CacheKeep) {
  return {
    label: `${world.config.scale}-d${o.dim}-${o.negatives}-${o.logQ}`,
    params: keyParams(world, o, keep),
    seed: o.seed,
    version: keep === 'serving' ? SERVING_VERSION : VERSION,
    root: cache.root,
    force: cache.force,
    signal: o.signal,
    onEvent: cache.onEvent,
    verify: 'checksum' as const,
  };
}

export async function getOrTrainTwoTower(world: World, o: TwoTowerOptions, cache: TwoTowerCacheOptions = {}): Promise<CachedTwoTower> {
  return (cache.keep ?? 'embeddings') === 'serving' ? getOrTrainServing(world, o, cache) : getOrTrainEmbeddings(world, o, cache);
}

async function getOrTrainEmbeddings(world: World, o: TwoTowerOptions, cache: TwoTowerCacheOptions): Promise<CachedTwoTower> {
  let trained: TwoTowerModel | null = null;
  const t0 = performance.now();
  const res = await getOrBuild<{ items: Float32Array; users: Float32Array; stats: Json }>({
    kind: 'two-tower-embeddings',
    ...cacheSpec(world, o, cache, 'embeddings'),
    build: async () => {
      trained = await trainTwoTower(world, o);
      return { items: trained.itemEmbeddings(), users: trained.userEmbeddings(), stats: trained.stats as unknown as Json };
    },
  });
  if (trained) return { model: trained, source: res.source, key: res.key, loadSeconds: 0 };
  const { items, users } = res.value;
  const stats = res.value.stats as unknown as TrainStats;
  const model: TwoTowerModel = {
    dim: o.dim,
    stats,
    itemEmbeddings: () => items,
    userEmbeddings: () => users,
    encodeUser: () => {
      throw new UsageError('encodeUser: this model was loaded from the embedding cache (towers are not stored); retrain with the cache off');
    },
    samplingProbabilities: () => {
      throw new UsageError('samplingProbabilities: not stored in the embedding cache; retrain with the cache off');
    },
    dispose: () => {},
  };
  return { model, source: res.source, key: res.key, loadSeconds: (performance.now() - t0) / 1000 };
}

/** A cached table's rows, pooled with the trained table's own step (addRow). */
class StoredRows {
  constructor(readonly data: Float32Array, readonly dim: number, readonly touched: Uint8Array = new Uint8Array(0)) {}
  addRowTo(r: number, out: Float32Array, o: number, scale: number): void {
    addRow(this.data, this.dim, r, out, o, scale);
  }
}

type ServingArtefact = Record<string, Float32Array | Float64Array | Uint8Array | Json>;
const TABLES = ['ageBand', 'country', 'device', 'itemId', 'category'] as const;

async function getOrTrainServing(world: World, o: TwoTowerOptions, cache: TwoTowerCacheOptions): Promise<CachedTwoTower> {
  let trained: TwoTowerModel | null = null;
  const t0 = performance.now();
  const res = await getOrBuild<ServingArtefact>({
    kind: 'two-tower-serving',
    ...cacheSpec(world, o, cache, 'serving'),
    build: async () => {
      const m = await trainTwoTower(world, o);
      trained = m;
      const p = modelParts(m);
      if (!p) throw new Error('getOrTrainTwoTower: a freshly trained model has no parts to store');
      const out: ServingArtefact = {
        items: m.itemEmbeddings(), users: m.userEmbeddings(), q: m.samplingProbabilities(), itemTouched: p.features.itemId.touched,
        stats: m.stats as unknown as Json, inputDim: p.features.dim, content: p.features.content,
        history: { maxLength: p.history.maxLength, halfLife: Number.isFinite(p.history.halfLife) ? p.history.halfLife : 'Infinity' },
      };
      for (const t of TABLES) out[`table-${t}`] = p.features[t].data;
      const w = p.dense.weights();
      out.denseLayers = w.length;
      w.forEach((a, i) => (out[`dense${i}`] = a));
      return out;
    },
  });
  if (trained) {
    // serve what was stored (the training state — optimiser accumulators, training data, the user-id table — goes):
    // the first run's model is the one every later run loads
    (trained as TwoTowerModel).dispose();
    return { model: await servingModel(world, o, res.value), source: res.source, key: res.key, loadSeconds: 0 };
  }
  const model = await servingModel(world, o, res.value);
  return { model, source: res.source, key: res.key, loadSeconds: (performance.now() - t0) / 1000 };
}

/** A TwoTowerModel over a 'serving' artefact: the stored embeddings, and the user tower rebuilt on the engine that trained it. */
async function servingModel(world: World, o: TwoTowerOptions, a: ServingArtefact): Promise<TwoTowerModel> {
  const stats = a.stats as unknown as TrainStats;
  const inputDim = a.inputDim as number;
  const weights = Array.from({ length: a.denseLayers as number }, (_, i) => a[`dense${i}`] as Float32Array);
  const { dense } = await denseEngineFrom(stats.engine, { inputDim, hidden: o.hidden, dim: o.dim, learningRate: o.learningRate }, weights);
  const rows = (t: (typeof TABLES)[number], touched?: Uint8Array) => new StoredRows(a[`table-${t}`] as Float32Array, inputDim, touched);
  const tables: FeatureUserTables = {
    dim: inputDim,
    content: a.content as boolean,
    ageBand: rows('ageBand'),
    country: rows('country'),
    device: rows('device'),
    itemId: rows('itemId', a.itemTouched as Uint8Array),
    category: rows('category'),
  };
  const h = a.history as { maxLength: number; halfLife: number | 'Infinity' };
  const history = { ...DEFAULT_HISTORY, maxLength: h.maxLength, halfLife: h.halfLife === 'Infinity' ? Infinity : h.halfLife };
  const items = a.items as Float32Array;
  const users = a.users as Float32Array;
  const q = a.q as Float64Array;
  return {
    dim: o.dim,
    stats,
    itemEmbeddings: () => items,
    userEmbeddings: () => users,
    encodeUser: (f) => encodeFeatureUser(world, tables, dense, history, f),
    samplingProbabilities: () => q,
    dispose: () => dense.dispose(),
  };
}
