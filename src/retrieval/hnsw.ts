/**
 * HNSW (Malkov & Yashunin, 2018) — hnswlib 0.8.0's graph — behind the AnnIndex interface, on one of two engines
 * (hnsw-graph.ts): our addon's kernel (src/native/hnsw: typed arrays in and out, a batch per call) when it is built,
 * else hnswlib-node. Both give the same graph and answers for the same seed and rows; `engine` says which ran.
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
import { createGraph, hnswEngine, loadGraph, type HnswEngine, type HnswEngineChoice, type HnswGraph } from './hnsw-graph.js';
import { mergeTopK } from './shards.js';

export class HnswIndex implements AnnIndex {
  readonly kind = 'hnsw' as const;
  readonly dim: number;
  readonly metric: AnnMetric;
  readonly options: Readonly<ResolvedAnnOptions<'hnsw'>>;
  /** the engine every shard runs on: 'native' (our addon) or 'hnswlib-node' */
  readonly engine: HnswEngine;
  private readonly shards: HnswGraph[];
  private readonly shardCounts: number[];
  private ef: number;

  /** A new empty index on `engine` ('auto': native when the addon loads), or one over shards already built. */
  constructor(options: ResolvedAnnOptions<'hnsw'>, shards?: { index: HnswGraph; count: number }[], ef: number = ANN_DEFAULTS.ef, engine: HnswEngineChoice = 'auto') {
    this.options = options;
    this.dim = options.dim;
    this.metric = options.metric;
    if (shards && shards.length > 0) {
      this.shards = shards.map((s) => s.index);
      this.shardCounts = shards.map((s) => s.count);
      this.engine = this.shards[0].engine;
      if (this.shards.some((s) => s.engine !== this.engine)) throw new UsageError('HnswIndex: every shard must run on the same engine');
    } else {
      this.engine = hnswEngine(engine).engine;
      this.shards = [createGraph(this.engine, options)];
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

  /** Insert rows one by one into the last shard (hnswlib inserts one point at a time), in chunks of 1% for progress. */
  addBatch(vectors: Float32Array, ids?: Int32Array, onProgress?: AnnProgress): void {
    const rows = checkBatch('HnswIndex.addBatch', vectors, ids, this.dim, this.size, this.options.maxElements);
    const last = this.shards.length - 1;
    const shard = this.shards[last];
    const need = this.shardCounts[last] + rows;
    if (need > shard.maxElements()) shard.resize(need);
    const base = this.size;
    const every = onProgress ? Math.max(1, Math.floor(rows / 100)) : Math.max(1, rows);
    const dim = this.dim;
    for (let r = 0; r < rows; r += every) {
      const e = Math.min(rows, r + every);
      shard.add(vectors.subarray(r * dim, e * dim), ids?.subarray(r, e), base + r);
      this.shardCounts[last] += e - r;
      if (onProgress && e < rows) onProgress(e / rows);
    }
    onProgress?.(1);
  }

  search(query: Float32Array, k: number, opts: AnnSearchOptions = {}): AnnSearchResult {
    checkSearch('HnswIndex.search', query, this.dim, k);
    this.setEf(opts.ef);
    if (this.shards.length === 1) return this.searchShard(0, query, k);
    const parts = this.shards.map((_, s) => this.searchShard(s, query, k));
    return mergeTopK(parts, k);
  }

  searchBatch(queries: Float32Array, k: number, opts: AnnSearchOptions = {}): AnnSearchResult {
    checkSearch('HnswIndex.searchBatch', queries, this.dim, k);
    if (this.shards.length > 1) return batchBySingle(queries, this.dim, k, (q) => this.search(q, k, opts));
    // one graph: checked once, and each answer written straight into the batch's arrays (no per-query result objects)
    this.setEf(opts.ef);
    const nq = queries.length / this.dim;
    const ids = new Int32Array(nq * k).fill(-1);
    const scores = new Float32Array(nq * k).fill(-Infinity);
    if (this.shardCounts[0] === 0) return { ids, scores };
    // hnswlib is never asked for more than it holds: with fewer rows than k, the rest stays padding
    if (k <= this.shardCounts[0]) {
      this.shards[0].searchBatch(queries, k, ids, scores);
      return { ids, scores };
    }
    return batchBySingle(queries, this.dim, k, (q) => this.searchShard(0, q, k));
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
      const cap = this.shards[s].maxElements();
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
      this.shards.forEach((s, i) => s.save(join(dir, files[i])));
    });
  }

  /** The files are hnswlib's own format: either engine reads what either wrote. */
  static load(path: string, meta: AnnMeta<'hnsw'>, engine: HnswEngineChoice = 'auto'): HnswIndex {
    const counts = meta.shardCounts ?? [meta.size];
    if (counts.length !== meta.files.length) throw new UsageError(`loadAnnIndex: ${path} lists ${meta.files.length} shards but ${counts.length} counts`);
    const shards = meta.files.map((f, i) => ({ index: readShard(join(path, f), meta.options, engine), count: counts[i] }));
    return new HnswIndex(meta.options, shards, meta.ef ?? ANN_DEFAULTS.ef);
  }

  private setEf(ef: number | undefined): void {
    const want = ef ?? this.ef;
    if (!Number.isInteger(want) || want < 1) throw new UsageError(`HnswIndex.search: ef must be an integer ≥ 1, got ${want}`);
    if (want === this.ef) return;
    this.ef = want;
    for (const s of this.shards) s.setEf(want);
  }

  private searchShard(s: number, query: Float32Array, k: number): AnnSearchResult {
    const kk = Math.min(k, this.shardCounts[s]);
    if (kk === 0) return { ids: new Int32Array(0), scores: new Float32Array(0) };
    return this.shards[s].search(query, kk);
  }
}

/** Read one saved hnswlib shard file on the engine chosen ('auto': native when the addon loads). */
export function readShard(file: string, options: { metric: AnnMetric; dim: number }, engine: HnswEngineChoice = 'auto'): HnswGraph {
  return loadGraph(hnswEngine(engine).engine, file, options.metric, options.dim);
}
