/**
 * Category coverage of a recommendation list (the one diversity metric src/core/metrics does not have).
 */
import { UsageError } from '../errors.js';

/**
 * Fraction of the `numCategories` categories present in `items` (indices into `category`):
 * |{category[i] : i ∈ items}| / numCategories. 0 for an empty list. O(|items|).
 * Averaging it over users gives the per-list figure; passing every user's list concatenated gives the
 * catalogue-wide one. Throws UsageError for numCategories < 1 or an index outside `category`.
 */
export function categoryCoverage(items: ArrayLike<number>, category: ArrayLike<number>, numCategories: number): number {
  if (!Number.isInteger(numCategories) || numCategories < 1) {
    throw new UsageError(`categoryCoverage: numCategories must be an integer ≥ 1, got ${numCategories}`);
  }
  const seen = new Uint8Array(numCategories);
  let distinct = 0;
  for (let r = 0; r < items.length; r++) {
    const i = items[r];
    if (!Number.isInteger(i) || i < 0 || i >= category.length) {
      throw new UsageError(`categoryCoverage: items[${r}] = ${i} is not an index into category (length ${category.length})`);
    }
    const c = category[i];
    if (!Number.isInteger(c) || c < 0 || c >= numCategories) {
      throw new UsageError(`categoryCoverage: category[${i}] = ${c} is outside [0, ${numCategories})`);
    }
    if (!seen[c]) {
      seen[c] = 1;
      distinct++;
    }
  }
  return distinct / numCategories;
}
