import { UsageError } from '../errors.js';

/**
 * Catalog coverage: the share of the catalog that appears in at least one recommendation list.
 *
 *   coverage = |∪ lists| / catalogSize
 *
 * A popularity recommender scores near k / catalogSize; a personalised one much higher. Duplicates
 * inside or across lists count once. Complexity O(total list length + catalogSize) (a bitmap).
 * Throws UsageError when catalogSize is not a positive integer or an id is outside [0, catalogSize).
 */
export function catalogCoverage(recommendations: ArrayLike<number>[], catalogSize: number): number {
  if (!Number.isInteger(catalogSize) || catalogSize < 1) {
    throw new UsageError(`catalogCoverage: catalogSize must be an integer ≥ 1, got ${catalogSize}`);
  }
  const seen = new Uint8Array(catalogSize);
  let distinct = 0;
  for (let l = 0; l < recommendations.length; l++) {
    const list = recommendations[l];
    for (let i = 0; i < list.length; i++) {
      const id = list[i];
      if (!Number.isInteger(id) || id < 0 || id >= catalogSize) {
        throw new UsageError(`catalogCoverage: item id ${id} in list ${l} is outside [0, ${catalogSize})`);
      }
      if (!seen[id]) {
        seen[id] = 1;
        distinct++;
      }
    }
  }
  return distinct / catalogSize;
}

/**
 * How many times each item id appears across the lists: the input giniIndex and shannonEntropy
 * expect when they measure how concentrated the exposure is. O(total length + catalogSize).
 */
export function exposureCounts(recommendations: ArrayLike<number>[], catalogSize: number): Float64Array {
  if (!Number.isInteger(catalogSize) || catalogSize < 1) {
    throw new UsageError(`exposureCounts: catalogSize must be an integer ≥ 1, got ${catalogSize}`);
  }
  const counts = new Float64Array(catalogSize);
  for (let l = 0; l < recommendations.length; l++) {
    const list = recommendations[l];
    for (let i = 0; i < list.length; i++) {
      const id = list[i];
      if (!Number.isInteger(id) || id < 0 || id >= catalogSize) {
        throw new UsageError(`exposureCounts: item id ${id} in list ${l} is outside [0, ${catalogSize})`);
      }
      counts[id]++;
    }
  }
  return counts;
}
