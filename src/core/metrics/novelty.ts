import { UsageError } from '../errors.js';

/**
 * Novelty as mean self-information (Zhou et al., 2010, PNAS "Solving the apparent diversity–accuracy
 * dilemma"): how surprising the recommended items are, given how popular they were.
 *
 *   novelty = (1 / L) Σ_{i ∈ list} −log2 p_i,   p_i = (count_i + 1) / (population + 1)
 *
 * `itemCounts[i]` is how many users (or interactions) engaged with item i; `population` is what the counts
 * are out of — the number of users for Zhou's definition (default: Σ counts, the interaction share).
 * The +1 (add-one smoothing) keeps never-seen items finite; it shifts values by < 1/count bits.
 * Higher = more long-tail. An empty list gives 0. Complexity O(L) (plus O(n) for the default population).
 * Throws UsageError on an id outside the counts, a negative count, or population < max count.
 */
export function novelty(list: ArrayLike<number>, itemCounts: ArrayLike<number>, opts: { population?: number } = {}): number {
  let population = opts.population;
  if (population === undefined) {
    population = 0;
    for (let i = 0; i < itemCounts.length; i++) population += itemCounts[i];
  }
  if (!(population >= 0) || !Number.isFinite(population)) {
    throw new UsageError(`novelty: population must be finite and ≥ 0, got ${population}`);
  }
  if (list.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < list.length; i++) {
    const id = list[i];
    if (!Number.isInteger(id) || id < 0 || id >= itemCounts.length) {
      throw new UsageError(`novelty: item id ${id} is outside [0, ${itemCounts.length})`);
    }
    const c = itemCounts[id];
    if (!(c >= 0)) throw new UsageError(`novelty: count of item ${id} must be ≥ 0, got ${c}`);
    if (c > population) throw new UsageError(`novelty: count of item ${id} (${c}) exceeds population ${population}`);
    sum -= Math.log2((c + 1) / (population + 1));
  }
  return sum / list.length;
}
