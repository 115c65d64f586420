/**
 * The hashing trick for high-cardinality categoricals: map any key (seen or unseen) to one of a fixed number of
 * buckets, trading collisions for fixed memory. Weinberger et al., "Feature Hashing for Large Scale Multitask
 * Learning" (ICML 2009).
 */
import { UsageError } from '../errors.js';
import { murmurHash3String } from './murmur3.js';

/**
 * Bucket of `key` in [0, buckets): MurmurHash3_x86_32 over the key's UTF-8 bytes with `seed`, reduced modulo
 * `buckets`. The modulo bias is at most buckets / 2^32 (< 0.03% for a million buckets), far below collision effects.
 * Complexity O(key length). Throws UsageError unless buckets is an integer in [1, 2^32).
 */
export function hashBucket(key: string, buckets: number, seed = 0): number {
  if (!Number.isInteger(buckets) || buckets < 1 || buckets >= 2 ** 32) {
    throw new UsageError(`hashBucket: buckets must be an integer in [1, 2^32), got ${buckets}`);
  }
  return murmurHash3String(key, seed) % buckets;
}

/**
 * Expected number of distinct (occupied) buckets when k distinct keys hash uniformly into n buckets:
 * n·(1 − (1 − 1/n)^k) (balls into bins). Computed as −n·expm1(k·log1p(−1/n)) so it stays accurate for large n.
 * O(1). Throws UsageError for n < 1 or k < 0.
 */
export function expectedDistinctBuckets(keys: number, buckets: number): number {
  if (!(buckets >= 1)) throw new UsageError(`expectedDistinctBuckets: buckets must be ≥ 1, got ${buckets}`);
  if (!(keys >= 0)) throw new UsageError(`expectedDistinctBuckets: keys must be ≥ 0, got ${keys}`);
  if (buckets === 1) return keys > 0 ? 1 : 0;
  return -buckets * Math.expm1(keys * Math.log1p(-1 / buckets));
}

export interface CollisionReport {
  keys: number;
  buckets: number;
  /** occupied buckets, measured */
  distinctBuckets: number;
  /** n·(1 − (1 − 1/n)^k) */
  expectedDistinctBuckets: number;
  /** 1 − distinct / keys: the share of keys that lost their own bucket (measured) */
  collisionRate: number;
  /** 1 − E[distinct] / keys */
  expectedCollisionRate: number;
  /** share of keys whose bucket holds at least one other key (measured) */
  sharedKeyRate: number;
  /** 1 − (1 − 1/n)^(k−1) */
  expectedSharedKeyRate: number;
  /** bucket occupancy counts, length n (for a χ² uniformity test) */
  counts: Int32Array;
}

/**
 * Hash `keys` (assumed distinct) into `buckets` and compare the measured collisions with the uniform-hash
 * expectation. O(keys + buckets) time and memory. Throws UsageError for bad `buckets`.
 */
export function measureCollisions(keys: readonly string[], buckets: number, seed = 0): CollisionReport {
  const counts = new Int32Array(buckets);
  const assigned = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const b = hashBucket(keys[i], buckets, seed);
    assigned[i] = b;
    counts[b]++;
  }
  let distinct = 0;
  for (let b = 0; b < buckets; b++) if (counts[b] > 0) distinct++;
  let shared = 0;
  for (let i = 0; i < keys.length; i++) if (counts[assigned[i]] > 1) shared++;
  const k = keys.length;
  const expected = expectedDistinctBuckets(k, buckets);
  return {
    keys: k,
    buckets,
    distinctBuckets: distinct,
    expectedDistinctBuckets: expected,
    collisionRate: k > 0 ? 1 - distinct / k : 0,
    expectedCollisionRate: k > 0 ? 1 - expected / k : 0,
    sharedKeyRate: k > 0 ? shared / k : 0,
    expectedSharedKeyRate: k > 1 ? -Math.expm1((k - 1) * Math.log1p(-1 / buckets)) : 0,
    counts,
  };
}
