/**
 * Divergences between two discrete distributions (histograms of a feature, category shares).
 * The guide lists "KL divergence (for continuous features)": KL needs a density or a histogram, so in
 * practice a continuous feature is binned first (as PSI does) and KL is computed on the bins.
 */
import { UsageError } from '../errors.js';

function normalised(fn: string, name: string, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(v.length);
  let total = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!(x >= 0) || !Number.isFinite(x)) throw new UsageError(`${fn}: ${name}[${i}] must be finite and ≥ 0, got ${x}`);
    out[i] = x;
    total += x;
  }
  if (total <= 0) throw new UsageError(`${fn}: ${name} must have a positive sum`);
  for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}

function sameLength(fn: string, p: ArrayLike<number>, q: ArrayLike<number>): void {
  if (p.length !== q.length) throw new UsageError(`${fn}: p and q must have the same length, got ${p.length} and ${q.length}`);
  if (p.length === 0) throw new UsageError(`${fn}: p and q must not be empty`);
}

/**
 * Kullback–Leibler divergence KL(p‖q) = Σ p_i ln(p_i / q_i), in nats (Kullback & Leibler 1951).
 * p and q may be counts or probabilities: each is normalised to sum 1, entries below ε (default 1e-4)
 * are raised to ε, and the vector is renormalised — so KL stays finite when q has an empty bin and,
 * both being proper distributions, KL ≥ 0 (Gibbs' inequality). Asymmetric: KL(p‖q) ≠ KL(q‖p).
 * O(k). Throws UsageError on length mismatch, negative or non-finite entries, an all-zero vector.
 */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>, opts: { epsilon?: number } = {}): number {
  sameLength('klDivergence', p, q);
  const epsilon = opts.epsilon ?? 1e-4;
  if (!(epsilon > 0 && epsilon < 1)) throw new UsageError(`klDivergence: epsilon must be in (0, 1), got ${epsilon}`);
  const n = p.length;
  // three passes, no copies: totals (and validation), floored totals, then the sum
  let tp = 0;
  let tq = 0;
  for (let i = 0; i < n; i++) {
    const a = p[i];
    const b = q[i];
    if (!(a >= 0 && a < Infinity)) throw new UsageError(`klDivergence: p[${i}] must be finite and ≥ 0, got ${a}`);
    if (!(b >= 0 && b < Infinity)) throw new UsageError(`klDivergence: q[${i}] must be finite and ≥ 0, got ${b}`);
    tp += a;
    tq += b;
  }
  if (tp <= 0) throw new UsageError('klDivergence: p must have a positive sum');
  if (tq <= 0) throw new UsageError('klDivergence: q must have a positive sum');
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    sp += Math.max(p[i] / tp, epsilon);
    sq += Math.max(q[i] / tq, epsilon);
  }
  let kl = 0;
  const ratio = sq / sp;
  for (let i = 0; i < n; i++) {
    const a = Math.max(p[i] / tp, epsilon);
    const b = Math.max(q[i] / tq, epsilon);
    kl += a * Math.log((a / b) * ratio);
  }
  return Math.max(0, kl / sp); // rounding can leave −1e-17 for identical inputs
}

/**
 * Jensen–Shannon divergence JS(p, q) = ½ KL(p‖m) + ½ KL(q‖m), m = (p + q)/2, in nats (Lin 1991).
 * Symmetric, bounded by ln 2, finite without any ε (m > 0 wherever p or q is). Inputs are normalised
 * to sum 1 first. O(k). Throws UsageError as klDivergence.
 */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
  sameLength('jensenShannon', p, q);
  const pn = normalised('jensenShannon', 'p', p);
  const qn = normalised('jensenShannon', 'q', q);
  let js = 0;
  for (let i = 0; i < pn.length; i++) {
    const m = 0.5 * (pn[i] + qn[i]);
    if (pn[i] > 0) js += 0.5 * pn[i] * Math.log(pn[i] / m);
    if (qn[i] > 0) js += 0.5 * qn[i] * Math.log(qn[i] / m);
  }
  return Math.min(Math.LN2, Math.max(0, js));
}
