/**
 * Frequency bucketing: keep the frequent values of a categorical as their own ids and send the long tail to a
 * single OTHER id. The interview guide's rule of thumb is a min_count of 10–100, or "keep the top N".
 */
import { UsageError } from '../errors.js';

export interface FrequencyVocabulary<K extends string | number> {
  /** kept value → id in [0, kept) */
  index: Map<K, number>;
  /** the id shared by rare and unseen values (= number of kept values) */
  otherId: number;
  /** kept + 1 (OTHER) */
  size: number;
  /** share of the fitted occurrences whose value was kept */
  coverage: number;
}

export interface FrequencyOptions {
  /** keep at most this many values (most frequent first; ties by value order) */
  topN?: number;
  /** keep only values seen at least this often */
  minCount?: number;
}

/**
 * Build a vocabulary from observed values: count, order by count descending (ties: ascending value, so the
 * result is deterministic), keep those passing `minCount` and within `topN`. O(n + v log v) for v distinct values.
 * Throws UsageError when neither option is given or one is not a positive integer.
 */
export function fitFrequencyVocabulary<K extends string | number>(
  values: ArrayLike<K>,
  options: FrequencyOptions,
): FrequencyVocabulary<K> {
  const { topN, minCount } = options;
  if (topN === undefined && minCount === undefined) {
    throw new UsageError('fitFrequencyVocabulary: give topN or minCount (or both)');
  }
  if (topN !== undefined && !(Number.isInteger(topN) && topN >= 1)) {
    throw new UsageError(`fitFrequencyVocabulary: topN must be an integer ≥ 1, got ${topN}`);
  }
  if (minCount !== undefined && !(Number.isInteger(minCount) && minCount >= 1)) {
    throw new UsageError(`fitFrequencyVocabulary: minCount must be an integer ≥ 1, got ${minCount}`);
  }
  const counts = new Map<K, number>();
  for (let i = 0; i < values.length; i++) counts.set(values[i], (counts.get(values[i]) ?? 0) + 1);
  const ordered = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const index = new Map<K, number>();
  let covered = 0;
  for (const [value, count] of ordered) {
    if (minCount !== undefined && count < minCount) break;
    if (topN !== undefined && index.size >= topN) break;
    index.set(value, index.size);
    covered += count;
  }
  return { index, otherId: index.size, size: index.size + 1, coverage: values.length ? covered / values.length : 0 };
}

/** Map values to vocabulary ids; rare and unseen values get `otherId`. O(n). */
export function applyFrequencyVocabulary<K extends string | number>(
  vocabulary: FrequencyVocabulary<K>,
  values: ArrayLike<K>,
): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = vocabulary.index.get(values[i]) ?? vocabulary.otherId;
  return out;
}
