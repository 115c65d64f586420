import { UsageError } from '../errors.js';

/**
 * Intra-list diversity (Smyth & McClave, 2001; Ziegler et al., 2005): the mean pairwise dissimilarity of
 * the items in one recommendation list,
 *
 *   ILD = (2 / (L(L − 1))) · Σ_{a<b} d(e_a, e_b),   d = 1 − cos(e_a, e_b)  ('cosine', default, in [0, 2])
 *                                                    d = ‖e_a − e_b‖₂        ('euclidean')
 *
 * `embeddings` is a row-major item × dim matrix; `list` holds row ids. Lists shorter than 2 give 0.
 * A zero vector has cosine 0 with everything (distance 1). Complexity O(L² · dim).
 * Throws UsageError on a bad dim, an id outside the matrix, or an unknown distance.
 */
export function intraListDiversity(
  list: ArrayLike<number>,
  embeddings: Float32Array,
  dim: number,
  opts: { distance?: 'cosine' | 'euclidean' } = {},
): number {
  if (!Number.isInteger(dim) || dim < 1 || embeddings.length % dim !== 0) {
    throw new UsageError(`intraListDiversity: dim must divide the embedding length ${embeddings.length}, got ${dim}`);
  }
  const distance = opts.distance ?? 'cosine';
  if (distance !== 'cosine' && distance !== 'euclidean') {
    throw new UsageError(`intraListDiversity: distance must be 'cosine' or 'euclidean', got ${String(distance)}`);
  }
  const rows = embeddings.length / dim;
  const L = list.length;
  for (let i = 0; i < L; i++) {
    const id = list[i];
    if (!Number.isInteger(id) || id < 0 || id >= rows) throw new UsageError(`intraListDiversity: item id ${id} is outside [0, ${rows})`);
  }
  if (L < 2) return 0;
  const norms = new Float64Array(L);
  for (let a = 0; a < L; a++) norms[a] = Math.sqrt(dotRow(embeddings, list[a], list[a], dim));
  let sum = 0;
  for (let a = 0; a < L; a++) {
    for (let b = a + 1; b < L; b++) {
      const ab = dotRow(embeddings, list[a], list[b], dim);
      if (distance === 'cosine') {
        const denom = norms[a] * norms[b];
        sum += 1 - (denom > 0 ? ab / denom : 0);
      } else {
        sum += Math.sqrt(Math.max(0, norms[a] * norms[a] + norms[b] * norms[b] - 2 * ab));
      }
    }
  }
  return (2 * sum) / (L * (L - 1));
}

function dotRow(m: Float32Array, i: number, j: number, dim: number): number {
  let s = 0;
  const oi = i * dim;
  const oj = j * dim;
  for (let d = 0; d < dim; d++) s += m[oi + d] * m[oj + d];
  return s;
}
