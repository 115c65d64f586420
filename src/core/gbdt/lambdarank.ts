/**
 * LambdaRank / LambdaMART gradients (LightGBM's RankingObjective "lambdarank", reduced).
 *
 * For each query, documents are sorted by the current score; for every pair (i, j) with different labels
 * where the better-placed one is within the top `truncationLevel`, the pair's RankNet gradient
 * σ / (1 + e^{σ(s_hi − s_lo)}) is weighted by |ΔNDCG| — how much NDCG would change if the two swapped:
 * (gain_hi − gain_lo) · |1/log2(2 + r_hi) − 1/log2(2 + r_lo)| / maxDCG, with gain(label) = 2^label − 1.
 * As in LightGBM, ΔNDCG is divided by (0.01 + |s_hi − s_lo|) and each query's lambdas are normalised by
 * log2(1 + Σλ) / Σλ (lambdarank_norm).
 * Reference: Burges, "From RankNet to LambdaRank to LambdaMART: An Overview", MSR-TR-2010-82.
 * Complexity per round: O(Σ_q n_q log n_q + Σ_q min(n_q, T) · n_q).
 */
import { UsageError } from '../errors.js';

export interface LambdarankOptions {
  /** σ of the pairwise sigmoid; default 1 */
  sigmoid?: number;
  /** default 30 */
  truncationLevel?: number;
  /** LightGBM's lambdarank_norm: scale ΔNDCG by 1/(0.01 + |Δscore|) and each query by log2(1+Σλ)/Σλ; default true */
  lambdarankNorm?: boolean;
  /** a stand-in for the pair loop of every query (GbdtTrainKernels.lambdarankPairs); default oneQuery below */
  pairs?: LambdarankPairs;
}

/** What the pair loop reads: the objective's tables, fixed at construction (order is updated in place). */
export interface LambdarankTables {
  /** query q's rows are offsets[q]..offsets[q+1] */
  offsets: Int32Array;
  /** each query's documents by score from the last round (local indices), updated in place */
  order: Int32Array;
  labelGain: Float64Array;
  discount: Float64Array;
  inverseMaxDcg: Float64Array;
  sigTable: Float64Array;
  sigma: number;
  sigMin: number;
  sigFactor: number;
  truncation: number;
  norm: boolean;
}

/**
 * oneQuery's work for every query before the norm: λ and hessian per row into lambda/hess, Σλ per query into
 * sumLambdas (the objective applies log2(1 + Σλ)/Σλ itself, so Math.log2 is the only log2 in play).
 */
export type LambdarankPairs = (
  t: LambdarankTables, scores: Float64Array, labels: Float32Array, lambda: Float64Array, hess: Float64Array, sumLambdas: Float64Array,
) => void;

export const MAX_RANK_LABEL = 30;
const SIGMOID_BINS = 65536;

export class LambdarankObjective {
  readonly name = 'lambdarank';
  private readonly offsets: Int32Array;
  private readonly sigma: number;
  private readonly truncation: number;
  private readonly norm: boolean;
  private readonly labelGain: Float64Array;
  private readonly discount: Float64Array;
  private inverseMaxDcg: Float64Array | null = null;
  private readonly order: Int32Array;
  private readonly sScore: Float64Array;
  private readonly sGain: Float64Array;
  private readonly sLambda: Float64Array;
  private readonly sHess: Float64Array;
  private readonly sNonZero: Int32Array;
  private readonly sigTable: Float64Array;
  private readonly sigMin: number;
  private readonly sigFactor: number;
  private readonly pairs: LambdarankPairs | undefined;
  private pairBuffers: { lambda: Float64Array; hess: Float64Array; sums: Float64Array } | null = null;

