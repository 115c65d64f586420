/**
 * A neural ranker for the GBDT comparison: standardised features → DCN-style cross layers
 * (x_{l+1} = x0 ⊙ (x_l·w_l + b_l) + x_l, Wang et al., "Deep & Cross Network", ADKDD 2017) → an MLP →
 * one logit. Trained pointwise with sigmoid cross-entropy against the graded label's gain scaled to
 * [0, 1] ((2^label − 1) / (2^maxLabel − 1)), Adam, minibatches; tfjs through getTf() (node → wasm → cpu).
 */
import { throwIfAborted, UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { getTf, type Tf } from '../tf-backend.js';
import { applyStandardizer, fitStandardizer, type Standardizer } from './standardize.js';

type Tensor = import('@tensorflow/tfjs-core').Tensor;
type Tensor2D = import('@tensorflow/tfjs-core').Tensor2D;
type Variable = import('@tensorflow/tfjs-core').Variable;

export interface NnRankerOptions {
  hidden: number[];
  crossLayers: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  signal?: AbortSignal;
  /** awaited between minibatches (keeps a UI responsive) */
  tick?: () => Promise<void>;
  onProgress?: (fraction: number) => void;
}

export interface NnRanker {
  backend: string;
  trainMs: number;
  epochLoss: number[];
  /** trainable weights (cross layers and MLP): 4 bytes each at serving time */
  paramCount: number;
  /** scores (logits) of row-major raw features */
  predict(features: Float32Array, numRows: number): Float32Array;
  dispose(): void;
}

function glorot(tf: Tf, rng: Rng, rows: number, cols: number): Variable {
  const limit = Math.sqrt(6 / (rows + cols));
  const w = Float32Array.from({ length: rows * cols }, () => rng.uniform(-limit, limit));
  return tf.variable(tf.tensor2d(w, [rows, cols]));
}

interface Params {
  cross: { w: Variable; b: Variable }[];
  dense: { w: Variable; b: Variable }[];
}

function forward(tf: Tf, p: Params, x0: Tensor2D): Tensor2D {
  let x = x0;
  for (const c of p.cross) x = tf.add(tf.mul(x0, tf.add(tf.matMul(x, c.w), c.b)), x) as Tensor2D;
  p.dense.forEach((d, i) => {
    const z = tf.add(tf.matMul(x, d.w), d.b) as Tensor2D;
    x = i < p.dense.length - 1 ? tf.relu(z) : z;
  });
  return x;
}

export async function trainNnRanker(data: { features: Float32Array; numFeatures: number; labels: Float32Array }, o: NnRankerOptions): Promise<NnRanker> {
  if (!(o.epochs >= 1 && o.batchSize >= 1 && o.learningRate > 0)) throw new UsageError(`nn-ranker: epochs and batchSize must be ≥ 1 and learningRate > 0, got ${o.epochs}, ${o.batchSize}, ${o.learningRate}`);
  const { tf, backend } = await getTf();
  const n = data.labels.length;
  const std = fitStandardizer(data.features, n, data.numFeatures);
  const X = applyStandardizer(std, data.features, n);
  const W = std.outputWidth;
  let maxLabel = 0;
  for (let i = 0; i < n; i++) maxLabel = Math.max(maxLabel, data.labels[i]);
  const Y = Float32Array.from(data.labels, (l) => (2 ** l - 1) / Math.max(1, 2 ** maxLabel - 1));
  const rng = new Rng(o.seed);
  const init = rng.fork('init');
  const sizes = [W, ...o.hidden, 1];
  const params: Params = {
    cross: Array.from({ length: o.crossLayers }, () => ({ w: glorot(tf, init, W, 1), b: tf.variable(tf.zeros([W])) })),
    dense: sizes.slice(1).map((out, i) => ({ w: glorot(tf, init, sizes[i], out), b: tf.variable(tf.zeros([out])) })),
  };
  const optimizer = tf.train.adam(o.learningRate);
  const started = performance.now();
  const epochLoss: number[] = [];
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const bx = new Float32Array(o.batchSize * W);
  const by = new Float32Array(o.batchSize);
  const steps = Math.ceil(n / o.batchSize);
  for (let e = 0; e < o.epochs; e++) {
    rng.fork(`epoch-${e}`).shuffle(order);
    let lossSum = 0;
    for (let s = 0; s < steps; s++) {
      throwIfAborted(o.signal);
      const m = Math.min(o.batchSize, n - s * o.batchSize);
      for (let k = 0; k < m; k++) {
        const r = order[s * o.batchSize + k];
        bx.set(X.subarray(r * W, (r + 1) * W), k * W);
        by[k] = Y[r];
      }
      const xb = tf.tensor2d(bx.subarray(0, m * W), [m, W]);
      const yb = tf.tensor2d(by.subarray(0, m), [m, 1]);
      const loss = optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(yb, forward(tf, params, xb)) as import('@tensorflow/tfjs-core').Scalar, true);
      lossSum += loss ? (await loss.data())[0] : NaN;
      loss?.dispose();
      xb.dispose();
      yb.dispose();
      o.onProgress?.((e * steps + s + 1) / (o.epochs * steps));
      if (o.tick) await o.tick();
    }
    epochLoss.push(lossSum / steps);
  }
  const trainMs = performance.now() - started;
  return makeRanker(tf, backend, params, std, trainMs, epochLoss, optimizer);
}

function makeRanker(tf: Tf, backend: string, params: Params, std: Standardizer, trainMs: number, epochLoss: number[], optimizer: { dispose(): void }): NnRanker {
  return {
    backend,
    trainMs,
    epochLoss,
    paramCount: [...params.cross, ...params.dense].reduce((s, p) => s + p.w.size + p.b.size, 0),
    predict(features, numRows) {
      const X = applyStandardizer(std, features, numRows);
      const out = tf.tidy(() => tf.reshape(forward(tf, params, tf.tensor2d(X, [numRows, std.outputWidth])), [numRows]) as Tensor);
      const v = out.dataSync() as Float32Array;
      out.dispose();
      return Float32Array.from(v);
    },
    dispose() {
      for (const p of [...params.cross, ...params.dense]) {
        p.w.dispose();
        p.b.dispose();
      }
      optimizer.dispose();
    },
  };
}
