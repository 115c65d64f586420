/**
 * Impressions with clicks drawn from the world's own choice model: the CTR data the high-cardinality and
 * target-encoding experiments learn from. The world stores engagements only; impressions are regenerated here
 * (as the World contract suggests) with the ground-truth click probability.
 */
import { UsageError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { clickProbability } from '../data/choice-model.js';
import type { World } from '../data/world-types.js';

export interface Impressions {
  count: number;
  user: Int32Array;
  item: Int32Array;
  brand: Int32Array;
  position: Int32Array;
  /** day of the request */
  time: Float64Array;
  /** 1 clicked, 0 not */
  label: Float32Array;
  /** rows [0, trainCount) are before the world's train/test split day */
  trainCount: number;
}

/**
 * `requests` requests, each a slate of `slateSize` items. A request borrows the user and time of a random stored
 * engagement (so activity over users and days follows the world); slate items are the items of other random
 * engagements that exist at that time (popularity-matched exposure, as a production logging policy would give).
 * Click ~ Bernoulli(clickProbability(u, i, slot, day)). Rows are sorted by time. O(requests · slate · latentDim).
 */
export function generateImpressions(world: World, rng: Rng, requests: number, slateSize = world.config.slateSize): Impressions {
  if (!Number.isInteger(requests) || requests < 1) throw new UsageError(`generateImpressions: requests must be an integer ≥ 1, got ${requests}`);
  if (!Number.isInteger(slateSize) || slateSize < 1 || slateSize > world.config.slateSize) {
    throw new UsageError(`generateImpressions: slateSize must be an integer in [1, ${world.config.slateSize}], got ${slateSize}`);
  }
  const I = world.interactions;
  const picks = new Int32Array(requests);
  for (let r = 0; r < requests; r++) picks[r] = rng.int(I.count);
  picks.sort(); // interactions are time-sorted, so sorted picks give time-sorted requests
  const n = requests * slateSize;
  const out: Impressions = {
    count: n, user: new Int32Array(n), item: new Int32Array(n), brand: new Int32Array(n), position: new Int32Array(n),
    time: new Float64Array(n), label: new Float32Array(n), trainCount: 0,
  };
  let w = 0;
  for (let r = 0; r < requests; r++) {
    const u = I.user[picks[r]];
    const t = I.time[picks[r]];
    for (let p = 0; p < slateSize; p++, w++) {
      let it = I.item[rng.int(I.count)];
      for (let tries = 0; tries < 8 && world.items.createdDay[it] > t; tries++) it = I.item[rng.int(I.count)];
      out.user[w] = u;
      out.item[w] = it;
      out.brand[w] = world.items.brand[it];
      out.position[w] = p;
      out.time[w] = t;
      out.label[w] = rng.bernoulli(clickProbability(world, u, it, p, t)) ? 1 : 0;
      if (t < world.split.trainEndDay) out.trainCount = w + 1;
    }
  }
  return out;
}
