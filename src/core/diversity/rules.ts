/**
 * Business-rule re-ranking: the post-processing a production "business logic" layer applies after
 * the model. Each rule walks a ranked list (indices, best first) and returns a new one.
 */
import { UsageError } from '../errors.js';

function checkRanked(fn: string, ranked: ArrayLike<number>, category: ArrayLike<number>): void {
  for (let r = 0; r < ranked.length; r++) {
    const i = ranked[r];
    if (!Number.isInteger(i) || i < 0 || i >= category.length) {
      throw new UsageError(`${fn}: ranked[${r}] = ${i} is not an index into category (length ${category.length})`);
    }
  }
}

function checkPositiveInt(fn: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`${fn}: ${name} must be an integer ≥ 1, got ${v}`);
}

/**
 * Keep at most `maxPerCategory` items of each category, in rank order, until `k` are kept.
 * May return fewer than k when the list runs out of eligible items (the cap is never broken to fill).
 * O(length of ranked). Throws UsageError for a cap or k below 1 or an index outside `category`.
 */
export function capPerCategory(ranked: ArrayLike<number>, category: ArrayLike<number>, maxPerCategory: number, k: number): Int32Array {
  checkPositiveInt('capPerCategory', 'maxPerCategory', maxPerCategory);
  checkPositiveInt('capPerCategory', 'k', k);
  checkRanked('capPerCategory', ranked, category);
  const counts = new Map<number, number>();
  const out: number[] = [];
  for (let r = 0; r < ranked.length && out.length < k; r++) {
    const c = category[ranked[r]];
    const seen = counts.get(c) ?? 0;
    if (seen >= maxPerCategory) continue;
    counts.set(c, seen + 1);
    out.push(ranked[r]);
  }
  return Int32Array.from(out);
}

/**
 * Sliding-window cap: every run of `window` consecutive output slots holds at most `maxInWindow`
 * items of one category. At each slot it takes the best-ranked remaining item that keeps the rule;
 * when none does, it stops (returns fewer than k rather than break the rule).
 * O(k · length of ranked) worst case. Throws UsageError for bad window/maxInWindow/k or indices.
 */
export function slidingWindowCap(
  ranked: ArrayLike<number>,
  category: ArrayLike<number>,
  window: number,
  maxInWindow: number,
  k: number,
): Int32Array {
  checkPositiveInt('slidingWindowCap', 'window', window);
  checkPositiveInt('slidingWindowCap', 'maxInWindow', maxInWindow);
  checkPositiveInt('slidingWindowCap', 'k', k);
  checkRanked('slidingWindowCap', ranked, category);
  const used = new Uint8Array(ranked.length);
  const out: number[] = [];
  while (out.length < k) {
    let chosen = -1;
    for (let r = 0; r < ranked.length; r++) {
      if (used[r]) continue;
      const c = category[ranked[r]];
      // the slot being filled plus the window − 1 slots before it
      let inWindow = 0;
      for (let s = Math.max(0, out.length - window + 1); s < out.length; s++) if (category[out[s]] === c) inWindow++;
      if (inWindow < maxInWindow) {
        chosen = r;
        break;
      }
    }
    if (chosen < 0) break;
    used[chosen] = 1;
    out.push(ranked[chosen]);
  }
  return Int32Array.from(out);
}

/**
 * Interleave by type: round-robin over the types in the order they first appear in the ranked list,
 * taking each type's next best item in turn (a type that runs out is skipped). The relative order
 * within a type is kept. O(length of ranked). Throws UsageError for k below 1 or bad indices.
 */
export function interleaveByType(ranked: ArrayLike<number>, type: ArrayLike<number>, k: number): Int32Array {
  checkPositiveInt('interleaveByType', 'k', k);
  checkRanked('interleaveByType', ranked, type);
  const queues = new Map<number, number[]>();
  for (let r = 0; r < ranked.length; r++) {
    const t = type[ranked[r]];
    let q = queues.get(t);
    if (!q) queues.set(t, (q = []));
    q.push(ranked[r]);
  }
  const lists = [...queues.values()];
  const heads = new Int32Array(lists.length);
  const out: number[] = [];
  const total = Math.min(k, ranked.length);
  while (out.length < total) {
    for (let l = 0; l < lists.length && out.length < total; l++) {
      if (heads[l] < lists[l].length) out.push(lists[l][heads[l]++]);
    }
  }
  return Int32Array.from(out);
}

/**
 * Freshness boost: score_i + weight · 2^(−age_i / halfLifeDays), age_i = now − createdDay_i
 * (clamped at 0, so an item created "in the future" gets the full boost). An exponential decay is the
 * usual shape: a new item gets `weight`, one half-life later weight/2.
 * O(n). Throws UsageError for a non-positive half-life, a negative weight or lengths that differ.
 */
export function freshnessBoost(
  scores: ArrayLike<number>,
  createdDay: ArrayLike<number>,
  now: number,
  halfLifeDays: number,
  weight: number,
): Float64Array {
  if (!(halfLifeDays > 0)) throw new UsageError(`freshnessBoost: halfLifeDays must be > 0, got ${halfLifeDays}`);
  if (!(weight >= 0)) throw new UsageError(`freshnessBoost: weight must be ≥ 0, got ${weight}`);
  if (scores.length !== createdDay.length) {
    throw new UsageError(`freshnessBoost: scores and createdDay must have the same length, got ${scores.length} and ${createdDay.length}`);
  }
  const out = new Float64Array(scores.length);
  for (let i = 0; i < out.length; i++) {
    const age = Math.max(0, now - createdDay[i]);
    out[i] = scores[i] + weight * Math.pow(2, -age / halfLifeDays);
  }
  return out;
}
