/**
 * The HNSW kernel of the native addon (hnsw.cc beside this file): hnswlib 0.8.0's graph, the very headers hnswlib-node
 * ships, compiled into our addon and called with typed arrays — one call inserts a batch of rows, one call answers a
 * query (or a batch) into caller-owned arrays. Its distances are hnswlib's SSE functions with no fused multiply-add,
 * the code hnswlib-node runs, so a graph built from the same seed and rows is the same on either engine, and the files
 * are hnswlib's own format, readable by both. `wide` (asked for, never the default) swaps in distances over the full
 * vector width with fused multiply-adds: faster, the same on every run on one machine, but not bit-equal to hnswlib's. Its adapter is HnswIndex (src/retrieval/hnsw.ts); the reference is
 * hnswlib-node itself, held against it in test/retrieval/hnsw-native.test.ts.
 */

/** An index living in the addon (an opaque handle; freed when garbage-collected). */
export type NativeHnswHandle = { readonly __nativeHnsw: unique symbol };

/** 0 = inner product, 1 = squared L2, 2 = cosine (rows and queries normalised, as hnswlib-node does) */
export type NativeHnswMetric = 0 | 1 | 2;

export interface HnswKernels {
  hnswCreate(metric: NativeHnswMetric, dim: number, maxElements: number, M: number, efConstruction: number, seed: number, wide: boolean): NativeHnswHandle;
  /** An index from a file hnswlib wrote (by either engine). */
  hnswLoad(metric: NativeHnswMetric, dim: number, path: string, wide: boolean): NativeHnswHandle;
  hnswSave(index: NativeHnswHandle, path: string): void;
  /** Insert rows × dim vectors one after another, labelled labels[r] (≥ 0) or firstLabel + r. */
  hnswAdd(index: NativeHnswHandle, vectors: Float32Array, labels: Int32Array | null, firstLabel: number): void;
  /** The best ≤ k as labels and similarities (ip/cosine 1 − d, l2 −d), best first; returns how many. */
  hnswSearch(index: NativeHnswHandle, query: Float32Array, k: number, outIds: Int32Array, outScores: Float32Array): number;
  /** Every query of queries (nq × dim): its answer at [q·k, (q+1)·k), padded −1 / −Infinity. */
  hnswSearchBatch(index: NativeHnswHandle, queries: Float32Array, k: number, outIds: Int32Array, outScores: Float32Array): void;
  hnswSetEf(index: NativeHnswHandle, ef: number): void;
  hnswResize(index: NativeHnswHandle, maxElements: number): void;
  /** [rows held, maxElements] */
  hnswCapacity(index: NativeHnswHandle): [number, number];
}

export const HNSW_FUNCTIONS: readonly (keyof HnswKernels)[] = [
  'hnswCreate', 'hnswLoad', 'hnswSave', 'hnswAdd', 'hnswSearch', 'hnswSearchBatch', 'hnswSetEf', 'hnswResize', 'hnswCapacity',
];
