/**
 * Maximal Marginal Relevance re-ranking.
 */
import { UsageError } from '../errors.js';
import { checkEmbeddings, checkK, prepareRows, rowDot, type SimilarityKind } from './similarity.js';

export interface MmrOptions {
  /** relevance of each candidate (higher is better), length n */
  relevance: ArrayLike<number>;
  /** candidate embeddings, row-major n × dim */
  embeddings: Float32Array;
  dim: number;
  /** how many to select (clipped to n) */
  k: number;
  /** λ ∈ [0, 1]: 1 = pure relevance order, 0 = pure novelty after the first pick */
  lambda: number;
  /** default cosine */
  similarity?: SimilarityKind;
}

/**
 * MMR (Carbonell & Goldstein 1998): repeatedly pick argmax over the unselected of
 * λ·relevance_i − (1 − λ)·max_{j selected} sim(i, j). The first pick is the most relevant item
 * (no selected set yet); ties go to the lower index.
 *
 * The running max similarity of each candidate to the selected set is updated once per pick, so the
 * cost is O(n·k·dim) time and O(n·dim) memory, not O(n·k²·dim).
 *
 * Returns the selected indices in selection order (length min(k, n)).
 * Throws UsageError for λ outside [0, 1], a bad k or dim, embeddings of the wrong length, or a
 * non-finite relevance.
 */
export function mmr(options: MmrOptions): Int32Array {
  const { relevance, embeddings, dim, k, lambda } = options;
  const kind = options.similarity ?? 'cosine';
  const n = relevance.length;
  if (!(lambda >= 0 && lambda <= 1)) throw new UsageError(`mmr: lambda must be in [0, 1], got ${lambda}`);
  if (kind !== 'cosine' && kind !== 'dot') throw new UsageError(`mmr: similarity must be cosine or dot, got ${String(kind)}`);
  checkK('mmr', k);
  checkEmbeddings('mmr', embeddings, dim, n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(relevance[i])) throw new UsageError(`mmr: relevance[${i}] must be finite, got ${relevance[i]}`);
  }
  const m = Math.min(k, n);
  const out = new Int32Array(m);
  if (m === 0) return out;
  const rows = prepareRows(embeddings, dim, kind);
  const maxSim = new Float64Array(n).fill(-Infinity);
  const taken = new Uint8Array(n);
  for (let t = 0; t < m; t++) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < n; i++) {
      if (taken[i]) continue;
      // first pick: no selected set, so the score is relevance alone (λ = 0 would otherwise tie everyone)
      const score = t === 0 ? relevance[i] : lambda * relevance[i] - (1 - lambda) * maxSim[i];
      if (best < 0 || score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    out[t] = best;
    taken[best] = 1;
    if (t + 1 === m) break;
    for (let i = 0; i < n; i++) {
      if (taken[i]) continue;
      const s = rowDot(rows, i, best, dim);
      if (s > maxSim[i]) maxSim[i] = s;
    }
  }
  return out;
}
