/**
 * Retrieval: the AnnIndex interface with HNSW (hnswlib-node) and exact brute force behind one factory, and the
 * worker-backed sharded HNSW (AsyncAnnIndex) with its exact twin. The only layer that loads hnswlib-node.
 */
export { createAnnIndex, loadAnnIndex } from './ann-index.js';
export { buildHnswParallel, type ParallelBuildOptions } from './hnsw-parallel-build.js';
export { HnswIndex } from './hnsw.js';
export { ExactIndex } from './exact.js';
export { createShardedIndex, type ShardedIndex, type ShardedIndexOptions, type ShardedSearch } from './sharded-index.js';
export { createShardedExactIndex, type ShardedExactIndex } from './sharded-exact.js';
export { mergeTopK, shardBounds } from './shards.js';
export { ANN_KINDS, ANN_METRICS, ANN_DEFAULTS } from './ann-types.js';
export type { AnnIndex, AsyncAnnIndex, AnnIndexOptions, AnnKind, AnnMetric, AnnSearchOptions, AnnSearchResult, AnnProgress } from './ann-types.js';
export { getOrBuildHnsw, vectorFingerprint, type CachedHnswRequest, type CachedHnswResult } from './cached-hnsw.js';
