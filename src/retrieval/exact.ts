/**
 * Exact (brute-force) nearest-neighbour search: scores every stored vector. The recall reference for HNSW,
 * as hnswlib's bruteforce.h is for hnswalg.h.
 *
 * Cost per query: n · dim multiply-adds and n · dim · 4 bytes read — memory-bound for large n
 * (1M × 64 floats = 256 MB per query). Top-k selection by a size-k heap (core/vec.ts topK), O(n log k).
 */
import { join } from 'node:path';
import { normalizeRows, topK } from '../core/vec.js';
import { ANN_FORMAT, readFloat32, readInt32, writeIndexDirAtomic, writeTyped, type AnnMeta } from './ann-persist.js';
import { batchBySingle, checkBatch, checkSearch } from './ann-options.js';
import type { AnnIndex, AnnMetric, AnnProgress, AnnSearchOptions, AnnSearchResult, ResolvedAnnOptions } from './ann-types.js';

export class ExactIndex implements AnnIndex {
  readonly kind = 'exact' as const;
  readonly dim: number;
  readonly metric: AnnMetric;
  readonly options: Readonly<ResolvedAnnOptions<'exact'>>;
  private vectors: Float32Array;
  private ids: Int32Array;
  private count = 0;
  private scratch: Float32Array;

  constructor(options: ResolvedAnnOptions<'exact'>) {
    this.options = options;
    this.dim = options.dim;
    this.metric = options.metric;
    this.vectors = new Float32Array(0);
    this.ids = new Int32Array(0);
    this.scratch = new Float32Array(0);
  }

  get size(): number {
    return this.count;
  }

  addBatch(vectors: Float32Array, ids?: Int32Array, onProgress?: AnnProgress): void {
    const rows = checkBatch('ExactIndex.addBatch', vectors, ids, this.dim, this.count, this.options.maxElements);
    this.ensureCapacity(this.count + rows);
    const at = this.count * this.dim;
    this.vectors.set(vectors, at);
    // cosine = inner product of unit vectors: normalise once at insert, and the query at search time
    if (this.metric === 'cosine') normalizeRows(this.vectors.subarray(at, at + vectors.length), this.dim);
    for (let r = 0; r < rows; r++) this.ids[this.count + r] = ids ? ids[r] : this.count + r;
    this.count += rows;
    onProgress?.(1);
  }

  search(query: Float32Array, k: number, _opts?: AnnSearchOptions): AnnSearchResult {
    checkSearch('ExactIndex.search', query, this.dim, k);
    const q = this.metric === 'cosine' ? normalizeRows(Float32Array.from(query.subarray(0, this.dim)), this.dim) : query;
    const n = this.count;
    if (this.scratch.length < n) this.scratch = new Float32Array(this.vectors.length / this.dim);
    const scores = this.scratch.subarray(0, n);
    if (this.metric === 'l2') scoreNegL2(this.vectors, q, this.dim, n, scores);
    else scoreIp(this.vectors, q, this.dim, n, scores);
    const top = topK(scores, k);
    const ids = new Int32Array(top.length);
    const out = new Float32Array(top.length);
    for (let i = 0; i < top.length; i++) {
      ids[i] = this.ids[top[i]];
      out[i] = scores[top[i]];
    }
    return { ids, scores: out };
  }

  searchBatch(queries: Float32Array, k: number, opts?: AnnSearchOptions): AnnSearchResult {
    checkSearch('ExactIndex.searchBatch', queries, this.dim, k);
    return batchBySingle(queries, this.dim, k, (q) => this.search(q, k, opts));
  }

  memoryBytes(): number {
    return this.vectors.byteLength + this.ids.byteLength + this.scratch.byteLength;
  }

  save(path: string): void {
    const meta: AnnMeta = { format: ANN_FORMAT, options: { ...this.options }, size: this.count, files: ['vectors.f32', 'ids.i32'] };
    writeIndexDirAtomic(path, meta, (dir) => {
      writeTyped(join(dir, 'vectors.f32'), this.vectors.subarray(0, this.count * this.dim));
      writeTyped(join(dir, 'ids.i32'), this.ids.subarray(0, this.count));
    });
  }

  static load(path: string, meta: AnnMeta<'exact'>): ExactIndex {
    const index = new ExactIndex(meta.options);
    const vectors = readFloat32(join(path, 'vectors.f32'));
    const ids = readInt32(join(path, 'ids.i32'));
    index.ensureCapacity(meta.size);
    index.vectors.set(vectors); // stored already normalised for cosine: copy without re-normalising
    index.ids.set(ids);
    index.count = meta.size;
    return index;
  }

  private ensureCapacity(rows: number): void {
    if (this.vectors.length >= rows * this.dim) return;
    // grow geometrically up to maxElements so repeated small batches stay O(n) overall
    const cap = Math.min(this.options.maxElements, Math.max(rows, 2 * (this.vectors.length / this.dim), 1024));
    const v = new Float32Array(cap * this.dim);
    v.set(this.vectors.subarray(0, this.count * this.dim));
    const ids = new Int32Array(cap);
    ids.set(this.ids.subarray(0, this.count));
    this.vectors = v;
    this.ids = ids;
  }
}

/** scores[r] = x_r · q, unrolled by 4 (V8 keeps the four partial sums in registers). */
function scoreIp(m: Float32Array, q: Float32Array, dim: number, n: number, scores: Float32Array): void {
  const d4 = dim - (dim % 4);
  for (let r = 0, o = 0; r < n; r++, o += dim) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let d = 0;
    for (; d < d4; d += 4) {
      s0 += m[o + d] * q[d];
      s1 += m[o + d + 1] * q[d + 1];
      s2 += m[o + d + 2] * q[d + 2];
      s3 += m[o + d + 3] * q[d + 3];
    }
    for (; d < dim; d++) s0 += m[o + d] * q[d];
    scores[r] = s0 + s1 + s2 + s3;
  }
}

/** scores[r] = −‖x_r − q‖², so that larger is better as for the other metrics. */
function scoreNegL2(m: Float32Array, q: Float32Array, dim: number, n: number, scores: Float32Array): void {
  for (let r = 0, o = 0; r < n; r++, o += dim) {
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const t = m[o + d] - q[d];
      s += t * t;
    }
    scores[r] = -s;
  }
}
