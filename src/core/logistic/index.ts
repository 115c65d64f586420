/** Logistic regression by SGD (pure): the incremental model of the retraining timelines. */
export { createLogistic, cloneLogistic, logisticLogit, logisticScores, sigmoid, sgdStep, fitLogistic, logLoss } from './logistic-sgd.js';
export type { LogisticModel, SgdOptions } from './logistic-sgd.js';
