/**
 * HNSW (Malkov & Yashunin, 2018) through hnswlib-node v3, behind the AnnIndex interface.
 *
 * Facts about the binding that shape this adapter: one point per addPoint/searchKnn call, synchronous,
 * and it accepts plain JS arrays only. Each call therefore copies a Float32Array row into a JS array; we
 * reuse ONE preallocated array of length dim for every call (no allocation on the hot path), which the
 * bench measures against Array.from(row).
 *
 * Distances → similarities (larger is better, the same numbers ExactIndex returns):
 *   ip: hnswlib returns 1 − q·x → score = 1 − d;  cosine: the same on unit vectors;  l2: squared distance → score = −d.
 *
 * An index may hold several shards (built in parallel by hnsw-parallel-build.ts): search queries every shard
 * with the same ef and merges the per-shard top-k (shards.ts), so recall at a given ef is at least that of one shard.
 * The shards of this index are searched on this thread; sharded-index.ts keeps each shard in a worker of its own.
 */
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { ANN_FORMAT, writeIndexDirAtomic, type AnnMeta } from './ann-persist.js';
import { batchBySingle, checkBatch, checkSearch } from './ann-options.js';
import { ANN_DEFAULTS, type AnnIndex, type AnnMetric, type AnnProgress, type AnnSearchOptions, type AnnSearchResult, type ResolvedAnnOptions } from './ann-types.js';
import { hnswlib, type NativeHnsw } from './hnswlib-binding.js';
import { mergeTopK } from './shards.js';

export class HnswIndex implements AnnIndex {
  readonly kind = 'hnsw' as const;
  readonly dim: number;
  readonly metric: AnnMetric;
  readonly options: Readonly<ResolvedAnnOptions<'hnsw'>>;
  private readonly shards: NativeHnsw[];
  private readonly shardCounts: number[];
  private readonly row: number[];
  private ef: number;

  constructor(options: ResolvedAnnOptions<'hnsw'>, shards?: { index: NativeHnsw; count: number }[], ef: number = ANN_DEFAULTS.ef) {
    this.options = options;
    this.dim = options.dim;
    this.metric = options.metric;
    this.row = new Array<number>(options.dim).fill(0);
    if (shards && shards.length > 0) {
      this.shards = shards.map((s) => s.index);
      this.shardCounts = shards.map((s) => s.count);
    } else {
      const index = new (hnswlib().HierarchicalNSW)(options.metric, options.dim);
      index.initIndex(options.maxElements, options.M, options.efConstruction, options.seed);
      this.shards = [index];
      this.shardCounts = [0];
    }
    this.ef = ef;
    for (const s of this.shards) s.setEf(ef);
  }

  get size(): number {
    return this.shardCounts.reduce((a, b) => a + b, 0);
  }

  get shardCount(): number {
    return this.shards.length;
  }

  /** Insert rows one by one into the last shard (hnswlib has no batch insert). */
  addBatch(vectors: Float32Array, ids?: Int32Array, onProgress?: AnnProgress): void {
    const rows = checkBatch('HnswIndex.addBatch', vectors, ids, this.dim, this.size, this.options.maxElements);
    const last = this.shards.length - 1;
    const shard = this.shards[last];
    const need = this.shardCounts[last] + rows;
    if (need > shard.getMaxElements()) shard.resizeIndex(need);
    const base = this.size;
    const every = Math.max(1, Math.floor(rows / 100));
    const row = this.row;
    const dim = this.dim;
    for (let r = 0; r < rows; r++) {
      const o = r * dim;
      for (let d = 0; d < dim; d++) row[d] = vectors[o + d];
      shard.addPoint(row, ids ? ids[r] : base + r);
      if (onProgress && (r + 1) % every === 0) onProgress((r + 1) / rows);
    }
    this.shardCounts[last] += rows;
    onProgress?.(1);
  }

  search(query: Float32Array, k: number, opts: AnnSearchOptions = {}): AnnSearchResult {
    checkSearch('HnswIndex.search', query, this.dim, k);
    this.setEf(opts.ef);
    const row = this.row;
    for (let d = 0; d < this.dim; d++) row[d] = query[d];
    if (this.shards.length === 1) return this.searchShard(0, row, k);
    const parts = this.shards.map((_, s) => this.searchShard(s, row, k));
    return mergeTopK(parts, k);
  }

