/** The trained two-tower model: cached embeddings for serving and an encoder for feature-only users. */
import type { World } from '../../data/world-types.js';
import type { DenseEngine } from './dense-types.js';
import type { EmbeddingTable } from './embedding-table.js';
import type { DemographicTables, HistoryOptions, WorldFeatures } from './features.js';
import { addDemographics, pushHistory } from './features.js';
import { historiesAtSplit, type TrainingData } from './training-data.js';
import type { TrainStats, TwoTowerModel, UserFeatures } from './types.js';

export interface ModelParts {
  world: World;
  data: TrainingData;
  features: WorldFeatures;
  dense: DenseEngine;
  history: HistoryOptions;
  dim: number;
  samplingProbabilities: Float64Array;
  stats: TrainStats;
}

const CHUNK = 8192;

/** Encode n rows in chunks so a 1M-item catalog never materialises its n × dim inputs at once. */
function encodeChunked(n: number, dim: number, inputDim: number, fill: (from: number, to: number, x: Float32Array) => void, encode: (x: Float32Array, m: number) => Float32Array): Float32Array {
  const out = new Float32Array(n * dim);
  const x = new Float32Array(Math.min(CHUNK, n) * inputDim);
  for (let s = 0; s < n; s += CHUNK) {
    const m = Math.min(CHUNK, n - s);
    fill(s, s + m, x);
    out.set(encode(x.subarray(0, m * inputDim), m), s * dim);
  }
  return out;
}

export function createModel(p: ModelParts): TwoTowerModel {
  let items: Float32Array | null = null;
  let users: Float32Array | null = null;
  const e = p.features.dim;
  const model: TwoTowerModel = {
    dim: p.dim,
    stats: p.stats,
    itemEmbeddings() {
      items ??= encodeChunked(p.world.items.count, p.dim, e, (from, to, x) => {
        p.features.itemInputs(Int32Array.from({ length: to - from }, (_, r) => from + r), x, true);
      }, (x, m) => p.dense.encodeItems(x, m));
      return items;
    },
    userEmbeddings() {
      users ??= encodeChunked(p.world.users.count, p.dim, e, (from, to, x) => {
        const ids = Int32Array.from({ length: to - from }, (_, r) => from + r);
        p.features.userInputs(ids, historiesAtSplit(p.data, ids, p.history), x, true);
      }, (x, m) => p.dense.encodeUsers(x, m));
      return users;
    },
    encodeUser: (f: UserFeatures) => encodeFeatureUser(p.world, p.features, p.dense, p.history, f),
    samplingProbabilities: () => p.samplingProbabilities,
    dispose() {
      p.dense.dispose();
    },
  };
  partsOf.set(model, p);
  return model;
}

/** What encodeUser reads: the trained WorldFeatures, or the cached copy of its user-side tables (cached.ts). */
export interface FeatureUserTables extends DemographicTables {
  readonly dim: number;
  readonly itemId: Pick<EmbeddingTable, 'touched' | 'addRowTo'>;
  readonly category: Pick<EmbeddingTable, 'addRowTo'>;
}

/** A user known only by features: demographics + the pooled (item id + category) rows of its history, through the user tower. */
export function encodeFeatureUser(world: World, t: FeatureUserTables, dense: Pick<DenseEngine, 'encodeUsers'>, history: HistoryOptions, f: UserFeatures): Float32Array {
  const x = new Float32Array(t.dim);
  addDemographics(t, f.ageBand, f.country, f.device, x, 0);
  const list = Int32Array.from(f.history ?? []);
  const hItems: number[] = [];
  const hWeights: number[] = [];
  pushHistory(list, 0, list.length, history, hItems, hWeights);
  const cat = world.items.category;
  for (let q = 0; q < hItems.length; q++) {
    if (!t.itemId.touched[hItems[q]]) continue;
    t.itemId.addRowTo(hItems[q], x, 0, hWeights[q]);
    if (t.content) t.category.addRowTo(cat[hItems[q]], x, 0, hWeights[q]);
  }
  return dense.encodeUsers(x, 1);
}

const partsOf = new WeakMap<TwoTowerModel, ModelParts>();
/** The parts of a model trained in this process (what the serving cache stores); undefined for a loaded one. */
export function modelParts(m: TwoTowerModel): Readonly<ModelParts> | undefined {
  return partsOf.get(m);
}
