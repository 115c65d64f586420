/**
 * Logistic regression trained by stochastic gradient descent — the "simple model" the guide says
 * suits online (incremental) learning: one example at a time, O(d) per update, no retraining pass.
 * Row-major feature matrices (n × d Float32Array), labels 0/1.
 */
import { UsageError } from '../errors.js';
import type { Rng } from '../rng.js';

export interface LogisticModel {
  dim: number;
  weights: Float64Array;
  bias: number;
  /** examples seen so far (for 1/√t step decay and for reporting update cost) */
  updates: number;
}

export interface SgdOptions {
  /** base step size η₀ (default 0.05); the step is η₀ / √(1 + t/1000) so late updates move less */
  learningRate?: number;
  /** L2 penalty λ on the weights (not the bias), default 1e-4 */
  l2?: number;
}

/** A zero-initialised model over `dim` features (σ(0) = 0.5 everywhere). O(dim). Throws UsageError for dim < 1. */
export function createLogistic(dim: number): LogisticModel {
  if (!Number.isInteger(dim) || dim < 1) throw new UsageError(`createLogistic: dim must be an integer ≥ 1, got ${dim}`);
  return { dim, weights: new Float64Array(dim), bias: 0, updates: 0 };
}

/** An independent copy (weights copied, not shared). O(dim). */
export function cloneLogistic(m: LogisticModel): LogisticModel {
  return { dim: m.dim, weights: Float64Array.from(m.weights), bias: m.bias, updates: m.updates };
}

/** Logit w·x + b of row `row` of a row-major matrix. O(d). */
export function logisticLogit(m: LogisticModel, X: ArrayLike<number>, row: number): number {
  let s = m.bias;
  const off = row * m.dim;
  for (let k = 0; k < m.dim; k++) s += m.weights[k] * X[off + k];
  return s;
}

/** σ(z) computed without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Logits of all n rows into a new Float64Array. O(n·d). */
export function logisticScores(m: LogisticModel, X: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = logisticLogit(m, X, i);
  return out;
}

/**
 * One SGD step on example `row`: with p = σ(w·x + b), the log-loss gradient is (p − y)·x (+ λw), so
 * w ← w − η_t·((p − y)·x + λ·w), b ← b − η_t·(p − y). Returns the example's log loss before the step.
 * O(d).
 */
export function sgdStep(m: LogisticModel, X: ArrayLike<number>, y: ArrayLike<number>, row: number, opts: SgdOptions = {}): number {
  const eta0 = opts.learningRate ?? 0.05;
  const l2 = opts.l2 ?? 1e-4;
  const eta = eta0 / Math.sqrt(1 + m.updates / 1000);
  const p = sigmoid(logisticLogit(m, X, row));
  const label = y[row];
  const g = p - label;
  const off = row * m.dim;
  for (let k = 0; k < m.dim; k++) m.weights[k] -= eta * (g * X[off + k] + l2 * m.weights[k]);
  m.bias -= eta * g;
  m.updates++;
  const clipped = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return -(label * Math.log(clipped) + (1 - label) * Math.log(1 - clipped));
}

/**
 * `epochs` passes of SGD over n rows, visiting rows in an order shuffled by `rng` each epoch (a fixed
 * order would let the last rows of a time-sorted log dominate). Returns the mean log loss of the
 * last epoch. O(epochs·n·d). Throws UsageError on shape mismatch or epochs < 1.
 */
export function fitLogistic(
  m: LogisticModel,
  X: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number,
  rng: Rng,
  opts: SgdOptions & { epochs?: number } = {},
): number {
  const epochs = opts.epochs ?? 3;
  if (!Number.isInteger(epochs) || epochs < 1) throw new UsageError(`fitLogistic: epochs must be an integer ≥ 1, got ${epochs}`);
  if (X.length < n * m.dim || y.length < n) {
    throw new UsageError(`fitLogistic: X must hold n×dim = ${n}×${m.dim} values and y n labels, got ${X.length} and ${y.length}`);
  }
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let loss = 0;
  for (let e = 0; e < epochs; e++) {
    rng.shuffle(order);
    loss = 0;
    for (let i = 0; i < n; i++) loss += sgdStep(m, X, y, order[i], opts);
  }
  return n > 0 ? loss / n : 0;
}

/** Mean log loss of the model on n rows. O(n·d). */
export function logLoss(m: LogisticModel, X: ArrayLike<number>, y: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(logisticLogit(m, X, i))));
    s -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
  }
  return n > 0 ? s / n : 0;
}
