/** Serving: the timed request pipeline, its components and fallbacks, load generation, the serving path over a sharded index. */
export { createRecommender, type Recommender, type RecommenderOptions } from './recommender.js';
export { STAGES, type Components, type UserEncoder, type CandidateSource, type FeatureAssembler, type Histories, type Ranker, type Recommendation, type ReRankerKind, type StageName } from './types.js';
export { TtlCache } from './ttl-cache.js';
export { runLoad, SimClock, type LoadOptions, type LoadReport, type TimedResult } from './load-generator.js';
export { createShardedServing, type ShardedServingOptions } from './sharded-recommender.js';
export { buildServingStack, type BuildOptions, type BuiltStack } from './build-components.js';
export { AnnCandidates, GbdtRanker, trainServingGbdt } from './adapters.js';
export {
  latentItemVectors,
  HistoryMeanEncoder,
  ExactCandidates,
  BasicFeatures,
  LinearRanker,
  BASIC_FEATURES,
  BASIC_LINEAR_WEIGHTS,
} from './fallbacks.js';
export { buildPools, evaluateSelector, qualityAtDiversity, type Pool, type Selector, type DiversityPoint } from './diversity-eval.js';
