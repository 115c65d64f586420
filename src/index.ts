/** recsys-lab public API: explicit re-exports, one section per capability. */

// High-cardinality categorical features (src/core/features)
export {
  hashBucket,
  murmurHash3x86_32,
  murmurHash3String,
  expectedDistinctBuckets,
  measureCollisions,
  fitFrequencyVocabulary,
  applyFrequencyVocabulary,
  recommendedEmbeddingDim,
  targetEncode,
  fitTargetEncoding,
  applyTargetEncoding,
  chiSquareUniformity,
  chiSquareCriticalValue,
} from './core/features/index.js';

// Offline metrics (src/core/metrics)
export {
  ndcgAtK,
  recallAtK,
  averagePrecisionAtK,
  aucRoc,
  catalogCoverage,
  exposureCounts,
  giniIndex,
  shannonEntropy,
  intraListDiversity,
  novelty,
  recallOfRetrieved,
  annRecallAtK,
  meanAnnRecallAtK,
  rankByScore,
} from './core/metrics/index.js';
export type { NdcgGain } from './core/metrics/index.js';

// ANN retrieval (src/retrieval): HNSW via hnswlib-node and exact brute force behind one interface
export { createAnnIndex, loadAnnIndex, buildHnswParallel, ANN_KINDS, ANN_METRICS } from './retrieval/index.js';
export type { AnnIndex, AnnIndexOptions, AnnKind, AnnMetric, AnnSearchOptions, AnnSearchResult } from './retrieval/index.js';
