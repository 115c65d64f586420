/**
 * A multi-task ranker with three heads — click (log loss), dwell (squared error on log dwell, clicked rows only)
 * and purchase (log loss) — over one of two trunks:
 *   shared-bottom: one ReLU layer every task reads (Caruana, "Multitask Learning", 1997);
 *   mmoe: E expert layers mixed per task by a softmax gate on the input (Ma et al., "Modeling Task Relationships in
 *         Multi-task Learning with Multi-gate Mixture-of-Experts", KDD 2018), so tasks that disagree can use
 *         different experts.
 * Each task has its own small tower. A task's loss weight of 0 trains a single-task model with the same code.
 * Adam, minibatches, tfjs through getTf() (node → wasm → cpu).
 */
import { throwIfAborted, UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { getTf, type Tf } from '../tf-backend.js';
import { applyStandardizer, fitStandardizer } from './standardize.js';

type Tensor2D = import('@tensorflow/tfjs-core').Tensor2D;
type Variable = import('@tensorflow/tfjs-core').Variable;
type Scalar = import('@tensorflow/tfjs-core').Scalar;

export const TASKS = ['click', 'dwell', 'purchase'] as const;
export type Task = (typeof TASKS)[number];
export const TRUNKS = ['shared-bottom', 'mmoe'] as const;
export type Trunk = (typeof TRUNKS)[number];

export interface MultiTaskData {
  features: Float32Array;
  numFeatures: number;
  click: Float32Array;
  /** log dwell seconds where clicked (ignored elsewhere) */
  logDwell: Float32Array;
  purchase: Float32Array;
}

export interface MultiTaskOptions {
  trunk: Trunk;
  /** width of the shared layer, or of each expert */
  hidden: number;
  /** experts (mmoe only) */
  experts: number;
  towerHidden: number;
  /** loss weight per task; 0 leaves a head untrained (a single-task model) */
  lossWeights: Record<Task, number>;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  signal?: AbortSignal;
  tick?: () => Promise<void>;
  onProgress?: (fraction: number) => void;
}

export interface MultiTaskPredictions {
  /** logit of P(click) */
  clickLogit: Float32Array;
  /** predicted log dwell given a click */
  logDwell: Float32Array;
  /** logit of P(purchase) */
  purchaseLogit: Float32Array;
}

export interface MultiTaskRanker {
  backend: string;
  trainMs: number;
  epochLoss: number[];
  predict(features: Float32Array, numRows: number): MultiTaskPredictions;
  dispose(): void;
}

interface Dense {
  w: Variable;
  b: Variable;
}

function dense(tf: Tf, rng: Rng, rows: number, cols: number): Dense {
  const limit = Math.sqrt(6 / (rows + cols));
  const w = Float32Array.from({ length: rows * cols }, () => rng.uniform(-limit, limit));
  return { w: tf.variable(tf.tensor2d(w, [rows, cols])), b: tf.variable(tf.zeros([cols])) };
}

const apply = (tf: Tf, d: Dense, x: Tensor2D): Tensor2D => tf.add(tf.matMul(x, d.w), d.b) as Tensor2D;

interface Net {
  /** every expert's layer in one matrix, input → experts · hidden (shared-bottom: one expert) */
  bottom: Dense;
  experts: number;
  hidden: number;
  gates: Dense[]; // mmoe: one per task (input → experts)
  towers: { hidden: Dense; out: Dense }[];
}

/** The three heads' outputs, [rows, 1] each, in TASKS order. */
function forward(tf: Tf, net: Net, trunk: Trunk, x: Tensor2D): Tensor2D[] {
  const h = tf.relu(apply(tf, net.bottom, x)) as Tensor2D; // [rows, E·H]
  const rows = x.shape[0];
  const experts = trunk === 'mmoe' ? tf.reshape(h, [rows, net.experts, net.hidden]) : null; // [rows, E, H]
  return net.towers.map((tower, t) => {
    let input = h;
    if (experts) {
      const gate = tf.softmax(apply(tf, net.gates[t], x)) as Tensor2D; // [rows, E]
      // Σ_e g_e · expert_e as a batched [1 × E]·[E × H] product per row
      input = tf.reshape(tf.matMul(tf.reshape(gate, [rows, 1, net.experts]), experts), [rows, net.hidden]) as Tensor2D;
    }
    return apply(tf, tower.out, tf.relu(apply(tf, tower.hidden, input)) as Tensor2D);
  });
}

export async function trainMultiTaskRanker(data: MultiTaskData, o: MultiTaskOptions): Promise<MultiTaskRanker> {
  if (!(TRUNKS as readonly string[]).includes(o.trunk)) throw new UsageError(`multi-task ranker: trunk must be one of ${TRUNKS.join(', ')}, got "${o.trunk}"`);
  if (!(o.epochs >= 1 && o.batchSize >= 1 && o.learningRate > 0 && o.hidden >= 1 && o.experts >= 1 && o.towerHidden >= 1)) {
    throw new UsageError(`multi-task ranker: epochs, batchSize, hidden, experts, towerHidden must be ≥ 1 and learningRate > 0`);
  }
  const { tf, backend } = await getTf();
  const n = data.click.length;
  const std = fitStandardizer(data.features, n, data.numFeatures);
  const X = applyStandardizer(std, data.features, n);
  const W = std.outputWidth;
  // centre the dwell target so its head starts near the answer (added back at prediction)
  let dwellSum = 0;
  let clicks = 0;
  for (let i = 0; i < n; i++) if (data.click[i] > 0) { dwellSum += data.logDwell[i]; clicks++; }
  const dwellMean = clicks > 0 ? dwellSum / clicks : 0;
  const rng = new Rng(o.seed);
  const init = rng.fork('init');
  const E = o.trunk === 'mmoe' ? o.experts : 1;
  const net: Net = {
    bottom: dense(tf, init, W, E * o.hidden),
    experts: E,
    hidden: o.hidden,
    gates: o.trunk === 'mmoe' ? TASKS.map(() => dense(tf, init, W, E)) : [],
    towers: TASKS.map(() => ({ hidden: dense(tf, init, o.hidden, o.towerHidden), out: dense(tf, init, o.towerHidden, 1) })),
  };
  const variables = [net.bottom, ...net.gates, ...net.towers.flatMap((t) => [t.hidden, t.out])].flatMap((d) => [d.w, d.b]);
  const optimizer = tf.train.adam(o.learningRate);
  const started = performance.now();
  const epochLoss: number[] = [];
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const B = o.batchSize;
  const bx = new Float32Array(B * W);
  const by = [new Float32Array(B), new Float32Array(B), new Float32Array(B)];
  const mask = new Float32Array(B);
  const steps = Math.ceil(n / B);
  const [wc, wd, wp] = TASKS.map((t) => o.lossWeights[t]);
  for (let e = 0; e < o.epochs; e++) {
    rng.fork(`epoch-${e}`).shuffle(order);
    let lossSum = 0;
    for (let s = 0; s < steps; s++) {
      throwIfAborted(o.signal);
      const m = Math.min(B, n - s * B);
      for (let k = 0; k < m; k++) {
        const r = order[s * B + k];
        bx.set(X.subarray(r * W, (r + 1) * W), k * W);
        by[0][k] = data.click[r];
        mask[k] = data.click[r] > 0 ? 1 : 0;
        by[1][k] = mask[k] ? data.logDwell[r] - dwellMean : 0;
        by[2][k] = data.purchase[r];
      }
      const xb = tf.tensor2d(bx.subarray(0, m * W), [m, W]);
      const yc = tf.tensor2d(by[0].subarray(0, m), [m, 1]);
      const yd = tf.tensor2d(by[1].subarray(0, m), [m, 1]);
      const yp = tf.tensor2d(by[2].subarray(0, m), [m, 1]);
      const mk = tf.tensor2d(mask.subarray(0, m), [m, 1]);
      const loss = optimizer.minimize(() => {
        const [c, d, p] = forward(tf, net, o.trunk, xb);
        const lc = tf.losses.sigmoidCrossEntropy(yc, c);
        const lp = tf.losses.sigmoidCrossEntropy(yp, p);
        // squared error on clicked rows only: dwell is defined given a click
        const ld = tf.div(tf.sum(tf.mul(mk, tf.square(tf.sub(d, yd)))), tf.maximum(tf.sum(mk), 1));
        return tf.addN([tf.mul(lc, wc), tf.mul(ld, wd), tf.mul(lp, wp)]) as Scalar;
      }, true, variables);
      lossSum += loss ? (await loss.data())[0] : Number.NaN;
      loss?.dispose();
      for (const t of [xb, yc, yd, yp, mk]) t.dispose();
      o.onProgress?.((e * steps + s + 1) / (o.epochs * steps));
      if (o.tick) await o.tick();
    }
    epochLoss.push(lossSum / steps);
  }
  const trainMs = performance.now() - started;
  return {
    backend,
    trainMs,
    epochLoss,
    predict(features, numRows) {
      const Xp = applyStandardizer(std, features, numRows);
      const outs = tf.tidy(() => forward(tf, net, o.trunk, tf.tensor2d(Xp, [numRows, W])));
      const [c, d, p] = outs.map((t) => Float32Array.from(t.dataSync() as Float32Array));
      for (const t of outs) t.dispose();
      for (let i = 0; i < d.length; i++) d[i] += dwellMean;
      return { clickLogit: c, logDwell: d, purchaseLogit: p };
    },
    dispose() {
      for (const v of variables) v.dispose();
      optimizer.dispose();
    },
  };
}
