/**
 * Platt scaling (Platt, 1999): fit p = 1 / (1 + exp(−(a·score + b))) to 0/1 labels by maximum likelihood, no
 * penalty and no target smoothing — a one-feature logistic regression on the score. Newton's method with a
 * halving line search on the log loss; O(n) per iteration, a handful of iterations.
 */
import { UsageError } from '../errors.js';

export interface PlattParams {
  a: number;
  b: number;
}

/** log(1 + e^z) without overflow */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function logLoss(labels: ArrayLike<number>, scores: ArrayLike<number>, a: number, b: number): number {
  let s = 0;
  for (let i = 0; i < scores.length; i++) {
    const z = a * scores[i] + b;
    s += softplus(z) - labels[i] * z; // −[y log σ(z) + (1 − y) log(1 − σ(z))]
  }
  return s;
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
  let loss = logLoss(labels, scores, a, b);
  for (let iter = 0; iter < 100; iter++) {
    // gradient g and Hessian H of the log loss in (a, b)
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < n; i++) {
      const s = scores[i];
      const p = 1 / (1 + Math.exp(-(a * s + b)));
      const r = p - labels[i];
      const w = p * (1 - p);
      ga += r * s;
      gb += r;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let t = 1;
    let next = logLoss(labels, scores, a - da, b - db);
    while (next > loss && t > 1e-10) {
      t /= 2;
      next = logLoss(labels, scores, a - t * da, b - t * db);
    }
    if (next > loss) break;
    a -= t * da;
    b -= t * db;
    const improved = loss - next;
    loss = next;
    if (Math.abs(t * da) < 1e-12 * (1 + Math.abs(a)) && Math.abs(t * db) < 1e-12 * (1 + Math.abs(b))) break;
    if (improved < 1e-14 * (1 + loss)) break;
  }
  return { a, b };
}

/** σ(a·score + b) for every score. O(n). */
export function plattProbability(params: PlattParams, scores: ArrayLike<number>): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = 1 / (1 + Math.exp(-(params.a * scores[i] + params.b)));
  return out;
}
