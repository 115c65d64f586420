/**
 * 8-bit scalar quantization behind the AnnIndex interface (faiss IndexScalarQuantizer, QT_8bit): one byte per
 * coordinate, ranges per dimension trained on the first addBatch (later values outside them clip), scanned flat —
 * every code is scored, so recall is lost only to rounding, never to a missed cell. With keepRaw and rerank R > 0
 * the best max(R, k) codes are re-scored exactly on the raw vectors.
 *
 * Scores against the decoded vector without decoding it: ip → base + Σ w_d c_d (scalarQueryTerms); l2 →
 * −Σ (a_d − step_d c_d)² with a_d = q_d − min_d − step_d / 2.
 */
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { encodeScalar, scalarQueryTerms, trainScalarQuantizer, TopKHeap, type ScalarQuantizer } from '../core/quantization/index.js';
import { ANN_FORMAT, readFloat32, readInt32, readUint8, writeIndexDirAtomic, writeTyped, type AnnMeta } from './ann-persist.js';
import { batchBySingle, checkBatch, checkSearch, searchOption } from './ann-options.js';
import type { AnnIndex, AnnMetric, AnnProgress, AnnSearchOptions, AnnSearchResult, ResolvedAnnOptions } from './ann-types.js';
import { prepared, preparedQuery, RowStore } from './row-store.js';

export class Sq8Index implements AnnIndex {
  readonly kind = 'sq8' as const;
  readonly dim: number;
  readonly metric: AnnMetric;
  readonly options: Readonly<ResolvedAnnOptions<'sq8'>>;
  private sq: ScalarQuantizer | null = null;
  private codes = new Uint8Array(0);
  private scratch = new Float64Array(0);
  private readonly rows: RowStore;

  constructor(options: ResolvedAnnOptions<'sq8'>) {
    this.options = options;
    this.dim = options.dim;
    this.metric = options.metric;
    this.rows = new RowStore(options.dim, options.maxElements, options.keepRaw);
  }

  get size(): number {
    return this.rows.count;
  }

  addBatch(vectors: Float32Array, ids?: Int32Array, onProgress?: AnnProgress): void {
    const n = checkBatch('sq8 addBatch', vectors, ids, this.dim, this.size, this.options.maxElements);
    if (n === 0) return;
    const x = prepared(vectors, this.dim, this.metric);
    this.sq ??= trainScalarQuantizer(x, n, this.dim);
    const from = this.rows.append(x, n, ids);
    const need = (from + n) * this.dim;
    if (this.codes.length < need) {
      const grown = new Uint8Array(Math.min(this.options.maxElements * this.dim, Math.max(need, 2 * this.codes.length)));
      grown.set(this.codes.subarray(0, from * this.dim));
      this.codes = grown;
    }
    this.codes.set(encodeScalar(this.sq, x, n), from * this.dim);
    onProgress?.(1);
  }

  search(query: Float32Array, k: number, opts: AnnSearchOptions = {}): AnnSearchResult {
    checkSearch('sq8 search', query, this.dim, k);
    const rerank = searchOption('sq8 search', 'rerank', opts.rerank, 0);
    if (rerank > 0 && !this.rows.raw) throw new UsageError(`sq8 search: rerank = ${rerank} needs the raw vectors, but the index was built with keepRaw false`);
    if (!this.sq) return { ids: new Int32Array(0), scores: new Float32Array(0) };
    const q = preparedQuery(query, this.dim, this.metric);
    const found = this.scan(q, rerank > 0 ? Math.max(rerank, k) : k);
    const best = rerank > 0 ? this.rows.rerank(q, found.ids, this.metric, k) : found;
    return this.rows.external(best.ids, best.scores);
  }

