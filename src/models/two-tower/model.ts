/** The trained two-tower model: cached embeddings for serving and an encoder for feature-only users. */
import type { World } from '../../data/world-types.js';
import type { DenseEngine } from './dense-types.js';
import type { HistoryOptions, WorldFeatures } from './features.js';
import { pushHistory } from './features.js';
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
  return {
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
    encodeUser(f: UserFeatures) {
      const x = new Float32Array(e);
      p.features.demographicsInto(f.ageBand, f.country, f.device, x, 0);
      const list = Int32Array.from(f.history ?? []);
      const hItems: number[] = [];
      const hWeights: number[] = [];
      pushHistory(list, 0, list.length, p.history, hItems, hWeights);
      const cat = p.world.items.category;
      for (let q = 0; q < hItems.length; q++) {
        if (!p.features.itemId.touched[hItems[q]]) continue;
        p.features.itemId.addRowTo(hItems[q], x, 0, hWeights[q]);
        if (p.features.content) p.features.category.addRowTo(cat[hItems[q]], x, 0, hWeights[q]);
      }
      return p.dense.encodeUsers(x, 1);
    },
    samplingProbabilities: () => p.samplingProbabilities,
    dispose() {
      p.dense.dispose();
    },
  };
}
