/** A/B-test statistics: the two-proportion z-test, peeking, sample size and power (pure). */
export { twoProportionZTest, firstSignificantLook } from './z-test.js';
export type { ZTestResult } from './z-test.js';
export { sampleSizePerArm, powerOfTest } from './power.js';
export type { PowerInput } from './power.js';
