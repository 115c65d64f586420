/**
 * Per-request serving cost of the two architectures (cost only: weights are seeded random, the
 * numbers of multiply-adds and the memory traffic are what matter):
 *
 * - two-tower: encode the user once (user tower, 1 row), then search cached item vectors
 *   (exact inner products over all items, or an ANN index elsewhere);
 * - single tower (cross model): an MLP over [user features ‖ item features] for every item in the
 *   catalog, batched as one tfjs forward over N rows, then top-k. Nothing per item can be cached,
 *   because every layer sees the pair.
 */
import type { Rng } from '../../core/rng.js';
import { getTf } from '../tf-backend.js';

export interface CrossModel {
  /** score all N cached item feature rows for one user and return the top-k ids */
  topK(user: Float32Array, k: number): Int32Array;
  dispose(): void;
}

export interface UserEncoder {
  encode(x: Float32Array): Float32Array;
  dispose(): void;
}

function glorot(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: fanIn * fanOut }, () => rng.uniform(-limit, limit));
}

/** A cross model [u ‖ v] (2d) → hidden → hidden → 1 with ReLU, over `items` (N × d) kept on the tfjs backend. */
export async function createCrossModel(items: Float32Array, d: number, hidden: number, rng: Rng): Promise<CrossModel> {
  const { tf } = await getTf({ gradients: false });
  const N = items.length / d;
  const v = tf.keep(tf.tensor2d(items, [N, d]));
  // the first layer on [u ‖ v] is u·W1u + v·W1v: the same maths without materialising N copies of u
  // (tfjs-wasm's tile + concat of N × 2d rows costs more than the whole MLP)
  const w1 = glorot(rng, 2 * d, hidden);
  const w1u = tf.keep(tf.tensor2d(w1.subarray(0, d * hidden), [d, hidden]));
  const w1v = tf.keep(tf.tensor2d(w1.subarray(d * hidden), [d, hidden]));
  const w2 = tf.keep(tf.tensor2d(glorot(rng, hidden, hidden), [hidden, hidden]));
  const w3 = tf.keep(tf.tensor2d(glorot(rng, hidden, 1), [hidden, 1]));
  return {
    topK(user, k) {
      const idx = tf.tidy(() => {
        const h1 = tf.relu(tf.add(tf.matMul(v, w1v), tf.matMul(tf.tensor2d(user, [1, d]), w1u)));
        const h2 = tf.relu(tf.matMul(h1, w2));
        const s = tf.reshape(tf.matMul(h2, w3), [N]);
        return tf.topk(s, Math.min(k, N)).indices;
      });
      const out = Int32Array.from(idx.dataSync() as Int32Array);
      idx.dispose();
      return out;
    },
    dispose() {
      tf.dispose([v, w1u, w1v, w2, w3]);
    },
  };
}

/** The user tower alone (d → hidden → d, L2-normalised): what a two-tower request computes before the search. */
export async function createUserEncoder(d: number, hidden: number, rng: Rng): Promise<UserEncoder> {
  const { tf } = await getTf({ gradients: false });
  const w1 = tf.keep(tf.tensor2d(glorot(rng, d, hidden), [d, hidden]));
  const w2 = tf.keep(tf.tensor2d(glorot(rng, hidden, d), [hidden, d]));
  return {
    encode(x) {
      const t = tf.tidy(() => {
        const h = tf.matMul(tf.relu(tf.matMul(tf.tensor2d(x, [1, d]), w1)), w2);
        return tf.div(h, tf.norm(h));
      });
      const out = Float32Array.from(t.dataSync() as Float32Array);
      t.dispose();
      return out;
    },
    dispose() {
      tf.dispose([w1, w2]);
    },
  };
}

/** Exact top-k by inner product over cached item vectors kept on the tfjs backend (d × N, pre-transposed). */
export async function createExactScorer(items: Float32Array, d: number): Promise<{ topK(q: Float32Array, k: number): Int32Array; dispose(): void }> {
  const { tf } = await getTf({ gradients: false });
  const N = items.length / d;
  const vt = tf.keep(tf.tidy(() => tf.transpose(tf.tensor2d(items, [N, d]))));
  return {
    topK(q, k) {
      const idx = tf.tidy(() => tf.topk(tf.reshape(tf.matMul(tf.tensor2d(q, [1, d]), vt), [N]), Math.min(k, N)).indices);
      const out = Int32Array.from(idx.dataSync() as Int32Array);
      idx.dispose();
      return out;
    },
    dispose() {
      vt.dispose();
    },
  };
}
