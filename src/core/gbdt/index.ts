/** LightGBM-style gradient-boosted decision trees: histogram bins, leaf-wise growth, three objectives. */
export { trainGbdt, trainGbdtAsync, GbdtTrainer } from './booster.js';
export { GbdtModel, gbdtFromJSON, GBDT_FORMAT, type GbdtModelJSON, type GbdtFlatLayout } from './model.js';
export { createObjective, objectiveNames, type Objective } from './objectives.js';
export { meanNdcgAtK, ndcgPerQuery, binaryLogLoss, meanSquaredError } from './evaluation.js';
export { buildBinMapper, binRows, valueToBin, type BinMapper } from './bin-mapper.js';
export { findBestSplit } from './split-finder.js';
export { buildHistogram, subtractHistogram, HIST_STRIDE } from './histogram.js';
export type { GbdtData, GbdtParams, ObjectiveName, EvalRecord, IterationInfo } from './types.js';
