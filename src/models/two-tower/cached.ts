/**
 * Trained two-tower embeddings cached like the world (src/data/cache.ts): at full scale (1M items)
 * training takes minutes, so the item and user embeddings of a (world, options) pair are built once and
 * loaded afterwards. Only the embeddings and the training statistics are stored; the towers are not,
 * so a model loaded from the cache cannot encode a new feature-only user (encodeUser throws, saying so).
 */
import { UsageError } from '../../core/errors.js';
import { getOrBuild, type CacheEvent, type Json } from '../../data/cache.js';
import type { World } from '../../data/world-types.js';
import { worldIdentity } from '../../data/world.js';
import { resolveDenseEngine, trainTwoTower } from './train.js';
import type { TrainStats, TwoTowerModel, TwoTowerOptions } from './types.js';

/** Bump when training or the stored layout changes what the same options produce. */
const VERSION = 1;

export interface CachedTwoTower {
  model: TwoTowerModel;
  source: 'disk' | 'built';
  key: string;
}

/** The options that determine the embeddings (callbacks and the signal excluded). */
function keyOptions(o: TwoTowerOptions): Json {
  const { signal: _s, onProgress: _p, memoryLimitBytes: _m, ...rest } = o;
  // the engine that will actually run ('auto' depends on whether the native addon is built)
  return JSON.parse(JSON.stringify({ ...rest, engine: resolveDenseEngine(o.engine) }, (_k, v) => (v === Infinity ? 'Infinity' : v))) as Json;
}

export async function getOrTrainTwoTower(
  world: World,
  o: TwoTowerOptions,
  cache: { root?: string; force?: boolean; onEvent?: (e: CacheEvent) => void } = {},
): Promise<CachedTwoTower> {
  let trained: TwoTowerModel | null = null;
  const res = await getOrBuild<{ items: Float32Array; users: Float32Array; stats: Json }>({
    kind: 'two-tower-embeddings',
    label: `${world.config.scale}-d${o.dim}-${o.negatives}-${o.logQ}`,
    // the generator version is part of the key: a WORLD_VERSION bump makes cached embeddings stale
    params: { world: JSON.parse(JSON.stringify(worldIdentity(world))) as Json, options: keyOptions(o) },
    seed: o.seed,
    version: VERSION,
    root: cache.root,
    force: cache.force,
    signal: o.signal,
    onEvent: cache.onEvent,
    verify: 'checksum', // embeddings feed an HNSW build: a flipped byte must not change results silently
    build: async () => {
      trained = await trainTwoTower(world, o);
      return { items: trained.itemEmbeddings(), users: trained.userEmbeddings(), stats: trained.stats as unknown as Json };
    },
  });
  if (trained) return { model: trained, source: res.source, key: res.key };
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
  return { model, source: res.source, key: res.key };
}
