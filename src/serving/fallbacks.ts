/**
 * Simple components the serving engineer owns, so the pipeline runs and is timed before (and
 * independently of) the trained models: item vectors from the world's hidden latent plus noise, a user
 * vector that is the mean of the user's history, exact top-k retrieval, a handful of cheap features and
 * a linear scorer. Each is labelled as a fallback in the run's notes.
 */
import { UsageError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { createAnnIndex } from '../retrieval/index.js';
import { AnnCandidates } from './adapters.js';
import type { World } from '../data/world-types.js';
import type { CandidateSource, FeatureAssembler, Histories, Ranker, UserEncoder } from './types.js';

/**
 * Stand-in for trained item embeddings: the hidden latent vector plus Gaussian noise of relative size
 * `noise` (per coordinate, relative to the latent's own standard deviation). Noise keeps it honest:
 * a model never recovers the truth exactly. O(items × latentDim).
 */
export function latentItemVectors(world: World, rng: Rng, noise = 0.5): Float32Array {
  if (!(noise >= 0)) throw new UsageError(`latentItemVectors: noise must be ≥ 0, got ${noise}`);
  const src = world.items.latent;
  let ss = 0;
  for (let i = 0; i < src.length; i++) ss += src[i] * src[i];
  const sd = Math.sqrt(ss / Math.max(1, src.length));
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i] + noise * sd * rng.normal(0, 1);
  return out;
}

/** User vector = mean of the vectors of the user's history items; the catalogue mean for a user with none. */
export class HistoryMeanEncoder implements UserEncoder {
  readonly name = 'history-mean (fallback)';
  private readonly globalMean: Float32Array;

  constructor(
    private readonly histories: Histories,
    private readonly itemVectors: Float32Array,
    readonly dim: number,
    /** only the most recent `maxHistory` items (the guide's "10,000 items in history" follow-up) */
    private readonly maxHistory = 50,
  ) {
    const items = itemVectors.length / dim;
    this.globalMean = new Float32Array(dim);
    for (let i = 0; i < items; i++) for (let d = 0; d < dim; d++) this.globalMean[d] += itemVectors[i * dim + d] / items;
  }

  encode(userId: number): Float32Array {
    const { offsets, items } = this.histories;
    if (!(userId >= 0 && userId < offsets.length - 1)) throw new UsageError(`encode: userId must be in [0, ${offsets.length - 1}), got ${userId}`);
    const end = offsets[userId + 1];
    const start = Math.max(offsets[userId], end - this.maxHistory);
    if (end === start) return this.globalMean.slice();
    const v = new Float32Array(this.dim);
    for (let r = start; r < end; r++) {
      const o = items[r] * this.dim;
      for (let d = 0; d < this.dim; d++) v[d] += this.itemVectors[o + d];
    }
    for (let d = 0; d < this.dim; d++) v[d] /= end - start;
    return v;
  }
}

/**
 * Exact maximum-inner-product search: the retrieval layer's brute-force ExactIndex (the reference every ANN
 * is measured against) behind the serving interface. O(items × dim) per query.
 */
export class ExactCandidates extends AnnCandidates {
  override readonly name = 'exact (brute force)';

  constructor(itemVectors: Float32Array, dim: number) {
    const index = createAnnIndex({ kind: 'exact', dim, metric: 'ip', maxElements: itemVectors.length / dim });
    index.addBatch(itemVectors);
    super(index);
  }
}

export const BASIC_FEATURES = ['retrieval_score', 'log_item_engagements', 'user_category_share', 'item_age_days', 'log_price'] as const;

/**
 * Cheap features per (user, candidate): the retrieval score, the item's train engagement count (log),
 * the share of the user's history in the item's category, the item's age and its price (log).
 * Item statistics are precomputed (the batch half of a feature store); the user's category share is
 * computed at request time from the history (the online half). O(history + candidates) per request.
 */
export class BasicFeatures implements FeatureAssembler {
  readonly names = BASIC_FEATURES;
  private readonly logEngagements: Float32Array;

  constructor(
    private readonly world: World,
    private readonly histories: Histories,
  ) {
    this.logEngagements = new Float32Array(world.items.count);
    const counts = new Float64Array(world.items.count);
    for (let r = 0; r < world.split.trainCount; r++) counts[world.interactions.item[r]]++;
    for (let i = 0; i < counts.length; i++) this.logEngagements[i] = Math.log1p(counts[i]);
  }

  assemble(userId: number, ids: Int32Array, retrievalScores: Float32Array, now: number): Float32Array {
    const { items } = this.world;
    const share = new Map<number, number>();
    const { offsets, items: hist } = this.histories;
    const len = offsets[userId + 1] - offsets[userId];
    for (let r = offsets[userId]; r < offsets[userId + 1]; r++) {
      const c = items.category[hist[r]];
      share.set(c, (share.get(c) ?? 0) + 1 / len);
    }
    const f = this.names.length;
    const out = new Float32Array(ids.length * f);
    for (let r = 0; r < ids.length; r++) {
      const i = ids[r];
      out[r * f] = retrievalScores[r];
      out[r * f + 1] = this.logEngagements[i];
      out[r * f + 2] = share.get(items.category[i]) ?? 0;
      out[r * f + 3] = Math.max(0, now - items.createdDay[i]);
      out[r * f + 4] = Math.log(Math.max(1e-6, items.price[i]));
    }
    return out;
  }
}

/** score = w · features + bias: the cheap stand-in for the GBDT ranker. O(rows × features). */
export class LinearRanker implements Ranker {
  readonly name: string;

  constructor(
    private readonly weights: ArrayLike<number>,
    private readonly bias = 0,
    name = 'linear (fallback)',
  ) {
    this.name = name;
  }

  score(features: Float32Array, rows: number, numFeatures: number): Float64Array {
    if (numFeatures !== this.weights.length) {
      throw new UsageError(`LinearRanker: expected ${this.weights.length} features, got ${numFeatures}`);
    }
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = this.bias;
      for (let f = 0; f < numFeatures; f++) s += this.weights[f] * features[r * numFeatures + f];
      out[r] = s;
    }
    return out;
  }
}

/** Default weights for BASIC_FEATURES: retrieval score first, a little popularity and category affinity. */
export const BASIC_LINEAR_WEIGHTS = [1, 0.15, 1, -0.002, 0];
