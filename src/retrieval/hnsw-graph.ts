/**
 * One HNSW graph on either engine, behind one small interface that HnswIndex holds per shard:
 *   native        — hnswlib's graph compiled into our addon (src/native/hnsw): rows and queries pass as typed arrays,
 *                   a batch in one call, answers written into caller-owned arrays;
 *   hnswlib-node  — the npm binding, the reference: one JS array per row or query, one result object per answer.
 * Both run hnswlib 0.8.0 with the same SSE distances, so the same seed and rows give the same graph and the same
 * answers on either, and each reads the other's files (test/retrieval/hnsw-native.test.ts). 'auto' takes the native
 * engine when the addon is built and current; RECSYS_LAB_HNSW_ENGINE=hnswlib-node forces the reference.
 *   native-wide   — only when asked for (the benches): the native kernel with distances over the addon's full vector
 *                   width (AVX-512/AVX2, fused multiply-adds). Faster, deterministic on one machine, but its floats
 *                   differ in the last bits from hnswlib's SSE sums, so its graphs are not hnswlib-node's.
 */
import { UsageError } from '../core/errors.js';
import { nativeStatus, type NativeAddon } from '../native/addon.js';
import type { NativeHnswHandle, NativeHnswMetric } from '../native/hnsw/kernel.js';
import type { AnnMetric, ResolvedAnnOptions } from './ann-types.js';
import { hnswlib, type NativeHnsw } from './hnswlib-binding.js';

export type HnswEngine = 'native' | 'native-wide' | 'hnswlib-node';
export type HnswEngineChoice = 'auto' | HnswEngine;
export const HNSW_ENGINES: readonly HnswEngineChoice[] = ['auto', 'native', 'native-wide', 'hnswlib-node'];

export interface HnswGraph {
  readonly engine: HnswEngine;
  /** Insert rows one by one: labels[r], or firstLabel + r. */
  add(vectors: Float32Array, labels: Int32Array | undefined, firstLabel: number): void;
  /** The best ≤ k (k ≤ rows held) as labels and similarities, best first. */
  search(query: Float32Array, k: number): { ids: Int32Array; scores: Float32Array };
  /** Each query's best k written at [q·k, (q+1)·k) of ids/scores (k ≤ rows held; left as given beyond what it finds). */
  searchBatch(queries: Float32Array, k: number, ids: Int32Array, scores: Float32Array): void;
  setEf(ef: number): void;
  maxElements(): number;
  resize(maxElements: number): void;
  save(file: string): void;
}

/** Which engine runs, and why when it is not the native one. */
export function hnswEngine(choice: HnswEngineChoice = 'auto'): { engine: HnswEngine; reason: string } {
  if (!HNSW_ENGINES.includes(choice)) throw new UsageError(`HNSW engine must be one of ${HNSW_ENGINES.join(', ')}, got ${String(choice)}`);
  if (choice === 'hnswlib-node') return { engine: 'hnswlib-node', reason: 'asked for' };
  const forced = process.env.RECSYS_LAB_HNSW_ENGINE;
  if (choice === 'auto' && forced === 'hnswlib-node') return { engine: 'hnswlib-node', reason: 'RECSYS_LAB_HNSW_ENGINE=hnswlib-node' };
  const status = nativeStatus();
  if (status.addon) return { engine: choice === 'native-wide' ? 'native-wide' : 'native', reason: 'loaded' };
  if (choice !== 'auto') throw new UsageError(`HNSW engine ${choice} needs the native addon, which is ${status.reason}; use auto or hnswlib-node`);
  return { engine: 'hnswlib-node', reason: `native addon ${status.reason}` };
}

const METRIC_CODE: Record<AnnMetric, NativeHnswMetric> = { ip: 0, l2: 1, cosine: 2 };

/** The metric's code for the native kernel (the worker passes it on). */
export function nativeMetric(metric: AnnMetric): NativeHnswMetric {
  return METRIC_CODE[metric];
}

export function createGraph(engine: HnswEngine, o: ResolvedAnnOptions<'hnsw'>, maxElements: number = o.maxElements, seed: number = o.seed): HnswGraph {
  if (engine !== 'hnswlib-node') {
    const a = nativeStatus().addon!;
    return new NativeGraph(engine, a, a.hnswCreate(METRIC_CODE[o.metric], o.dim, maxElements, o.M, o.efConstruction, seed, engine === 'native-wide'), o.metric, o.dim);
  }
  const index = new (hnswlib().HierarchicalNSW)(o.metric, o.dim);
  index.initIndex(maxElements, o.M, o.efConstruction, seed);
  return new NodeGraph(index, o.metric, o.dim);
}

