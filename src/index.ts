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
export type { CollisionReport, FrequencyVocabulary, TargetEncoding, TargetEncodeOptions, TargetEncodeResult, EmbeddingDimRule } from './core/features/index.js';

// Feature store (src/production/feature-store): SQLite offline store with as-of joins, in-memory online store, shared definitions
export {
  OfflineStore,
  OnlineStore,
  defaultOfflineStorePath,
  FEATURE_DEFINITIONS,
  TRAINING_SPEC,
  computeModelFeatures,
  materializeFeatureRows,
  servingSpec,
  buildLabelEvents,
  offlineFeatures,
  serveReplay,
} from './production/feature-store/index.js';
export type { FeatureRow, FeatureDefinition, TransformSpec, SkewKind, LabelEvents } from './production/feature-store/index.js';

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

// Calibration (src/core/calibration): is a score a probability? ECE and reliability curves, Platt and isotonic fixes
export {
  expectedCalibrationError,
  reliabilityCurve,
  plattScaling,
  plattProbability,
  correctDownsampledProbability,
} from './core/calibration/index.js';
// isotonicFit: the core's fit (its JS reference) with the sort and PAV in the native kernel when the addon is built
export { isotonicFit } from './ranking/isotonic.js';
export type { ReliabilityCurve, PlattParams, IsotonicModel } from './core/calibration/index.js';

// ANN retrieval (src/retrieval): HNSW via hnswlib-node and exact brute force behind one interface; the sharded HNSW in worker threads and its exact twin
export { createAnnIndex, loadAnnIndex, buildHnswParallel, createShardedIndex, createShardedExactIndex, ANN_KINDS, ANN_METRICS, ANN_DEFAULTS } from './retrieval/index.js';
export type { AnnIndex, AsyncAnnIndex, AnnIndexOptions, AnnKind, AnnMetric, AnnSearchOptions, AnnSearchResult, ShardedIndex } from './retrieval/index.js';

// world: the seeded synthetic world (src/data), its choice model, cohorts and the artefact cache
export { generateWorld, generateWorldAsync, worldIdentity, WORLD_VERSION } from './data/world.js';
export { loadWorld, estimateWorldBytes, clearWorldMemoryCache } from './data/load-world.js';
export { presetConfig, resolveWorldConfig } from './data/presets.js';
export { trueAffinity, clickProbability, trueAffinityBatch, clickProbabilityBatch } from './data/choice-model.js';
export {
  userTrainCounts,
  itemTrainCounts,
  interactionsByUser,
  trainInteractionsByUser,
  testInteractionsByUser,
  newUsers,
  warmUsers,
  newItems,
  coldItems,
  popularitySplit,
  tailItems,
} from './data/cohorts.js';
export { getOrBuild, readCached, cacheKey, cacheRoot } from './data/cache.js';
export { SCALES } from './data/world-types.js';
export type { Scale, World, WorldConfig, WorldOptions, WorldSplit, Users, Items, Interactions } from './data/world-types.js';
export type { LoadWorldOptions } from './data/load-world.js';
export type { UserCsr, SplitPart } from './data/cohorts.js';
export type { CacheEvent, CacheSpec, GetOrBuildOptions, CacheResult, Artefact } from './data/cache.js';

// Diversity re-ranking (src/core/diversity): MMR, fast greedy DPP, business rules, category coverage
export { mmr, dppGreedy, dppGreedyDetailed, capPerCategory, slidingWindowCap, interleaveByType, freshnessBoost, categoryCoverage } from './core/diversity/index.js';
export type { MmrOptions, DppOptions, DppResult } from './core/diversity/index.js';

// Serving (src/serving): timed request pipeline, TTL cache, load generator, the serving path over the sharded index
export { createRecommender, TtlCache, runLoad, SimClock, createShardedServing, buildServingStack } from './serving/index.js';
export type { Recommender, RecommenderOptions, Components, Recommendation, LoadReport } from './serving/index.js';

// Lessons in the terminal (src/scenario/format/terminal-markdown): markdown → width-bounded lines, plain or coloured
export { renderMarkdown } from './scenario/format/terminal-markdown.js';
export type { MarkdownOptions } from './scenario/format/terminal-markdown.js';

// Drift detection and A/B-test statistics (src/core/drift, src/core/abtest, src/core/logistic): PSI, KL, JS, χ², KS,
// two-proportion z-test, power, SGD logistic regression
export { psi, psiFromCounts, psiLevel, klDivergence, jensenShannon, chiSquareTest, chiSquareGoodnessOfFit, ksTest, kolmogorovSurvival } from './core/drift/index.js';
export type { PsiOptions, ChiSquareResult, KsResult } from './core/drift/index.js';
export { twoProportionZTest, firstSignificantLook, sampleSizePerArm, powerOfTest, sampleRatioMismatch, cupedSampleSize, meanDifferenceTest, msprtLikelihoodRatio, firstMsprtRejection, obrienFlemingBounds, crossingProbability, firstBoundaryCrossing } from './core/abtest/index.js';
export type { ZTestResult, PowerInput, CupedResult, MeanDifferenceResult } from './core/abtest/index.js';
// CUPED through its adapter: the same maths, the large output on huge pages (src/native/memory)
export { cupedAdjust } from './production/rollout/cuped.js';
export { regularizedGammaQ, regularizedGammaP, chiSquareSurvival, erf, erfc, normalCdf, normalQuantile } from './core/special-functions.js';
export { createLogistic, fitLogistic, sgdStep, logisticScores, logLoss } from './core/logistic/index.js';
export type { LogisticModel, SgdOptions } from './core/logistic/index.js';

