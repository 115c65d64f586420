/** Diversity re-ranking (MMR, DPP, business rules) and the category-coverage metric. */
export { mmr, type MmrOptions } from './mmr.js';
export { dppGreedy, dppGreedyDetailed, dppQuality, type DppOptions, type DppResult } from './dpp.js';
export { capPerCategory, slidingWindowCap, interleaveByType, freshnessBoost } from './rules.js';
export { categoryCoverage } from './coverage.js';
export type { SimilarityKind } from './similarity.js';
