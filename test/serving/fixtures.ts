/** One tiny world and fallback components shared by the serving tests (built once per test file). */
import { Rng } from '../../src/core/rng.js';
import { generateWorld } from '../../src/data/world.js';
import type { World } from '../../src/data/world-types.js';
import {
  BASIC_LINEAR_WEIGHTS,
  BasicFeatures,
  ExactCandidates,
  HistoryMeanEncoder,
  LinearRanker,
  latentItemVectors,
} from '../../src/serving/fallbacks.js';
import { trainInteractionsByUser } from '../../src/data/cohorts.js';
import type { Components } from '../../src/serving/types.js';

let cached: { world: World; components: Components } | undefined;

export function tinyServing(): { world: World; components: Components } {
  if (cached) return cached;
  const world = generateWorld({ scale: 'tiny', seed: 7 });
  const dim = world.config.latentDim;
  const itemVectors = latentItemVectors(world, new Rng(7).fork('item-vectors'));
  const histories = trainInteractionsByUser(world);
  cached = {
    world,
    components: {
      itemVectors,
      dim,
      encoder: new HistoryMeanEncoder(histories, itemVectors, dim),
      candidates: new ExactCandidates(itemVectors, dim),
      features: new BasicFeatures(world, histories),
      ranker: new LinearRanker(BASIC_LINEAR_WEIGHTS),
    },
  };
  return cached;
}
