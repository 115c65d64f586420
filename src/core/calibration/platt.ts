/**
 * Platt scaling (Platt, 1999): fit p = 1 / (1 + exp(−(a·score + b))) to 0/1 labels by maximum likelihood, no
 * penalty and no target smoothing — a one-feature logistic regression on the score. Newton's method with a
 * halving line search on the log loss; one O(n) pass per trial point, a handful of iterations.
 */
import { UsageError } from '../errors.js';

export interface PlattParams {
  a: number;
  b: number;
}

/** Log loss at (a, b) with its gradient and Hessian, in one pass (one exp and one log1p per row). */
function evaluate(labels: ArrayLike<number>, scores: ArrayLike<number>, a: number, b: number) {
  let loss = 0;
  let ga = 0;
  let gb = 0;
  let haa = 0;
  let hab = 0;
  let hbb = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    const z = a * s + b;
    const e = Math.exp(-Math.abs(z));
    const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    loss += Math.max(z, 0) + Math.log1p(e) - labels[i] * z; // softplus(z) − y·z
    const r = p - labels[i];
    const w = p * (1 - p);
    ga += r * s;
    gb += r;
    haa += w * s * s;
    hab += w * s;
    hbb += w;
  }
  return { loss, ga, gb, haa, hab, hbb };
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
  let at = evaluate(labels, scores, a, b);
  let step = 1;
  for (let iter = 0; iter < 200; iter++) {
    // Newton direction from the gradient and Hessian at the current point
    const det = at.haa * at.hbb - at.hab * at.hab;
    if (!(det > 0)) break;
    const da = (at.hbb * at.ga - at.hab * at.gb) / det;
    const db = (at.haa * at.gb - at.hab * at.ga) / det;
    // the Newton decrement λ²/2 = g·H⁻¹g/2 bounds how much loss is left to gain: stop once that is below rounding,
    // before a trial step whose loss the float sum over n rows could not tell apart
    if ((at.ga * da + at.gb * db) / 2 < 1e-20 * (1 + at.loss)) break;
    // one pass per trial point: the loss, gradient and Hessian together; halve the step until the loss falls
    let next = evaluate(labels, scores, a - step * da, b - step * db);
    while (next.loss > at.loss && step > 1e-10) {
      step /= 2;
      next = evaluate(labels, scores, a - step * da, b - step * db);
    }
    if (next.loss > at.loss) break;
    a -= step * da;
    b -= step * db;
    const improved = at.loss - next.loss;
    at = next;
    const small = Math.abs(step * da) < 1e-12 * (1 + Math.abs(a)) && Math.abs(step * db) < 1e-12 * (1 + Math.abs(b));
    if (small || improved < 1e-14 * (1 + at.loss)) break;
    step = 1;
  }
  return { a, b };
}

/** σ(a·score + b) for every score. O(n). */
export function plattProbability(params: PlattParams, scores: ArrayLike<number>): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = 1 / (1 + Math.exp(-(params.a * scores[i] + params.b)));
  return out;
}
