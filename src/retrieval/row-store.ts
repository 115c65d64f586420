/**
 * What the compressed indexes (ivf, ivfpq, sq8) share: the external id of every stored row, the raw vectors kept for
 * exact re-ranking (rows in insertion order; for cosine already unit length), and the re-ranking itself. The codes
 * refer to rows (0 … size − 1), never to external ids, so re-ranking finds a row's raw vector at row · dim. The
 * row → id table exists only once a caller passes ids (otherwise ids are the rows, as faiss's sequential ids).
 */
import { rerankExact } from '../core/quantization/index.js';
import { normalizeRows } from '../core/vec.js';
import type { AnnMetric, AnnSearchResult } from './ann-types.js';

export class RowStore {
  /** row → external id, or null while every id is its row */
  ids: Int32Array | null = null;
  raw: Float32Array | null;
  private capacity = 0;
  count = 0;

  constructor(readonly dim: number, readonly maxElements: number, keepRaw: boolean) {
    this.raw = keepRaw ? new Float32Array(0) : null;
  }

  /** Append rows (already normalised for cosine); returns the first new row number. */
  append(vectors: Float32Array, rows: number, ids?: Int32Array): number {
    const from = this.count;
    this.grow(from + rows);
    if (ids && !this.ids) {
      this.ids = new Int32Array(this.capacity);
      for (let r = 0; r < from; r++) this.ids[r] = r;
    }
    if (this.ids) for (let r = 0; r < rows; r++) this.ids[from + r] = ids ? ids[r] : from + r;
    this.raw?.set(vectors.subarray(0, rows * this.dim), from * this.dim);
    this.count += rows;
    return from;
  }

  /** Row numbers → external ids (in place on a copy), keeping the scores. */
  external(rows: Int32Array, scores: Float32Array): AnnSearchResult {
    const table = this.ids;
    return { ids: table ? Int32Array.from(rows, (r) => (r < 0 ? -1 : table[r])) : rows, scores };
  }

  /** Exact scores of candidate rows against the kept raw vectors; the k best, as rows. */
  rerank(query: Float32Array, rows: Int32Array, metric: AnnMetric, k: number): { ids: Int32Array; scores: Float32Array } {
    return rerankExact(query, rows, this.raw!, this.dim, metric === 'l2' ? 'l2' : 'ip', k);
  }

  /** Bytes of the row → id table (0 while ids are rows) and of the raw vectors. */
  bytes(): { ids: number; raw: number } {
    return { ids: this.ids ? this.count * 4 : 0, raw: this.raw ? this.count * this.dim * 4 : 0 };
  }

  /** Restore saved rows. */
  restore(count: number, ids: Int32Array | null, raw: Float32Array | null): void {
    this.count = count;
    this.capacity = count;
    this.ids = ids;
    if (this.raw) this.raw = raw ?? new Float32Array(0);
  }

  private grow(rows: number): void {
    if (this.capacity >= rows) return;
    const cap = Math.min(this.maxElements, Math.max(rows, 2 * this.capacity, 1024));
    this.capacity = cap;
    if (this.ids) {
      const ids = new Int32Array(cap);
      ids.set(this.ids.subarray(0, this.count));
      this.ids = ids;
    }
    if (this.raw) {
      const raw = new Float32Array(cap * this.dim);
      raw.set(this.raw.subarray(0, this.count * this.dim));
      this.raw = raw;
    }
  }
}

/** The vectors as the index stores them: a unit-length copy for cosine (the caller's array is never changed). */
export function prepared(vectors: Float32Array, dim: number, metric: AnnMetric): Float32Array {
  return metric === 'cosine' ? normalizeRows(Float32Array.from(vectors), dim) : vectors;
}

/** The one query vector (the first dim floats), unit length for cosine. */
export function preparedQuery(query: Float32Array, dim: number, metric: AnnMetric): Float32Array {
  const q = query.subarray(0, dim);
  return metric === 'cosine' ? normalizeRows(Float32Array.from(q), dim) : q;
}