  constructor(groups: Int32Array, opts: LambdarankOptions = {}) {
    this.sigma = opts.sigmoid ?? 1;
    this.truncation = opts.truncationLevel ?? 30;
    this.norm = opts.lambdarankNorm ?? true;
    this.pairs = opts.pairs;
    if (!(this.sigma > 0)) throw new UsageError(`gbdt: sigmoid must be > 0, got ${this.sigma}`);
    if (!(Number.isInteger(this.truncation) && this.truncation >= 1)) throw new UsageError(`gbdt: truncationLevel must be an integer ≥ 1, got ${this.truncation}`);
    this.offsets = new Int32Array(groups.length + 1);
    let maxGroup = 0;
    for (let q = 0; q < groups.length; q++) {
      this.offsets[q + 1] = this.offsets[q] + groups[q];
      maxGroup = Math.max(maxGroup, groups[q]);
    }
    this.labelGain = new Float64Array(MAX_RANK_LABEL + 1);
    for (let i = 0; i <= MAX_RANK_LABEL; i++) this.labelGain[i] = 2 ** i - 1;
    this.discount = new Float64Array(maxGroup);
    for (let k = 0; k < maxGroup; k++) this.discount[k] = 1 / Math.log2(2 + k);
    // per-query sorted order, kept between rounds (local indices, identity to start)
    this.order = new Int32Array(this.offsets[groups.length]);
    for (let q = 0; q < groups.length; q++) for (let i = 0; i < groups[q]; i++) this.order[this.offsets[q] + i] = i;
    this.sScore = new Float64Array(maxGroup);
    this.sGain = new Float64Array(maxGroup);
    this.sLambda = new Float64Array(maxGroup);
    this.sHess = new Float64Array(maxGroup);
    this.sNonZero = new Int32Array(maxGroup);
    this.sigMin = -25 / this.sigma;
    this.sigFactor = SIGMOID_BINS / (-2 * this.sigMin);
    this.sigTable = new Float64Array(SIGMOID_BINS);
    for (let i = 0; i < SIGMOID_BINS; i++) this.sigTable[i] = 1 / (1 + Math.exp(this.sigma * (i / this.sigFactor + this.sigMin)));
  }

  /** 1 / ideal DCG@truncation of every query (0 when a query has no relevant document). */
  private prepare(labels: Float32Array): Float64Array {
    const q = this.offsets.length - 1;
    const inv = new Float64Array(q);
    for (let g = 0; g < q; g++) {
      const ls = Array.from(labels.subarray(this.offsets[g], this.offsets[g + 1])).sort((a, b) => b - a);
      let dcg = 0;
      for (let k = 0; k < Math.min(ls.length, this.truncation); k++) dcg += this.labelGain[ls[k]] * this.discount[k];
      inv[g] = dcg > 0 ? 1 / dcg : 0;
    }
    return inv;
  }

  gradients(scores: Float64Array, labels: Float32Array, grad: Float32Array, hess: Float32Array): void {
    this.inverseMaxDcg ??= this.prepare(labels);
    if (this.pairs) return this.gradientsFromPairs(this.pairs, this.inverseMaxDcg, scores, labels, grad, hess);
    for (let g = 0; g < this.offsets.length - 1; g++) this.oneQuery(g, scores, labels, grad, hess);
  }

  /** The stand-in's λ and hessians, scaled per query by the norm exactly as oneQuery's last loop does. */
  private gradientsFromPairs(pairs: LambdarankPairs, inverseMaxDcg: Float64Array, scores: Float64Array, labels: Float32Array, grad: Float32Array, hess: Float32Array): void {
    const Q = this.offsets.length - 1;
    const b = (this.pairBuffers ??= { lambda: new Float64Array(scores.length), hess: new Float64Array(scores.length), sums: new Float64Array(Q) });
    pairs({
      offsets: this.offsets, order: this.order, labelGain: this.labelGain, discount: this.discount, inverseMaxDcg, sigTable: this.sigTable,
      sigma: this.sigma, sigMin: this.sigMin, sigFactor: this.sigFactor, truncation: this.truncation, norm: this.norm,
    }, scores, labels, b.lambda, b.hess, b.sums);
    for (let g = 0; g < Q; g++) {
      const sum = b.sums[g];
      const norm = this.norm && sum > 0 ? Math.log2(1 + sum) / sum : 1;
      for (let r = this.offsets[g]; r < this.offsets[g + 1]; r++) {
        grad[r] = b.lambda[r] * norm;
        hess[r] = b.hess[r] * norm;
      }
    }
  }

