/**
 * The AnnIndex contract: one interface for HNSW (hnswlib-node), exact brute force and the compressed kinds (ivf,
 * ivfpq, sq8), so that exact search is the recall reference for the others and experiments swap them by name. In-thread indexes answer
 * synchronously (AnnIndex.search); worker-backed ones answer with a Promise and hold threads until closed
 * (AsyncAnnIndex.searchAsync, close).
 *
 * Scores are similarities, larger is better, for every kind and metric:
 *   ip → q·x;  cosine → cos(q, x);  l2 → −‖q − x‖² (negated squared distance).
 */
export type AnnKind = 'hnsw' | 'exact' | 'ivf' | 'ivfpq' | 'sq8';
export type AnnMetric = 'ip' | 'cosine' | 'l2';
export const ANN_KINDS: readonly AnnKind[] = ['hnsw', 'exact', 'ivf', 'ivfpq', 'sq8'];
export const ANN_METRICS: readonly AnnMetric[] = ['ip', 'cosine', 'l2'];

interface AnnCommonOptions {
  dim: number;
  metric: AnnMetric;
  maxElements: number;
}

/** Brute force over the raw vectors. */
export interface ExactIndexOptions extends AnnCommonOptions {
  kind: 'exact';
}

export interface HnswIndexOptions extends AnnCommonOptions {
  kind: 'hnsw';
  /** HNSW graph degree (hnswlib's M; layer 0 keeps 2M links). Default ANN_DEFAULTS.M. */
  M?: number;
  /** HNSW candidate-list size while inserting. Default ANN_DEFAULTS.efConstruction. */
  efConstruction?: number;
  /** HNSW level-assignment seed (the build is deterministic for a seed and insertion order). Default ANN_DEFAULTS.seed. */
  seed?: number;
}

/** Inverted file over the raw vectors (faiss IndexIVFFlat): trained on the first addBatch. */
export interface IvfIndexOptions extends AnnCommonOptions {
  kind: 'ivf';
  /** k-means cells (coarse centroids). Default ANN_DEFAULTS.nlist. */
  nlist?: number;
  /** Lloyd iterations of every k-means. Default ANN_DEFAULTS.iterations. */
  iterations?: number;
  /** seed of the training sample and k-means++. Default ANN_DEFAULTS.seed. */
  seed?: number;
}

/** Inverted file with product-quantized residuals (faiss IndexIVFPQ), optionally re-ranked on kept raw vectors. */
export interface IvfPqIndexOptions extends Omit<IvfIndexOptions, 'kind'> {
  kind: 'ivfpq';
  /** PQ sub-spaces (bytes per code at nbits 8); must divide dim. Never HNSW's M. Default ANN_DEFAULTS.pqM. */
  pqM?: number;
  /** bits per sub-space code, 1…8 (2^nbits centroids each). Default ANN_DEFAULTS.nbits. */
  nbits?: number;
  /** keep the raw vectors for exact re-ranking (they sit beside the codes, reported apart). Default ANN_DEFAULTS.keepRaw. */
  keepRaw?: boolean;
}

/** 8-bit scalar quantization, scanned flat (faiss IndexScalarQuantizer QT_8bit); ranges trained on the first addBatch. */
export interface Sq8IndexOptions extends AnnCommonOptions {
  kind: 'sq8';
  /** keep the raw vectors for exact re-ranking. Default ANN_DEFAULTS.keepRaw. */
  keepRaw?: boolean;
}

export type AnnIndexOptions = ExactIndexOptions | HnswIndexOptions | IvfIndexOptions | IvfPqIndexOptions | Sq8IndexOptions;

/** The options of kind K with every default filled in (and no other kind's option). */
export type ResolvedAnnOptions<K extends AnnKind = AnnKind> = K extends AnnKind ? Required<Extract<AnnIndexOptions, { kind: K }>> : never;

export interface AnnSearchResult {
  ids: Int32Array;
  scores: Float32Array;
}

export interface AnnSearchOptions {
  /** HNSW candidate-list size at query time (hnswlib searches with max(ef, k)); default ANN_DEFAULTS.ef. Read by HNSW only. */
  ef?: number;
  /** IVF cells scanned per query (clamped to nlist; nlist = exact over the stored codes); default ANN_DEFAULTS.nprobe. Read by ivf and ivfpq. */
  nprobe?: number;
  /** re-rank the best max(rerank, k) compressed candidates with exact scores on the kept raw vectors; 0 = none. Read by ivfpq and sq8. */
  rerank?: number;
}

/** Called with the fraction done, in [0, 1]. */
export type AnnProgress = (fraction: number) => void;

export interface AnnIndex {
  readonly kind: AnnKind;
  readonly dim: number;
  readonly metric: AnnMetric;
  readonly options: Readonly<ResolvedAnnOptions>;
  /** number of vectors added so far */
  readonly size: number;
  /** Append row-major vectors (rows × dim); ids default to size, size + 1, … */
  addBatch(vectors: Float32Array, ids?: Int32Array, onProgress?: AnnProgress): void;
  /** The k best items, best first. */
  search(query: Float32Array, k: number, opts?: AnnSearchOptions): AnnSearchResult;
  /** Queries back to back (queries × dim); result ids/scores are queries × k, row q at [q·k, (q+1)·k), padded with −1/−Infinity. */
  searchBatch(queries: Float32Array, k: number, opts?: AnnSearchOptions): AnnSearchResult;
  /** Resident bytes of the index: measured for exact and the compressed kinds (raw vectors kept for re-ranking included), estimated from hnswlib's layout for HNSW. */
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
 * The one table of ANN defaults, used when a caller gives none; every scenario's YAML passes its own. Each kind takes
 * only its own keys (ann-options.ts, KIND_OPTIONS), so an HNSW index never carries pqM. hnswlib's own defaults are
 * efConstruction 200 and ef 10; 100 for both is what the scenarios declare at small scale. faiss has no default nlist
 * (its guide says 4·√n to 16·√n); nprobe 1 is faiss's default, 8 a usable start; pqM 8 × nbits 8 = 8 bytes a code.
 */
export const ANN_DEFAULTS = {
  M: 16, efConstruction: 100, ef: 100, seed: 100,
  nlist: 100, iterations: 20, pqM: 8, nbits: 8, keepRaw: true, nprobe: 8, rerank: 0,
} as const;
