/**
 * Next-item training for a sequence encoder: from a user's last `maxLength` items, score the next one against
 * `negatives` uniform random items with a sampled softmax (uniform sampling needs no logQ correction). An item's
 * vector is its id row plus its leaf-category row (so rare items borrow from their leaf), with a learned bias;
 * tables take sparse row-wise Adagrad updates (the lab's sparse/dense split), the encoder's dense weights Adam.
 * The same trainer, data and seed for every encoder, so the encoders differ only in how they pool the history.
 * O(examples · epochs · (maxLength · d² + negatives · d)).
 */
import { UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { HostAdam } from '../two-tower/adam.js';
import { EmbeddingTable } from '../two-tower/embedding-table.js';
import { makeEncoder, type EncoderKind, type SequenceEncoder } from './encoders.js';

export interface SequenceTrainOptions {
  dim: number;
  maxLength: number;
  negatives: number;
  epochs: number;
  batchSize: number;
  /** Adam's rate for the encoder, and the tables' Adagrad rate */
  learningRate: number;
  tableLearningRate: number;
  /** recency encoder's decay per position */
  decay: number;
}

/** Histories as CSR over an item stream: example e predicts item[target[e]] from the items at history rows. */
export interface SequenceExamples {
  /** item of each example's target */
  target: Int32Array;
  /** offsets into `history` (length examples + 1); each history newest first, at most maxLength */
  offsets: Int32Array;
  history: Int32Array;
}

export interface SequenceModel {
  encoder: SequenceEncoder;
  ids: EmbeddingTable;
  leaves: EmbeddingTable;
  bias: EmbeddingTable;
  leafOf: Int32Array;
  dim: number;
}

/**
 * Examples from per-user item sequences in time order: each position t ≥ 1 predicts item t from items
 * max(0, t − maxLength) … t − 1 (newest first). `isTarget(position)` picks which positions become examples.
 */
export function buildExamples(user: ArrayLike<number>, item: ArrayLike<number>, users: number, maxLength: number, isTarget: (row: number) => boolean): SequenceExamples {
  const seq: number[][] = Array.from({ length: users }, () => []);
  const target: number[] = [];
  const offsets: number[] = [0];
  const history: number[] = [];
  for (let r = 0; r < user.length; r++) {
    const s = seq[user[r]];
    if (s.length > 0 && isTarget(r)) {
      target.push(item[r]);
      for (let j = s.length - 1; j >= Math.max(0, s.length - maxLength); j--) history.push(s[j]);
      offsets.push(history.length);
    }
    s.push(item[r]);
  }
  return { target: Int32Array.from(target), offsets: Int32Array.from(offsets), history: Int32Array.from(history) };
}

export function createModel(kind: EncoderKind, items: number, leafOf: Int32Array, leaves: number, o: SequenceTrainOptions, rng: Rng): SequenceModel {
  if (!(Number.isInteger(o.maxLength) && o.maxLength >= 1)) throw new UsageError(`sequence model: maxLength must be an integer ≥ 1, got ${o.maxLength}`);
  return {
    encoder: makeEncoder(kind, o.dim, o.maxLength, o.decay, rng.fork('encoder')),
    ids: new EmbeddingTable(items, o.dim, rng.fork('ids'), 0.05),
    leaves: new EmbeddingTable(leaves, o.dim, rng.fork('leaves'), 0.05),
    bias: new EmbeddingTable(items, 1, rng.fork('bias'), 0),
    leafOf,
    dim: o.dim,
  };
}

/** x[o..o+d) = item i's vector (id row + leaf row). */
export function itemVector(m: SequenceModel, i: number, x: Float32Array, o: number): void {
  const d = m.dim;
  x.fill(0, o, o + d);
  m.ids.addRowTo(i, x, o, 1);
  m.leaves.addRowTo(m.leafOf[i], x, o, 1);
}

/** The user vector of one history (newest first). */
export function encodeHistory(m: SequenceModel, history: ArrayLike<number>, x: Float32Array, u: Float64Array): void {
  for (let j = 0; j < history.length; j++) itemVector(m, history[j], x, j * m.dim);
  m.encoder.forward(x, history.length, u);
}

/** Every item's vector (items × d) and bias: what scoring at serving time reads. O(items · d). */
export function itemMatrix(m: SequenceModel): { vectors: Float32Array; bias: Float32Array } {
  const n = m.bias.rows;
  const vectors = new Float32Array(n * m.dim);
  for (let i = 0; i < n; i++) itemVector(m, i, vectors, i * m.dim);
  return { vectors, bias: Float32Array.from(m.bias.data) };
}

/** Train in place; returns the mean loss of each epoch. `tick` is awaited between batches (cancellation). */
export async function trainSequenceModel(m: SequenceModel, ex: SequenceExamples, o: SequenceTrainOptions, rng: Rng, tick: () => Promise<void>): Promise<number[]> {
  const d = o.dim;
  const n = ex.target.length;
  if (n === 0) throw new UsageError('sequence model: no training examples (every user has a single engagement?)');
  const adam = m.encoder.params.length ? new HostAdam(m.encoder.params, o.learningRate) : null;
  const x = new Float32Array(o.maxLength * d);
  const u = new Float64Array(d);
  const gu = new Float64Array(d);
  const gx = new Float64Array(o.maxLength * d);
  const cand = new Int32Array(o.negatives + 1);
  const vec = new Float32Array((o.negatives + 1) * d);
  const z = new Float64Array(o.negatives + 1);
  const g32 = new Float32Array(d);
  const one = new Float32Array(1);
  const order = Int32Array.from({ length: n }, (_, e) => e);
  const losses: number[] = [];
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    rng.shuffle(order);
    let total = 0;
    for (let b0 = 0; b0 < n; b0 += o.batchSize) {
      const b1 = Math.min(n, b0 + o.batchSize);
      for (const g of m.encoder.grads) g.fill(0);
      for (let p = b0; p < b1; p++) {
        const e = order[p];
        const hist = ex.history.subarray(ex.offsets[e], ex.offsets[e + 1]);
        encodeHistory(m, hist, x, u);
        cand[0] = ex.target[e];
        for (let c = 1; c <= o.negatives; c++) cand[c] = rng.int(m.bias.rows);
        let max = -Infinity;
        for (let c = 0; c <= o.negatives; c++) {
          itemVector(m, cand[c], vec, c * d);
          let s = m.bias.data[cand[c]];
          for (let k = 0; k < d; k++) s += u[k] * vec[c * d + k];
          z[c] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let c = 0; c <= o.negatives; c++) sum += z[c] = Math.exp(z[c] - max);
        total -= Math.log(z[0] / sum);
        gu.fill(0);
        const scale = 1 / (b1 - b0);
        for (let c = 0; c <= o.negatives; c++) {
          // a negative that happens to be the target is still a negative here (uniform sampling, rare at scale)
          const dz = (z[c] / sum - (c === 0 ? 1 : 0)) * scale;
          for (let k = 0; k < d; k++) {
            gu[k] += dz * vec[c * d + k];
            g32[k] = dz * u[k];
          }
          m.ids.addGrad(cand[c], g32, 0, 1);
          m.leaves.addGrad(m.leafOf[cand[c]], g32, 0, 1);
          one[0] = dz;
          m.bias.addGrad(cand[c], one, 0, 1);
        }
        m.encoder.backward(gu, gx);
        for (let j = 0; j < hist.length; j++) {
          for (let k = 0; k < d; k++) g32[k] = gx[j * d + k];
          m.ids.addGrad(hist[j], g32, 0, 1);
          m.leaves.addGrad(m.leafOf[hist[j]], g32, 0, 1);
        }
      }
      m.ids.apply(o.tableLearningRate, 'adagrad');
      m.leaves.apply(o.tableLearningRate, 'adagrad');
      m.bias.apply(o.tableLearningRate, 'adagrad');
      adam?.update(m.encoder.grads);
      await tick();
    }
    losses.push(total / n);
  }
  return losses;
}
