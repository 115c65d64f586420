/** Drift statistics: PSI, KL, Jensen–Shannon, χ² and KS (pure, typed arrays in, numbers out). */
export { psi, psiFromCounts, psiLevel, quantileEdges, binCounts, DEFAULT_PSI_BINS, DEFAULT_PSI_EPSILON } from './psi.js';
export type { PsiOptions } from './psi.js';
export { klDivergence, jensenShannon } from './divergence.js';
export { chiSquareTest, chiSquareGoodnessOfFit, ksTest, kolmogorovSurvival } from './tests.js';
export type { ChiSquareResult, KsResult } from './tests.js';
export { sortedCopy } from './sort-float.js';
export { ksStatistic, ksStatisticSorted } from './ks-statistic.js';