// A drifting world, monitoring, retraining policies, rollouts (src/production/drift, src/production/rollout)
export { DriftWorld, defaultSchedule, onlyDrift, DRIFT_KINDS } from './production/drift/drift-schedule.js';
export type { DriftSchedule, DriftKind } from './production/drift/drift-schedule.js';
export { runTimeline } from './production/drift/timeline.js';
export type { TimelineOptions, TimelineResult } from './production/drift/timeline.js';
export type { PolicySpec } from './production/drift/retrain-policies.js';
export { DriftMonitor } from './production/drift/monitor.js';
export { runCanary, runBlueGreen, runShadow } from './production/rollout/deployments.js';
export type { RolloutOptions, RolloutResult, ShadowResult } from './production/rollout/deployments.js';
export { simulateAb, aaReplicates } from './production/rollout/ab-simulation.js';

// Two-tower retrieval, MF baseline, TensorFlow.js backend (src/models/two-tower, src/models/mf, src/core/sampled-softmax)
export { getTf, forcedBackend } from './models/tf-backend.js';
export type { TfHandle, TfBackendName } from './models/tf-backend.js';
export { trainTwoTower } from './models/two-tower/train.js';
export { getOrTrainTwoTower } from './models/two-tower/cached.js';
export { estimateTwoTowerBytes } from './models/two-tower/options.js';
export type { TwoTowerOptions, TwoTowerModel, TrainStats, UserFeatures, NegativeMode, LogQMode } from './models/two-tower/types.js';
export { trainBpr, bprRetrievalVectors } from './models/mf/bpr.js';
export type { BprOptions, BprModel } from './models/mf/bpr.js';
export { StreamingFrequencyEstimator, batchInclusionProbabilities } from './core/sampled-softmax/frequency-estimator.js';
export { sampledSoftmaxLoss } from './core/sampled-softmax/sampled-softmax.js';
export type { SampledSoftmaxInput, SampledSoftmaxGrads } from './core/sampled-softmax/sampled-softmax.js';

// Ranking: LightGBM-style GBDT (src/core/gbdt), ranking data from the world (src/ranking), NN ranker (src/models/nn-ranker)
export { trainGbdt, trainGbdtAsync, GbdtModel, gbdtFromJSON, createObjective, objectiveNames, meanNdcgAtK } from './core/gbdt/index.js';
export type { GbdtData, GbdtParams, GbdtModelJSON, ObjectiveName, Objective } from './core/gbdt/index.js';
export { buildRankingIndex, BlendedSource, EmbeddingSource, buildRankingDataset, embeddingFeatures, BASE_FEATURES } from './ranking/index.js';
export type { CandidateSource, Candidates, RankingRequest, RankingDataset, RankingSplit, RankingDataOptions, FeatureExtension } from './ranking/index.js';
export { trainNnRanker } from './models/nn-ranker/nn-ranker.js';
export type { NnRanker, NnRankerOptions } from './models/nn-ranker/nn-ranker.js';

// Explore/exploit and cold start (src/core/bandits, src/models/cold-start)
export { EpsilonGreedy, Ucb1, ThompsonBeta, createBanditPolicy, simulateBandit, POLICY_NAMES } from './core/bandits/index.js';
export type { BanditPolicy, BanditRun, PolicyName } from './core/bandits/index.js';
export { buildSegmentPopularity } from './models/cold-start/segment-popularity.js';
export type { SegmentPopularity, SegmentOptions, Demographics } from './models/cold-start/segment-popularity.js';
export { contentItemVectors, metadataNeighbourVectors } from './models/cold-start/content-vectors.js';

// Scenario engine (src/scenario): the runner behind the CLI, the TUI and workshop reports
export { listScenarios, findScenario, loadScenarioFile } from './scenario/catalog.js';
export { runScenario, DEFAULT_SEED } from './scenario/runner.js';
export type { RunOptions } from './scenario/runner.js';
export { resolveParams, parseParamValue, stepParam, defaultFor } from './scenario/params.js';
export { evaluateClaims } from './scenario/claims.js';
export { runResultSchema } from './scenario/result-schema.js';
export { formatRunMarkdown } from './scenario/format/markdown.js';
export { formatRunText } from './scenario/format/text.js';
export { lineChart, barChart } from './scenario/format/charts.js';
export { registerExperiment, experimentIds } from './experiments/index.js';
export type { Scenario, ParamSpec, RunResult, RunEvent, Experiment, ExperimentContext, ExperimentOutput } from './scenario/types.js';

// Teaching layer (src/scenario): lessons parsed into their parts, the interview drill (question bank, seeded pick
// options, per-part scoring, history), the numbers measured for a lesson
export { parseLesson, topLevelBullets, REQUIRED_SECTIONS } from './scenario/lesson-parse.js';
export type { ParsedLesson } from './scenario/lesson-parse.js';
export { drillQuestionFromLesson, chooseQuestion, pickOptions, scorePick, scoreWrite, parsePickAnswer, parseMarks } from './scenario/drill/index.js';
export type { DrillQuestion, DrillPart, DrillScore, DrillMode } from './scenario/drill/index.js';
export { loadDrillBank } from './scenario/drill/bank.js';
export { appendDrill, readDrills, drillHistoryPath, drillProgress } from './scenario/drill/history.js';
export type { DrillRecord } from './scenario/drill/history.js';
export { measureLesson, summariseRun, formatMeasured } from './scenario/drill/measure.js';
