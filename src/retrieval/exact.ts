/**
 * Exact (brute-force) nearest-neighbour search: scores every stored vector. The recall reference for HNSW,
 * as hnswlib's bruteforce.h is for hnswalg.h.
 *
 * Cost per query: n · dim multiply-adds and n · dim · 4 bytes read — memory-bound for large n
 * (1M × 64 floats = 256 MB per query). Top-k selection by a size-k heap (core/vec.ts topK), O(n log k).
 * With the native addon the search runs in src/native/exact (same scores and order as the JS reference exact-js.ts,
 * bit for bit), and searchBatch reads the matrix once per block of rows for all its queries instead of once per query.
 */
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { normalizeRows } from '../core/vec.js';
import { loadNative, type NativeAddon } from '../native/addon.js';
import { ANN_FORMAT, readFloat32, readInt32, writeIndexDirAtomic, writeTyped, type AnnMeta } from './ann-persist.js';
import { batchBySingle, checkBatch, checkSearch } from './ann-options.js';
import { exactTopKJs } from './exact-js.js';
import type { AnnIndex, AnnMetric, AnnProgress, AnnSearchOptions, AnnSearchResult, ResolvedAnnOptions } from './ann-types.js';

/** Which code scores: 'auto' = native when the addon is built, else JS. */
export type ExactEngine = 'auto' | 'native' | 'js';

export class ExactIndex implements AnnIndex {
  readonly kind = 'exact' as const;
  readonly dim: number;
  readonly metric: AnnMetric;
  readonly options: Readonly<ResolvedAnnOptions<'exact'>>;
  private vectors: Float32Array;
  private ids: Int32Array;
  private count = 0;
  private readonly native: NativeAddon | null;

  constructor(options: ResolvedAnnOptions<'exact'>, engine: ExactEngine = 'auto') {
    this.native = engine === 'js' ? null : loadNative();
    if (engine === 'native' && !this.native) throw new UsageError('ExactIndex: engine native needs the native addon (`npm run build:native`); use auto or js');
    this.options = options;
    this.dim = options.dim;
    this.metric = options.metric;
    this.vectors = new Float32Array(0);
    this.ids = new Int32Array(0);
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

  /** 'native' when the search runs in the addon, else 'js'. */
  get engine(): 'native' | 'js' {
    return this.native ? 'native' : 'js';
  }

  search(query: Float32Array, k: number, _opts?: AnnSearchOptions): AnnSearchResult {
    checkSearch('ExactIndex.search', query, this.dim, k);
    const q = this.metric === 'cosine' ? normalizeRows(Float32Array.from(query.subarray(0, this.dim)), this.dim) : query.subarray(0, this.dim);
    const n = this.count;
    if (this.native) {
      const m = Math.min(k, n);
      const rows = new Int32Array(m);
      const scores = new Float32Array(m);
      if (m > 0) this.native.exactSearch(this.vectors, n, this.dim, this.metric === 'l2' ? 1 : 0, q, 1, m, rows, scores);
      return { ids: this.idsOf(rows), scores };
    }
    // the scores live for one call only, so the index's resident size is the same on either engine
    const top = exactTopKJs(this.vectors, n, this.dim, this.metric === 'l2' ? 'l2' : 'ip', q, k, new Float32Array(n));
    return { ids: this.idsOf(top.rows), scores: top.scores };
  }

  searchBatch(queries: Float32Array, k: number, opts?: AnnSearchOptions): AnnSearchResult {
    checkSearch('ExactIndex.searchBatch', queries, this.dim, k);
    if (!this.native) return batchBySingle(queries, this.dim, k, (q) => this.search(q, k, opts));
    const nq = Math.floor(queries.length / this.dim);
    const qs = this.metric === 'cosine' ? normalizeRows(Float32Array.from(queries.subarray(0, nq * this.dim)), this.dim) : queries;
    const rows = new Int32Array(nq * k);
    const scores = new Float32Array(nq * k);
    this.native.exactSearch(this.vectors, this.count, this.dim, this.metric === 'l2' ? 1 : 0, qs, nq, k, rows, scores);
    return { ids: this.idsOf(rows), scores };
  }

  /** Caller ids of stored rows (−1 stays −1: padding). */
  private idsOf(rows: Int32Array): Int32Array {
    const ids = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) ids[i] = rows[i] < 0 ? -1 : this.ids[rows[i]];
    return ids;
  }

  memoryBytes(): number {
    return this.vectors.byteLength + this.ids.byteLength;
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