  /** Every code scored into a scratch array (unrolled by 4, as exact search), then the `keep` best rows. */
  private scan(q: Float32Array, keep: number): { ids: Int32Array; scores: Float32Array } {
    const { dim, codes } = this;
    const sq = this.sq!;
    const n = this.size;
    if (this.scratch.length < n) this.scratch = new Float64Array(Math.max(n, 2 * this.scratch.length));
    const out = this.scratch;
    const d4 = dim - (dim % 4);
    if (this.metric === 'l2') {
      const a = Float64Array.from(q, (v, d) => v - sq.min[d] - 0.5 * sq.step[d]);
      const st = sq.step;
      for (let r = 0, o = 0; r < n; r++, o += dim) {
        let s = 0;
        for (let d = 0; d < dim; d++) {
          const e = a[d] - st[d] * codes[o + d];
          s += e * e;
        }
        out[r] = -s;
      }
    } else {
      const { base, weights: w } = scalarQueryTerms(sq, q);
      for (let r = 0, o = 0; r < n; r++, o += dim) {
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let d = 0;
        for (; d < d4; d += 4) {
          s0 += w[d] * codes[o + d];
          s1 += w[d + 1] * codes[o + d + 1];
          s2 += w[d + 2] * codes[o + d + 2];
          s3 += w[d + 3] * codes[o + d + 3];
        }
        for (; d < dim; d++) s0 += w[d] * codes[o + d];
        out[r] = base + (s0 + s1 + s2 + s3);
      }
    }
    const heap = new TopKHeap(keep);
    for (let r = 0; r < n; r++) if (out[r] > heap.threshold()) heap.push(out[r], r);
    return heap.sorted(Math.min(keep, heap.size));
  }

  searchBatch(queries: Float32Array, k: number, opts?: AnnSearchOptions): AnnSearchResult {
    checkSearch('sq8 searchBatch', queries, this.dim, k);
    return batchBySingle(queries, this.dim, k, (q) => this.search(q, k, opts));
  }

  /** Codes (dim bytes a vector), ids (0 while ids are rows), the ranges, and the raw vectors kept for re-ranking. */
  memory(): { codes: number; ids: number; fixed: number; raw: number } {
    const r = this.rows.bytes();
    return { codes: this.size * this.dim, ids: r.ids, fixed: this.sq ? 8 * this.dim : 0, raw: r.raw };
  }

  memoryBytes(): number {
    const m = this.memory();
    return m.codes + m.ids + m.fixed + m.raw;
  }

  save(path: string): void {
    if (!this.sq) throw new UsageError('sq8 save: nothing to save before the first addBatch trains the index');
    const files = ['min.f32', 'step.f32', 'codes.u8'];
    if (this.rows.ids) files.push('ids.i32');
    if (this.rows.raw) files.push('raw.f32');
    const meta: AnnMeta = { format: ANN_FORMAT, options: { ...this.options }, size: this.size, files };
    writeIndexDirAtomic(path, meta, (dir) => {
      writeTyped(join(dir, 'min.f32'), this.sq!.min);
      writeTyped(join(dir, 'step.f32'), this.sq!.step);
      writeTyped(join(dir, 'codes.u8'), this.codes.subarray(0, this.size * this.dim));
      if (this.rows.ids) writeTyped(join(dir, 'ids.i32'), this.rows.ids.subarray(0, this.size));
      if (this.rows.raw) writeTyped(join(dir, 'raw.f32'), this.rows.raw.subarray(0, this.size * this.dim));
    });
  }

  static load(path: string, meta: AnnMeta<'sq8'>): Sq8Index {
    const index = new Sq8Index(meta.options);
    index.sq = { dim: meta.options.dim, min: readFloat32(join(path, 'min.f32')), step: readFloat32(join(path, 'step.f32')) };
    index.codes = readUint8(join(path, 'codes.u8'));
    if (index.codes.length !== meta.size * meta.options.dim) throw new UsageError(`loadAnnIndex: ${path} holds ${index.codes.length} code bytes, expected ${meta.size * meta.options.dim}`);
    const ids = meta.files.includes('ids.i32') ? readInt32(join(path, 'ids.i32')) : null;
    const raw = meta.files.includes('raw.f32') ? readFloat32(join(path, 'raw.f32')) : null;
    index.rows.restore(meta.size, ids, raw);
    return index;
  }
}
