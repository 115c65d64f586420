/**
 * Next-item training for a sequence encoder: from a user's last `maxLength` items, score the next one against
 * `negatives` uniform random items with a sampled softmax (uniform sampling needs no logQ correction). An item's
 * vector is its id row plus its leaf-category row (so rare items borrow from their leaf), with a learned bias;
 * tables take sparse row-wise Adagrad updates (the lab's sparse/dense split), the encoder's dense weights Adam.
 * The same trainer, data and seed for every encoder, so the encoders differ only in how they pool the history.
 * objective 'masked' (attention only) trains BERT4Rec-style (Sun et al., 2019): each example's window (the target
 * and its history) has one item replaced by a learned [mask] row, which asks for it with items on both sides —
 * the newest item in half the examples (BERT4Rec's last-item samples), else a random one; serving puts the [mask]
 * before the history, in the next item's place.
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
  /** 'next': predict the next item from the history; 'masked': BERT4Rec's cloze task (attention only) */
  objective: SequenceObjective;
}

export const OBJECTIVES = ['next', 'masked'] as const;
export type SequenceObjective = (typeof OBJECTIVES)[number];

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
  /** the [mask] row of the masked objective (null otherwise) */
  mask: EmbeddingTable | null;
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
  if (!(OBJECTIVES as readonly string[]).includes(o.objective)) throw new UsageError(`sequence model: objective must be one of ${OBJECTIVES.join(', ')}, got ${o.objective}`);
  const masked = kind === 'attention' && o.objective === 'masked';
  return {
    // the masked model reads a [mask] row besides the history: one more position
    encoder: makeEncoder(kind, o.dim, o.maxLength + (masked ? 1 : 0), o.decay, rng.fork('encoder')),
    ids: new EmbeddingTable(items, o.dim, rng.fork('ids'), 0.05),
    leaves: new EmbeddingTable(leaves, o.dim, rng.fork('leaves'), 0.05),
    bias: new EmbeddingTable(items, 1, rng.fork('bias'), 0),
    leafOf,
    dim: o.dim,
    mask: masked ? new EmbeddingTable(1, o.dim, rng.fork('mask'), 0.05) : null,
  };
}

/** x[o..o+d) = item i's vector (id row + leaf row). */
export function itemVector(m: SequenceModel, i: number, x: Float32Array, o: number): void {
  const d = m.dim;
  x.fill(0, o, o + d);
  m.ids.addRowTo(i, x, o, 1);
  m.leaves.addRowTo(m.leafOf[i], x, o, 1);
}

/** The user vector of one history (newest first); a masked model asks with its [mask] row in the next item's place. */
export function encodeHistory(m: SequenceModel, history: ArrayLike<number>, x: Float32Array, u: Float64Array): void {
  const shift = m.mask ? 1 : 0;
  if (m.mask) {
    x.fill(0, 0, m.dim);
    m.mask.addRowTo(0, x, 0, 1);
  }
  for (let j = 0; j < history.length; j++) itemVector(m, history[j], x, (j + shift) * m.dim);
  m.encoder.forward(x, history.length + shift, u, 0);
}

/**
 * One training input: the next-item task (the history, the target to predict), or with a [mask] the cloze task —
 * window = target then history, one random row masked and asked for. Returns the item to predict.
 */
function encodeExample(m: SequenceModel, target: number, hist: Int32Array, x: Float32Array, u: Float64Array, rng: Rng, window: Int32Array): { predict: number; query: number; rows: number } {
  if (!m.mask) {
    encodeHistory(m, hist, x, u);
    return { predict: target, query: 0, rows: hist.length };
  }
  const rows = hist.length + 1;
  window[0] = target;
  window.set(hist, 1);
  // half the examples mask the newest item, as BERT4Rec adds last-item-masked samples to match how it serves
  const query = rng.next() < 0.5 ? 0 : rng.int(rows);
  for (let j = 0; j < rows; j++) {
    if (j === query) {
      x.fill(0, j * m.dim, (j + 1) * m.dim);
      m.mask.addRowTo(0, x, j * m.dim, 1);
    } else itemVector(m, window[j], x, j * m.dim);
  }
  m.encoder.forward(x, rows, u, query);
  return { predict: window[query], query, rows };
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
  const x = new Float32Array((o.maxLength + 1) * d);
  const u = new Float64Array(d);
  const gu = new Float64Array(d);
  const gx = new Float64Array((o.maxLength + 1) * d);
  const window = new Int32Array(o.maxLength + 1);
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
        const { predict, query, rows } = encodeExample(m, ex.target[e], hist, x, u, rng, window);
        cand[0] = predict;
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
        for (let j = 0; j < rows; j++) {
          for (let k = 0; k < d; k++) g32[k] = gx[j * d + k];
          if (m.mask && j === query) {
            m.mask.addGrad(0, g32, 0, 1);
            continue;
          }
          const item = m.mask ? window[j] : hist[j];
          m.ids.addGrad(item, g32, 0, 1);
          m.leaves.addGrad(m.leafOf[item], g32, 0, 1);
        }
      }
      m.ids.apply(o.tableLearningRate, 'adagrad');
      m.leaves.apply(o.tableLearningRate, 'adagrad');
      m.bias.apply(o.tableLearningRate, 'adagrad');
      m.mask?.apply(o.tableLearningRate, 'adagrad');
      adam?.update(m.encoder.grads);
      await tick();
    }
    losses.push(total / n);
  }
  return losses;
}
