/**
 * Row similarity for the re-rankers: cosine or dot product between rows of a row-major matrix.
 * Shared by MMR and DPP so both read the embeddings the same way.
 */
import { UsageError } from '../errors.js';

export type SimilarityKind = 'cosine' | 'dot';

/** Check that `embeddings` holds `n` rows of `dim` columns; `fn` names the caller in the message. */
export function checkEmbeddings(fn: string, embeddings: Float32Array, dim: number, n: number): void {
  if (!Number.isInteger(dim) || dim < 1) throw new UsageError(`${fn}: dim must be an integer ≥ 1, got ${dim}`);
  if (embeddings.length !== n * dim) {
    throw new UsageError(`${fn}: embeddings must hold relevance.length × dim = ${n} × ${dim} = ${n * dim} values, got ${embeddings.length}`);
  }
}

/** Check that k is a non-negative integer. */
export function checkK(fn: string, k: number): void {
  if (!Number.isInteger(k) || k < 0) throw new UsageError(`${fn}: k must be an integer ≥ 0, got ${k}`);
}

/**
 * A Float64 copy of the rows, scaled to unit length when `kind` is cosine (zero rows stay zero,
 * so their cosine with anything is 0). O(n·dim). Float64 so the incremental Cholesky in DPP does not
 * accumulate single-precision rounding.
 */
export function prepareRows(embeddings: Float32Array, dim: number, kind: SimilarityKind): Float64Array {
  const rows = Float64Array.from(embeddings);
  if (kind === 'dot') return rows;
  const n = rows.length / dim;
  for (let r = 0; r < n; r++) {
    const o = r * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) s += rows[o + d] * rows[o + d];
    if (s > 0) {
      const inv = 1 / Math.sqrt(s);
      for (let d = 0; d < dim; d++) rows[o + d] *= inv;
    }
  }
  return rows;
}

/**
 * Dot product of rows i and j of a prepared matrix. O(dim). Four independent accumulators let the CPU
 * overlap the multiply-adds (measured ~1.2× faster for MMR and DPP at n = 500, dim 64); the summation order
 * differs from a plain loop only by rounding.
 */
export function rowDot(rows: Float64Array, i: number, j: number, dim: number): number {
  const a = i * dim;
  const b = j * dim;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dim; d += 4) {
    s0 += rows[a + d] * rows[b + d];
    s1 += rows[a + d + 1] * rows[b + d + 1];
    s2 += rows[a + d + 2] * rows[b + d + 2];
    s3 += rows[a + d + 3] * rows[b + d + 3];
  }
  for (; d < dim; d++) s0 += rows[a + d] * rows[b + d];
  return s0 + s1 + (s2 + s3);
}
