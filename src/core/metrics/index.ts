/** Offline metrics: ranking quality, classification quality, exposure and diversity. Pure functions. */
export { rankByScore } from './rank-order.js';
export { ndcgAtK, type NdcgGain } from './ndcg.js';
export { recallAtK } from './recall.js';
export { averagePrecisionAtK } from './average-precision.js';
export { aucRoc } from './auc.js';
export { aucReplicates } from './auc-replicates.js';
export { catalogCoverage, exposureCounts } from './coverage.js';
export { giniIndex, shannonEntropy } from './concentration.js';
export { intraListDiversity } from './list-diversity.js';
export { novelty } from './novelty.js';
export { recallOfRetrieved, annRecallAtK, meanAnnRecallAtK } from './retrieved.js';
