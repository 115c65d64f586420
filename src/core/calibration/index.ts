/** Calibration: is a predicted probability the rate at which things happen? ECE and reliability curves to measure it, Platt and isotonic to fix it. Pure. */
export { expectedCalibrationError, reliabilityCurve, type ReliabilityCurve } from './reliability.js';
export { plattScaling, plattProbability, type PlattParams } from './platt.js';
export { isotonicFit, isotonicModel, poolAdjacentViolators, type IsotonicModel } from './isotonic.js';
export { correctDownsampledProbability } from './downsampling.js';
