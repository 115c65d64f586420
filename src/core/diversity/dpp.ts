/**
 * Determinantal point process re-ranking: fast greedy MAP inference.
 */
import { UsageError } from '../errors.js';
import { checkEmbeddings, checkK, prepareRows, rowDot } from './similarity.js';

export interface DppOptions {
  /** relevance of each candidate (higher is better), length n */
  relevance: ArrayLike<number>;
  /** candidate embeddings, row-major n × dim; similarity is their cosine */
  embeddings: Float32Array;
  dim: number;
  /** how many to select at most (clipped to n) */
  k: number;
  /** θ ∈ [0, 1): weight of relevance against diversity; default 0.7 */
  theta?: number;
  /** stop when the best marginal gain d_j² falls below ε; default 1e-10 */
  epsilon?: number;
}

export interface DppResult {
  /** selected indices in selection order */
  indices: Int32Array;
  /** d_j² of each pick: det(L_{Y∪j}) / det(L_Y), so Σ log gains = log det(L_Y) */
  gains: Float64Array;
}

/** The quality weights q_i = exp(α·relevance_i), α = θ / (2(1 − θ)). Throws when q overflows. */
export function dppQuality(relevance: ArrayLike<number>, theta: number): Float64Array {
  if (!(theta >= 0 && theta < 1)) throw new UsageError(`dppGreedy: theta must be in [0, 1), got ${theta}`);
  const alpha = theta / (2 * (1 - theta));
  const q = new Float64Array(relevance.length);
  for (let i = 0; i < q.length; i++) {
    const r = relevance[i];
    if (!Number.isFinite(r)) throw new UsageError(`dppGreedy: relevance[${i}] must be finite, got ${r}`);
    q[i] = Math.exp(alpha * r);
    if (!Number.isFinite(q[i]) || q[i] * q[i] === Infinity) {
      throw new UsageError(`dppGreedy: exp(α·relevance) overflows at relevance[${i}] = ${r} with theta = ${theta} (α = ${alpha}); lower theta or rescale relevance`);
    }
  }
  return q;
}

/**
 * Greedy MAP inference for a DPP with kernel L = diag(q)·S·diag(q), S the cosine similarity of the
 * embeddings and q_i = exp(α·relevance_i), α = θ / (2(1 − θ)) — so log det L_Y = (θ/(1 − θ))·Σ_Y rel + log det S_Y.
 *
 * Reference: Chen, Zhang & Zhou, "Fast Greedy MAP Inference for Determinantal Point Process to Improve
 * Recommendation Diversity", NeurIPS 2018, Algorithm 1. Each step adds the item with the largest
 * marginal gain d_i² = det(L_{Y∪i}) / det(L_Y), maintained by an incremental Cholesky factor:
 * e_i = (L_{ji} − ⟨c_j, c_i⟩) / d_j, c_i ← [c_i, e_i], d_i² ← d_i² − e_i².
 * Stops at k items or when the best d_j² < ε. Ties go to the lower index.
 *
 * Complexity O(n·k·(k + dim)) time (the paper's O(N·k²) plus computing one kernel row per pick),
 * O(n·(k + dim)) memory. Throws UsageError for θ outside [0, 1), ε < 0, a bad k or dim, embeddings of
 * the wrong length, or relevance that overflows exp(α·rel).
 */
export function dppGreedyDetailed(options: DppOptions): DppResult {
  const { relevance, embeddings, dim, k } = options;
  const theta = options.theta ?? 0.7;
  const epsilon = options.epsilon ?? 1e-10;
  const n = relevance.length;
  checkK('dppGreedy', k);
  checkEmbeddings('dppGreedy', embeddings, dim, n);
  if (!(epsilon >= 0)) throw new UsageError(`dppGreedy: epsilon must be ≥ 0, got ${epsilon}`);
  const q = dppQuality(relevance, theta);
  const m = Math.min(k, n);
  const rows = prepareRows(embeddings, dim, 'cosine');
  // d2[i] = L_ii initially: q_i² · S_ii with S_ii exactly 1 (0 for a zero embedding) — not the rounded
  // self-dot of the normalised row, which would break exact ties (θ = 0) by floating-point noise
  const d2 = new Float64Array(n);
  for (let i = 0; i < n; i++) d2[i] = rowDot(rows, i, i, dim) > 0 ? q[i] * q[i] : 0;
  const c = new Float64Array(n * Math.max(m, 1)); // row i: the Cholesky coefficients c_i, length = picks so far
  const taken = new Uint8Array(n);
  const picked: number[] = [];
  const gains: number[] = [];
  for (let t = 0; t < m; t++) {
    const j = argmaxFree(d2, taken);
    // a non-positive gain means the set would be singular, whatever ε is
    if (j < 0 || !(d2[j] > 0) || d2[j] < epsilon) break;
    picked.push(j);
    gains.push(d2[j]);
    taken[j] = 1;
    if (t + 1 === m) break;
    const dj = Math.sqrt(d2[j]);
    const cj = j * m;
    for (let i = 0; i < n; i++) {
      if (taken[i]) continue;
      const ci = i * m;
      let inner = 0;
      for (let s = 0; s < t; s++) inner += c[cj + s] * c[ci + s];
      const lji = q[j] * q[i] * rowDot(rows, j, i, dim);
      const e = (lji - inner) / dj;
      c[ci + t] = e;
      d2[i] -= e * e;
    }
  }
  return { indices: Int32Array.from(picked), gains: Float64Array.from(gains) };
}

/** The indices chosen by {@link dppGreedyDetailed}, in selection order. */
export function dppGreedy(options: DppOptions): Int32Array {
  return dppGreedyDetailed(options).indices;
}

function argmaxFree(values: Float64Array, taken: Uint8Array): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    if (taken[i]) continue;
    if (best < 0 || values[i] > values[best]) best = i;
  }
  return best;
}
