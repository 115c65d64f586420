/**
 * A click model over two high-cardinality fields (user, item) with embedding tables — a factorization machine of
 * order 2 restricted to one field pair (Rendle, "Factorization Machines", ICDM 2010):
 *   logit = b + w_pos[p] + a_u[ru] + a_i[ri] + ⟨U[ru], V[ri]⟩,
 * trained by SGD on log loss with L2. The row ids ru/ri come from whatever id mapping is being compared (a full
 * vocabulary, frequency buckets or hash buckets); a row id of −1 means "no row" and contributes 0 (an unseen id
 * in a full-vocabulary table).
 */
import { UsageError } from '../errors.js';
import { Rng } from '../rng.js';

export interface EmbeddingLogitOptions {
  userRows: number;
  itemRows: number;
  positions: number;
  dim: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export interface EmbeddingLogitModel {
  options: EmbeddingLogitOptions;
  bias: number;
  posW: Float32Array;
  userBias: Float32Array;
  itemBias: Float32Array;
  /** userRows × dim and itemRows × dim, row-major */
  U: Float32Array;
  V: Float32Array;
}

/** Parameters held by the model (for the memory comparison): tables plus position weights. */
export function embeddingLogitParameters(m: EmbeddingLogitModel): number {
  return 1 + m.posW.length + m.userBias.length + m.itemBias.length + m.U.length + m.V.length;
}

function score(m: EmbeddingLogitModel, ru: number, ri: number, p: number): number {
  const d = m.options.dim;
  let z = m.bias + m.posW[p];
  if (ru >= 0) z += m.userBias[ru];
  if (ri >= 0) z += m.itemBias[ri];
  if (ru >= 0 && ri >= 0) for (let k = 0; k < d; k++) z += m.U[ru * d + k] * m.V[ri * d + k];
  return z;
}

/**
 * Train by SGD in a seeded shuffled order each epoch. O(epochs · n · dim) time, O((users + items) · dim) memory.
 * Throws UsageError on mismatched lengths or a row id out of range.
 */
export function trainEmbeddingLogit(
  userRow: Int32Array, itemRow: Int32Array, position: Int32Array, labels: ArrayLike<number>, options: EmbeddingLogitOptions,
): EmbeddingLogitModel {
  const n = labels.length;
  if (userRow.length !== n || itemRow.length !== n || position.length !== n) {
    throw new UsageError(`trainEmbeddingLogit: userRow, itemRow, position and labels must have the same length (${n})`);
  }
  const { dim, userRows, itemRows, positions } = options;
  const rng = new Rng(options.seed);
  const init = (len: number): Float32Array => {
    const a = new Float32Array(len);
    for (let i = 0; i < len; i++) a[i] = rng.normal(0, 0.05);
    return a;
  };
  const m: EmbeddingLogitModel = {
    options, bias: 0, posW: new Float32Array(positions), userBias: new Float32Array(userRows), itemBias: new Float32Array(itemRows),
    U: init(userRows * dim), V: init(itemRows * dim),
  };
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (userRow[i] >= userRows || itemRow[i] >= itemRows || position[i] < 0 || position[i] >= positions) {
      throw new UsageError(`trainEmbeddingLogit: row ${i} has an id out of range`);
    }
  }
  const { learningRate: lr, l2 } = options;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    rng.shuffle(order);
    for (const i of order) {
      const ru = userRow[i], ri = itemRow[i], p = position[i];
      const g = 1 / (1 + Math.exp(-score(m, ru, ri, p))) - labels[i]; // d logloss / d logit
      m.bias -= lr * g;
      m.posW[p] -= lr * g;
      if (ru >= 0) m.userBias[ru] -= lr * (g + l2 * m.userBias[ru]);
      if (ri >= 0) m.itemBias[ri] -= lr * (g + l2 * m.itemBias[ri]);
      if (ru >= 0 && ri >= 0) {
        for (let k = 0; k < dim; k++) {
          const u = m.U[ru * dim + k], v = m.V[ri * dim + k];
          m.U[ru * dim + k] -= lr * (g * v + l2 * u);
          m.V[ri * dim + k] -= lr * (g * u + l2 * v);
        }
      }
    }
  }
  return m;
}

/** Logits for rows given as (userRow, itemRow, position). O(n · dim). */
export function predictEmbeddingLogit(m: EmbeddingLogitModel, userRow: Int32Array, itemRow: Int32Array, position: Int32Array): Float32Array {
  const out = new Float32Array(userRow.length);
  for (let i = 0; i < out.length; i++) out[i] = score(m, userRow[i], itemRow[i], position[i]);
  return out;
}
