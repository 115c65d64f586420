/** A/B-test statistics: the two-proportion z-test, peeking, sample size and power, SRM, CUPED, mSPRT (pure). */
export { twoProportionZTest, firstSignificantLook } from './z-test.js';
export type { ZTestResult } from './z-test.js';
export { sampleSizePerArm, powerOfTest } from './power.js';
export type { PowerInput } from './power.js';
export { sampleRatioMismatch } from './srm.js';
export { cupedAdjust, cupedAdjustInto, cupedSampleSize } from './cuped.js';
export { meanDifferenceTest } from './mean-test.js';
export type { MeanDifferenceResult } from './mean-test.js';
export type { CupedResult } from './cuped.js';
export { msprtLikelihoodRatio, firstMsprtRejection } from './sequential.js';
export { obrienFlemingBounds, crossingProbability, firstBoundaryCrossing } from './group-sequential.js';
