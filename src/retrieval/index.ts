/** Retrieval: the AnnIndex interface with HNSW (hnswlib-node) and exact brute force behind one factory. */
export { createAnnIndex, loadAnnIndex } from './ann-index.js';
export { buildHnswParallel, type ParallelBuildOptions } from './hnsw-parallel-build.js';
export { HnswIndex, DEFAULT_EF } from './hnsw.js';
export { ExactIndex } from './exact.js';
export { ANN_KINDS, ANN_METRICS, ANN_DEFAULTS } from './ann-types.js';
export type { AnnIndex, AnnIndexOptions, AnnKind, AnnMetric, AnnSearchOptions, AnnSearchResult, AnnProgress } from './ann-types.js';
export { getOrBuildHnsw, vectorFingerprint, type CachedHnswRequest, type CachedHnswResult } from './cached-hnsw.js';
