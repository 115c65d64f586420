/**
 * The AnnIndex contract: one interface for HNSW (hnswlib-node) and exact brute force, so that exact search
 * is the recall reference for HNSW and experiments can swap one for the other by name. In-thread indexes answer
 * synchronously (AnnIndex.search); worker-backed ones answer with a Promise and hold threads until closed
 * (AsyncAnnIndex.searchAsync, close).
 *
 * Scores are similarities, larger is better, for every kind and metric:
 *   ip → q·x;  cosine → cos(q, x);  l2 → −‖q − x‖² (negated squared distance).
 */
export type AnnKind = 'hnsw' | 'exact';
export type AnnMetric = 'ip' | 'cosine' | 'l2';
export const ANN_KINDS: readonly AnnKind[] = ['hnsw', 'exact'];
export const ANN_METRICS: readonly AnnMetric[] = ['ip', 'cosine', 'l2'];

export interface AnnIndexOptions {
  kind: AnnKind;
  dim: number;
  metric: AnnMetric;
  maxElements: number;
  /** HNSW graph degree (hnswlib's M; layer 0 keeps 2M links). Default ANN_DEFAULTS.M. */
  M?: number;
  /** HNSW candidate-list size while inserting. Default ANN_DEFAULTS.efConstruction. */
  efConstruction?: number;
  /** HNSW level-assignment seed (the build is deterministic for a seed and insertion order). Default ANN_DEFAULTS.seed. */
  seed?: number;
}

export interface AnnSearchResult {
  ids: Int32Array;
  scores: Float32Array;
}

export interface AnnSearchOptions {
  /** HNSW candidate-list size at query time (hnswlib searches with max(ef, k)); default ANN_DEFAULTS.ef. Ignored by exact search. */
  ef?: number;
}

/** Called with the fraction done, in [0, 1]. */
export type AnnProgress = (fraction: number) => void;

export interface AnnIndex {
  readonly kind: AnnKind;
  readonly dim: number;
  readonly metric: AnnMetric;
  readonly options: Readonly<Required<AnnIndexOptions>>;
  /** number of vectors added so far */
  readonly size: number;
  /** Append row-major vectors (rows × dim); ids default to size, size + 1, … */
  addBatch(vectors: Float32Array, ids?: Int32Array, onProgress?: AnnProgress): void;
  /** The k best items, best first. */
  search(query: Float32Array, k: number, opts?: AnnSearchOptions): AnnSearchResult;
  /** Queries back to back (queries × dim); result ids/scores are queries × k, row q at [q·k, (q+1)·k), padded with −1/−Infinity. */
  searchBatch(queries: Float32Array, k: number, opts?: AnnSearchOptions): AnnSearchResult;
  /** Resident bytes of the index: measured for exact, estimated from hnswlib's layout for HNSW. */
  memoryBytes(): number;
  /** Write to a directory `path` atomically (temp dir + rename). */
  save(path: string): void;
}

/** A worker-backed index (the sharded HNSW, its exact twin): the answer comes back asynchronously, and close() ends its threads. */
export interface AsyncAnnIndex {
  readonly kind: AnnKind;
  readonly dim: number;
  readonly metric: AnnMetric;
  readonly size: number;
  /** The k best items, best first (ids and similarities as AnnIndex.search gives them). */
  searchAsync(query: Float32Array, k: number, opts?: AnnSearchOptions): Promise<AnnSearchResult>;
  close(): Promise<void>;
}

/**
 * The one table of ANN defaults, used when a caller gives none; every scenario's YAML passes its own. hnswlib's own
 * defaults are efConstruction 200 and ef 10; 100 for both is what the scenarios declare at small scale.
 */
export const ANN_DEFAULTS = { M: 16, efConstruction: 100, ef: 100, seed: 100 } as const;
