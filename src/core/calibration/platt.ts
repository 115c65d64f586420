/**
 * Platt scaling (Platt, 1999): fit p = 1 / (1 + exp(−(a·score + b))) to 0/1 labels by maximum likelihood, no
 * penalty and no target smoothing — a one-feature logistic regression on the score. Newton's method, started from
 * the fit on a strided sample of SAMPLE rows (cheap, and already within ~1/√SAMPLE of the optimum, where Newton
 * converges quadratically), so the full data takes about three passes. Each pass gives the gradient and Hessian with
 * one exp per row and no log: a step is kept while the Newton decrement falls; a step that raises it (far from the
 * optimum) falls back to halving the step on the log loss.
 */
import { UsageError } from '../errors.js';

export interface PlattParams {
  a: number;
  b: number;
}

/** rows of the strided sample the full-data Newton starts from (when n is at least 4× that) */
const SAMPLE = 1 << 15;

/** Gradient and Hessian of the log loss at (a, b) over rows start, start + stride, …; one exp per row. */
function derivatives(labels: ArrayLike<number>, scores: ArrayLike<number>, a: number, b: number, stride: number) {
  let ga = 0;
  let gb = 0;
  let haa = 0;
  let hab = 0;
  let hbb = 0;
  for (let i = 0; i < scores.length; i += stride) {
    const s = scores[i];
    const p = 1 / (1 + Math.exp(-(a * s + b))); // exp overflows to ∞ for z < −709: p = 0, no NaN
    const r = p - labels[i];
    const w = p * (1 - p);
    ga += r * s;
    gb += r;
    haa += w * s * s;
    hab += w * s;
    hbb += w;
  }
  // the Newton step H⁻¹g and the decrement λ² = g·H⁻¹g (≈ twice the loss left to gain, to second order)
  const det = haa * hbb - hab * hab;
  const da = (hbb * ga - hab * gb) / det;
  const db = (haa * gb - hab * ga) / det;
  return { da, db, decrement: ga * da + gb * db, ok: det > 0 && Number.isFinite(da) && Number.isFinite(db) };
}

/** Log loss at (a, b) over the strided rows: softplus(z) − y·z with one exp and one log1p per row. */
function logLoss(labels: ArrayLike<number>, scores: ArrayLike<number>, a: number, b: number, stride: number): number {
  let loss = 0;
  for (let i = 0; i < scores.length; i += stride) {
    const z = a * scores[i] + b;
    loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - labels[i] * z;
  }
  return loss;
}

/**
 * Newton's method from (a, b) on the strided rows, until the decrement per row is below 1e-14 (then that last step is
 * taken: in the quadratic region what is left after it is of the order of its square). sklearn's lbfgs stops instead
 * on the gradient's size (tol), to the same few parts in 10⁹ on a and b.
 */
function newton(labels: ArrayLike<number>, scores: ArrayLike<number>, a0: number, b0: number, stride: number): PlattParams {
  const rows = Math.ceil(scores.length / stride);
  let a = a0;
  let b = b0;
  let at = derivatives(labels, scores, a, b, stride);
  for (let iter = 0; iter < 100 && at.ok; iter++) {
    if (at.decrement <= 1e-14 * rows) return { a: a - at.da, b: b - at.db };
    const next = derivatives(labels, scores, a - at.da, b - at.db, stride);
    if (next.ok && next.decrement < at.decrement) {
      a -= at.da;
      b -= at.db;
      at = next;
      continue;
    }
    // the full step raised the decrement: halve it until the log loss falls (Newton's direction descends, so it will)
    const before = logLoss(labels, scores, a, b, stride);
    let step = 0.5;
    while (step > 1e-10 && !(logLoss(labels, scores, a - step * at.da, b - step * at.db, stride) < before)) step /= 2;
    if (step <= 1e-10) break;
    a -= step * at.da;
    b -= step * at.db;
    at = derivatives(labels, scores, a, b, stride);
  }
  return { a, b };
}

/**
 * Maximum-likelihood {a, b}; apply with `plattProbability`. Labels in [0, 1] (0/1, or soft labels).
 * Throws UsageError on a length mismatch, a label outside [0, 1], a non-finite score, one class only, or scores
 * that separate the classes (every positive above every negative, or below): then the likelihood has no maximum.
 */
export function plattScaling(labels: ArrayLike<number>, scores: ArrayLike<number>): PlattParams {
  const n = labels.length;
  if (scores.length !== n) throw new UsageError(`plattScaling: labels and scores must have the same length, got ${n} and ${scores.length}`);
  let sumY = 0;
  let minPos = Infinity;
  let maxPos = -Infinity;
  let minNeg = Infinity;
  let maxNeg = -Infinity;
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    const s = scores[i];
    if (!(y >= 0 && y <= 1)) throw new UsageError(`plattScaling: labels[${i}] must be in [0, 1], got ${y}`);
    if (!Number.isFinite(s)) throw new UsageError(`plattScaling: scores[${i}] must be finite, got ${s}`);
    sumY += y;
    if (y > 0) {
      minPos = Math.min(minPos, s);
      maxPos = Math.max(maxPos, s);
    }
    if (y < 1) {
      minNeg = Math.min(minNeg, s);
      maxNeg = Math.max(maxNeg, s);
    }
  }
  if (sumY === 0 || sumY === n) throw new UsageError(`plattScaling: needs both classes, got ${sumY} positive of ${n}`);
  if (maxNeg < minPos || maxPos < minNeg) {
    throw new UsageError('plattScaling: the scores separate the classes, so the likelihood has no maximum (a grows without bound)');
  }
  let a = 0;
  let b = Math.log(sumY / (n - sumY));
  const stride = Math.floor(n / SAMPLE);
  if (stride >= 4 && sampleOverlaps(labels, scores, stride)) ({ a, b } = newton(labels, scores, a, b, stride));
  return newton(labels, scores, a, b, 1);
}

/** True when the strided sample has both classes and its scores do not separate them (so its fit has a maximum). */
function sampleOverlaps(labels: ArrayLike<number>, scores: ArrayLike<number>, stride: number): boolean {
  let minPos = Infinity;
  let maxPos = -Infinity;
  let minNeg = Infinity;
  let maxNeg = -Infinity;
  for (let i = 0; i < scores.length; i += stride) {
    const s = scores[i];
    if (labels[i] > 0) {
      minPos = Math.min(minPos, s);
      maxPos = Math.max(maxPos, s);
    }
    if (labels[i] < 1) {
      minNeg = Math.min(minNeg, s);
      maxNeg = Math.max(maxNeg, s);
    }
  }
  return maxNeg >= minPos && maxPos >= minNeg;
}

/** σ(a·score + b) for every score. O(n). */
export function plattProbability(params: PlattParams, scores: ArrayLike<number>): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = 1 / (1 + Math.exp(-(params.a * scores[i] + params.b)));
  return out;
}
