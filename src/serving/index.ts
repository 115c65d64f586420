/** Serving: the timed request pipeline, its components and fallbacks, load generation, sharded fan-out. */
export { createRecommender, type Recommender, type RecommenderOptions } from './recommender.js';
export { STAGES, type Components, type UserEncoder, type CandidateSource, type FeatureAssembler, type Ranker, type Recommendation, type ReRankerKind, type StageName } from './types.js';
export { TtlCache } from './ttl-cache.js';
export { runLoad, SimClock, type LoadOptions, type LoadReport, type TimedResult } from './load-generator.js';
export { createShardedIndex, mergeTopK, type ShardedIndex, type ShardedIndexOptions, type ShardedSearch } from './sharded-index.js';
export { createShardedServing, type ShardedServingOptions } from './sharded-recommender.js';
export { buildServingStack, type BuildOptions, type BuiltStack } from './build-components.js';
export { AnnCandidates, GbdtRanker, trainServingGbdt } from './adapters.js';
export {
  userHistories,
  latentItemVectors,
  HistoryMeanEncoder,
  ExactCandidates,
  BasicFeatures,
  LinearRanker,
  BASIC_FEATURES,
  BASIC_LINEAR_WEIGHTS,
  type Histories,
} from './fallbacks.js';
export { HnswCandidates } from './hnsw-candidates.js';
export { buildPools, evaluateSelector, qualityAtDiversity, type Pool, type Selector, type DiversityPoint } from './diversity-eval.js';
