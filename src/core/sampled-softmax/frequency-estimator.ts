/**
 * Streaming estimate of how often each item is sampled into a training batch, for the logQ
 * correction of in-batch softmax.
 *
 * Reference: Yi et al., "Sampling-Bias-Corrected Neural Modeling for Large Corpus Item
 * Recommendations", RecSys 2019, Algorithm 2. Each hashed slot keeps A (the last step the item was
 * seen) and B (an exponential moving average of the gap between sightings). An item that shows up
 * every δ steps has B → δ, so its per-batch sampling probability is p ≈ 1/B. With several hash
 * functions the paper takes the largest B (a collision can only shorten the observed gap, so the
 * largest gap is the least contaminated).
 *
 * Memory O(hashes · buckets), update O(hashes) per item, independent of catalog size.
 */
import { UsageError } from '../errors.js';

export interface FrequencyEstimatorOptions {
  /** number of slots per hash function (H in the paper) */
  buckets: number;
  /** learning rate α of the gap average, in (0, 1] */
  alpha: number;
  /** number of independent hash functions (≥ 1) */
  hashes?: number;
}

/** Multiplicative hash constants (odd, well mixed) for up to 8 hash functions. */
const SEEDS = [0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f, 0x165667b1, 0xd3a2646c, 0xfd7046c5, 0xb55a4f09];

export class StreamingFrequencyEstimator {
  readonly buckets: number;
  readonly alpha: number;
  readonly hashes: number;
  private readonly lastSeen: Float64Array;
  private readonly gap: Float64Array;
  private step = 0;

  constructor(options: FrequencyEstimatorOptions) {
    const { buckets, alpha } = options;
    const hashes = options.hashes ?? 1;
    if (!Number.isInteger(buckets) || buckets < 1) throw new UsageError(`frequencyEstimator: buckets must be an integer ≥ 1, got ${buckets}`);
    if (!(alpha > 0 && alpha <= 1)) throw new UsageError(`frequencyEstimator: alpha must be in (0, 1], got ${alpha}`);
    if (!Number.isInteger(hashes) || hashes < 1 || hashes > SEEDS.length) {
      throw new UsageError(`frequencyEstimator: hashes must be an integer in [1, ${SEEDS.length}], got ${hashes}`);
    }
    this.buckets = buckets;
    this.alpha = alpha;
    this.hashes = hashes;
    this.lastSeen = new Float64Array(buckets * hashes).fill(-1);
    this.gap = new Float64Array(buckets * hashes);
  }

  private slot(item: number, h: number): number {
    return h * this.buckets + ((Math.imul(item + 1, SEEDS[h]) >>> 0) % this.buckets);
  }

  /**
   * Record one training step's batch of sampled items (duplicates count once per step, as a set).
   * The first sighting of a slot initialises its gap to the steps elapsed so far (at least 1).
   */
  update(items: ArrayLike<number>): void {
    this.step++;
    const t = this.step;
    for (let i = 0; i < items.length; i++) {
      for (let h = 0; h < this.hashes; h++) {
        const s = this.slot(items[i], h);
        const a = this.lastSeen[s];
        if (a === t) continue;
        if (a < 0) this.gap[s] = t;
        else this.gap[s] = (1 - this.alpha) * this.gap[s] + this.alpha * (t - a);
        this.lastSeen[s] = t;
      }
    }
  }

  /** Estimated probability that `item` appears in one batch: 1 / max_h B[h(item)], capped at 1; 0 if never seen. */
  probability(item: number): number {
    let b = 0;
    for (let h = 0; h < this.hashes; h++) {
      const s = this.slot(item, h);
      if (this.lastSeen[s] < 0) return 0;
      b = Math.max(b, this.gap[s]);
    }
    return b > 0 ? Math.min(1, 1 / b) : 0;
  }

  get steps(): number {
    return this.step;
  }
}

/**
 * Exact per-batch sampling probability of each item when batches of `batchSize` examples are drawn
 * uniformly from a training set with the given positive counts: p = 1 − (1 − c/n)^batchSize
 * (≈ batchSize · c / n for rare items). O(items). Throws when batchSize < 1 or counts are all 0.
 */
export function batchInclusionProbabilities(counts: ArrayLike<number>, batchSize: number): Float64Array {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError(`batchInclusionProbabilities: batchSize must be an integer ≥ 1, got ${batchSize}`);
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  if (!(total > 0)) throw new UsageError('batchInclusionProbabilities: counts must not all be 0');
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = -Math.expm1(batchSize * Math.log1p(-counts[i] / total));
  return out;
}
