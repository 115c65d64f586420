/** Ranking glue: candidates for requests, their features and graded labels, from the simulated world. */
export { buildRankingIndex, historyEnd, type RankingIndex } from './world-index.js';
export { BlendedSource, EmbeddingSource, type CandidateSource, type Candidates, type RankingRequest } from './candidate-sources.js';
export { BASE_FEATURES, writeFeatures, embeddingFeatures, type FeatureExtension } from './features.js';
export { buildRankingDataset, buildSplit, type RankingDataset, type RankingSplit, type RankingDataOptions } from './dataset.js';
