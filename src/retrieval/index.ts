/**
 * Retrieval: the AnnIndex interface with HNSW (hnswlib's graph on our addon's kernel, or hnswlib-node), exact brute force and the compressed kinds (IVF,
 * IVF-PQ, SQ8 over src/core/quantization) behind one factory, and the
 * worker-backed sharded HNSW (AsyncAnnIndex) with its exact twin. The only layer that loads hnswlib-node.
 */
export { createAnnIndex, loadAnnIndex } from './ann-index.js';
export { buildHnswParallel, type ParallelBuildOptions } from './hnsw-parallel-build.js';
export { HnswIndex } from './hnsw.js';
export { augmentItems, augmentQueries, createHnswInSpace, getOrBuildHnswInSpace, HNSW_SPACES, maxRowNorm, MipsAsL2Index, type HnswSpace } from './mips-as-l2.js';
export { hnswEngine, HNSW_ENGINES, type HnswEngine, type HnswEngineChoice } from './hnsw-graph.js';
export { ExactIndex } from './exact.js';
export { IvfIndex, type IvfMemory } from './ivf.js';
export { Sq8Index } from './sq8.js';
export { quantizationEngine, type QuantEngine } from './quantization-kernels.js';
export { createShardedIndex, type ShardedIndex, type ShardedIndexOptions, type ShardedSearch, type ShardedSearchOptions } from './sharded-index.js';
export { createShardedExactIndex, type ShardedExactIndex } from './sharded-exact.js';
export { mergeTopK, shardBounds } from './shards.js';
export { ANN_KINDS, ANN_METRICS, ANN_DEFAULTS } from './ann-types.js';
export type { AnnIndex, AsyncAnnIndex, AnnIndexOptions, AnnKind, AnnMetric, AnnSearchOptions, AnnSearchResult, AnnProgress, ResolvedAnnOptions } from './ann-types.js';
export type { ExactIndexOptions, HnswIndexOptions, IvfIndexOptions, IvfPqIndexOptions, Sq8IndexOptions } from './ann-types.js';
export { getOrBuildAnn, type CachedAnnRequest, type CachedAnnResult } from './cached-ann.js';
export { getOrBuildHnsw, vectorFingerprint, type CachedHnswRequest, type CachedHnswResult } from './cached-hnsw.js';