  searchBatch(queries: Float32Array, k: number, opts: AnnSearchOptions = {}): AnnSearchResult {
    checkSearch('HnswIndex.searchBatch', queries, this.dim, k);
    if (this.shards.length > 1) return batchBySingle(queries, this.dim, k, (q) => this.search(q, k, opts));
    // one graph: checked once, and each answer written straight into the batch's arrays (no per-query result objects)
    this.setEf(opts.ef);
    const dim = this.dim;
    const nq = queries.length / dim;
    const ids = new Int32Array(nq * k).fill(-1);
    const scores = new Float32Array(nq * k).fill(-Infinity);
    const kk = Math.min(k, this.shardCounts[0]);
    if (kk === 0) return { ids, scores };
    const row = this.row;
    const isL2 = this.metric === 'l2';
    for (let q = 0; q < nq; q++) {
      for (let d = 0; d < dim; d++) row[d] = queries[q * dim + d];
      const res = this.shards[0].searchKnn(row, kk);
      const nb = res.neighbors;
      const dist = res.distances;
      for (let i = 0; i < nb.length; i++) {
        ids[q * k + i] = nb[i];
        scores[q * k + i] = isL2 ? -dist[i] : 1 - dist[i];
      }
    }
    return { ids, scores };
  }

  /**
   * Estimated from hnswlib's memory layout (hnswalg.h): per element, level 0 holds the vector (4·dim bytes),
   * a link-count word and 2M links (4 bytes each) and an 8-byte label; an element reaches level ≥ 1 with
   * probability ≈ 1/M (mult = 1/ln M) and each upper level costs 4 + 4M bytes; plus a label→id hash map
   * (≈ 32 bytes per element) and per-element lock/level pointers (≈ 16 bytes).
   */
  memoryBytes(): number {
    const { M, dim } = this.options;
    let total = 0;
    for (let s = 0; s < this.shards.length; s++) {
      const cap = this.shards[s].getMaxElements();
      const n = this.shardCounts[s];
      const level0 = cap * (4 * dim + 4 + 8 * M + 8);
      const upper = n * (1 / (M - 1)) * (4 + 4 * M);
      total += level0 + upper + n * (32 + 16);
    }
    return Math.round(total);
  }

  save(path: string): void {
    const files = this.shards.map((_, s) => `shard-${s}.hnsw`);
    const meta: AnnMeta = { format: ANN_FORMAT, options: { ...this.options }, size: this.size, files, ef: this.ef, shardCounts: [...this.shardCounts] };
    writeIndexDirAtomic(path, meta, (dir) => {
      this.shards.forEach((s, i) => s.writeIndexSync(join(dir, files[i])));
    });
  }

  static load(path: string, meta: AnnMeta<'hnsw'>): HnswIndex {
    const counts = meta.shardCounts ?? [meta.size];
    if (counts.length !== meta.files.length) throw new UsageError(`loadAnnIndex: ${path} lists ${meta.files.length} shards but ${counts.length} counts`);
    const shards = meta.files.map((f, i) => ({ index: readShard(join(path, f), meta.options), count: counts[i] }));
    return new HnswIndex(meta.options, shards, meta.ef ?? ANN_DEFAULTS.ef);
  }

  private setEf(ef: number | undefined): void {
    const want = ef ?? this.ef;
    if (!Number.isInteger(want) || want < 1) throw new UsageError(`HnswIndex.search: ef must be an integer ≥ 1, got ${want}`);
    if (want === this.ef) return;
    this.ef = want;
    for (const s of this.shards) s.setEf(want);
  }

  private searchShard(s: number, row: number[], k: number): AnnSearchResult {
    const n = this.shardCounts[s];
    const kk = Math.min(k, n);
    if (kk === 0) return { ids: new Int32Array(0), scores: new Float32Array(0) };
    const res = this.shards[s].searchKnn(row, kk);
    // plain indexed loops: Int32Array.from(array) goes through the iterator protocol, a measurable share of a µs-scale call
    const nb = res.neighbors;
    const dist = res.distances;
    const ids = new Int32Array(nb.length);
    const scores = new Float32Array(dist.length);
    const isL2 = this.metric === 'l2';
    for (let i = 0; i < nb.length; i++) ids[i] = nb[i];
    for (let i = 0; i < dist.length; i++) scores[i] = isL2 ? -dist[i] : 1 - dist[i];
    return { ids, scores };
  }
}

/** Read one saved hnswlib shard file. */
export function readShard(file: string, options: ResolvedAnnOptions<'hnsw'>): NativeHnsw {
  const index = new (hnswlib().HierarchicalNSW)(options.metric, options.dim);
  index.readIndexSync(file);
  return index;
}