  private oneQuery(g: number, scores: Float64Array, labels: Float32Array, grad: Float32Array, hess: Float32Array): void {
    const start = this.offsets[g];
    const cnt = this.offsets[g + 1] - start;
    for (let i = 0; i < cnt; i++) {
      grad[start + i] = 0;
      hess[start + i] = 0;
    }
    const invMax = this.inverseMaxDcg![g];
    if (cnt < 2 || invMax === 0) return;
    // start from last round's order: scores move little per round, so insertion sort is ~O(n) here, and
    // with ties broken by index any correct sort gives the same permutation
    const order = this.order.subarray(start, start + cnt);
    for (let a = 1; a < cnt; a++) {
      const x = order[a];
      const sx = scores[start + x];
      let b = a - 1;
      while (b >= 0) {
        const y = order[b];
        const sy = scores[start + y];
        if (sy > sx || (sy === sx && y < x)) break;
        order[b + 1] = y;
        b--;
      }
      order[b + 1] = x;
    }
    // by sorted position: scores, label gains, and the lambdas/hessians being accumulated
    const s = this.sScore;
    const gn = this.sGain;
    const lam = this.sLambda;
    const hs = this.sHess;
    for (let k = 0; k < cnt; k++) {
      s[k] = scores[start + order[k]];
      gn[k] = this.labelGain[labels[start + order[k]]];
      lam[k] = 0;
      hs[k] = 0;
    }
    const normalise = this.norm && s[0] !== s[cnt - 1];
    const sigma = this.sigma;
    const disc = this.discount;
    // positions (in sorted order) of documents with a non-zero gain: a zero-gain document only pairs with
    // those, and zero-gain documents are usually the majority, so this skips most equal-label pairs
    const nz = this.sNonZero;
    let nnz = 0;
    for (let k = 0; k < cnt; k++) if (gn[k] !== 0) nz[nnz++] = k;
    let sumLambdas = 0;
    let firstNz = 0;
    const top = Math.min(cnt - 1, this.truncation);
    const sig = this.sigTable;
    const sigMin = this.sigMin;
    const sigFactor = this.sigFactor;
    const sigLow = sig[0];
    const sigHigh = sig[SIGMOID_BINS - 1];
    const sigma2 = sigma * sigma;
    // every pair (the better-labelled document "hi" against the other): δ = s_hi − s_lo, |ΔNDCG| (divided by
    // 0.01 + |δ| under the norm), p = 1/(1 + e^{σδ}) from LightGBM's sigmoid table over δ ∈ [−25/σ, 25/σ]
    // (65,536 bins, the end values outside), λ = −σ·|ΔNDCG|·p added to hi and subtracted from lo, and
    // h = σ²·|ΔNDCG|·p(1−p) added to both. Written out in the loop with document i's sums in locals: this
    // loop is half of a lambdarank training run, and a call per pair cost ~10% of it (measured)
    // j > i in both loops below, and the discount falls with position, so disc[i] − disc[j] > 0 (no abs)
    for (let i = 0; i < top; i++) {
      while (firstNz < nnz && nz[firstNz] <= i) firstNz++;
      const gi = gn[i];
      const si = s[i];
      const di = disc[i];
      let lamI = 0;
      let hsI = 0;
      if (gi === 0) {
        // a zero-gain document against every non-zero one below it: the other is always the better one
        for (let q = firstNz; q < nnz; q++) {
          const j = nz[q];
          const delta = s[j] - si;
          let dNdcg = gn[j] * (di - disc[j]) * invMax;
          if (normalise) dNdcg /= 0.01 + Math.abs(delta);
          const p = delta <= sigMin ? sigLow : delta >= -sigMin ? sigHigh : sig[((delta - sigMin) * sigFactor) | 0];
          const lambda = -sigma * dNdcg * p;
          const h = sigma2 * dNdcg * p * (1 - p);
          lamI -= lambda;
          lam[j] += lambda;
          hsI += h;
          hs[j] += h;
          sumLambdas -= 2 * lambda;
        }
      } else {
        for (let j = i + 1; j < cnt; j++) {
          const gj = gn[j];
          if (gi === gj) continue;
          const iBetter = gi > gj;
          const delta = iBetter ? si - s[j] : s[j] - si;
          let dNdcg = (iBetter ? gi - gj : gj - gi) * (di - disc[j]) * invMax;
          if (normalise) dNdcg /= 0.01 + Math.abs(delta);
          const p = delta <= sigMin ? sigLow : delta >= -sigMin ? sigHigh : sig[((delta - sigMin) * sigFactor) | 0];
          const lambda = -sigma * dNdcg * p;
          const h = sigma2 * dNdcg * p * (1 - p);
          if (iBetter) {
            lamI += lambda;
            lam[j] -= lambda;
          } else {
            lamI -= lambda;
            lam[j] += lambda;
          }
          hsI += h;
          hs[j] += h;
          sumLambdas -= 2 * lambda;
        }
      }
      lam[i] += lamI;
      hs[i] += hsI;
    }
    const norm = this.norm && sumLambdas > 0 ? Math.log2(1 + sumLambdas) / sumLambdas : 1;
    for (let k = 0; k < cnt; k++) {
      grad[start + order[k]] = lam[k] * norm;
      hess[start + order[k]] = hs[k] * norm;
    }
  }

  initScore(): number {
    return 0;
  }

  transform(raw: number): number {
    return raw;
  }
}
