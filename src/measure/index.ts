/** The measurement protocol and the busy-machine check: every timed figure in the lab goes through here. */
export { measure, measureInterleaved, minSamplesFor, type Measurement, type MeasureOptions, type Timed, type WarmupOptions } from './measure.js';
export { NoiseMonitor, probeNoise, calibrationSpread, otherCoresSince, withNoiseMonitor, currentNoiseMonitor, type CpuSnapshot, type NoiseProbe, type NoiseReport } from './noise.js';
export { leastCount, limitedBudgetMs, LEAST_WARMUP_CALLS, withMeasureLimits, type MeasureLimits } from './limits.js';