/** A graph from a file hnswlib wrote (by either engine). */
export function loadGraph(engine: HnswEngine, file: string, metric: AnnMetric, dim: number): HnswGraph {
  if (engine !== 'hnswlib-node') {
    const a = nativeStatus().addon!;
    return new NativeGraph(engine, a, a.hnswLoad(METRIC_CODE[metric], dim, file, engine === 'native-wide'), metric, dim);
  }
  const index = new (hnswlib().HierarchicalNSW)(metric, dim);
  index.readIndexSync(file);
  return new NodeGraph(index, metric, dim);
}

class NativeGraph implements HnswGraph {
  constructor(readonly engine: 'native' | 'native-wide', private readonly a: NativeAddon, private readonly h: NativeHnswHandle, readonly metric: AnnMetric, readonly dim: number) {}

  add(vectors: Float32Array, labels: Int32Array | undefined, firstLabel: number): void {
    this.a.hnswAdd(this.h, vectors, labels ?? null, firstLabel);
  }

  search(query: Float32Array, k: number): { ids: Int32Array; scores: Float32Array } {
    const ids = new Int32Array(k);
    const scores = new Float32Array(k);
    const n = this.a.hnswSearch(this.h, query, k, ids, scores);
    return n === k ? { ids, scores } : { ids: ids.subarray(0, n), scores: scores.subarray(0, n) };
  }

  searchBatch(queries: Float32Array, k: number, ids: Int32Array, scores: Float32Array): void {
    this.a.hnswSearchBatch(this.h, queries, k, ids, scores);
  }

  setEf(ef: number): void {
    this.a.hnswSetEf(this.h, ef);
  }

  maxElements(): number {
    return this.a.hnswCapacity(this.h)[1];
  }

  resize(maxElements: number): void {
    this.a.hnswResize(this.h, maxElements);
  }

  save(file: string): void {
    this.a.hnswSave(this.h, file);
  }
}

/**
 * hnswlib-node accepts plain JS arrays only: each row or query is copied into ONE preallocated array of length dim
 * (no allocation on the hot path; bench/ann.bench.ts measures it against Array.from(row)).
 * Distances → similarities: ip and cosine 1 − d, l2 −d.
 */
class NodeGraph implements HnswGraph {
  readonly engine = 'hnswlib-node' as const;
  private readonly row: number[];
  constructor(readonly index: NativeHnsw, readonly metric: AnnMetric, readonly dim: number) {
    this.row = new Array<number>(dim).fill(0);
  }

  add(vectors: Float32Array, labels: Int32Array | undefined, firstLabel: number): void {
    const { row, dim } = this;
    const rows = vectors.length / dim;
    for (let r = 0; r < rows; r++) {
      const o = r * dim;
      for (let d = 0; d < dim; d++) row[d] = vectors[o + d];
      this.index.addPoint(row, labels ? labels[r] : firstLabel + r);
    }
  }

  search(query: Float32Array, k: number): { ids: Int32Array; scores: Float32Array } {
    const { row, dim } = this;
    for (let d = 0; d < dim; d++) row[d] = query[d];
    const res = this.index.searchKnn(row, k);
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

  searchBatch(queries: Float32Array, k: number, ids: Int32Array, scores: Float32Array): void {
    const { row, dim } = this;
    const nq = queries.length / dim;
    const isL2 = this.metric === 'l2';
    for (let q = 0; q < nq; q++) {
      for (let d = 0; d < dim; d++) row[d] = queries[q * dim + d];
      const res = this.index.searchKnn(row, k);
      const nb = res.neighbors;
      const dist = res.distances;
      for (let i = 0; i < nb.length; i++) {
        ids[q * k + i] = nb[i];
        scores[q * k + i] = isL2 ? -dist[i] : 1 - dist[i];
      }
    }
  }

  setEf(ef: number): void {
    this.index.setEf(ef);
  }

  maxElements(): number {
    return this.index.getMaxElements();
  }

  resize(maxElements: number): void {
    this.index.resizeIndex(maxElements);
  }

  save(file: string): void {
    this.index.writeIndexSync(file);
  }
}
