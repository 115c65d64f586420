/**
 * The ground-truth choice model that generated every engagement in the world:
 *
 *   logit(u, i, pos) = affinityWeight · ⟨taste_u, latent_i⟩ + popularityWeight · log(pop_i)
 *                      + positionBias[pos] + clickBias
 *   P(engage) = σ(logit)
 *
 * A position-based click model in the sense of Craswell et al. (2008), written additively in logit
 * space. Experiments use it as the ceiling a model can reach, to regenerate impressions that were
 * not stored, and to answer counterfactual questions ("what if this item were in slot 0?").
 */
import { UsageError } from '../core/errors.js';
import { dotRows } from '../core/vec.js';
import type { World, WorldConfig } from './world-types.js';

/** σ(x) = 1 / (1 + e^−x). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * True affinity ⟨taste_u, latent_i⟩ (taste is unit-norm, latents have norm ≈ 1.1, so values lie
 * roughly in [−1.2, 1.2]). O(latentDim). Throws UsageError for an out-of-range id.
 */
export function trueAffinity(world: World, u: number, i: number): number {
  checkIds(world, u, i);
  return affinityUnchecked(world.users.taste, u, world.items.latent, i, world.config.latentDim);
}

/** ⟨taste_u, latent_i⟩ without range checks: the simulator's hot path — core's row dot product. O(dim). */
export const affinityUnchecked: (taste: Float32Array, u: number, latent: Float32Array, i: number, dim: number) => number = dotRows;

/** The engagement logit from its parts (see the module comment). O(1). */
export function engagementLogit(config: WorldConfig, affinity: number, popularity: number, position: number): number {
  return config.affinityWeight * affinity + config.popularityWeight * Math.log(popularity)
    + config.positionBias[position] + config.clickBias;
}

/**
 * P(user u engages with item i shown in slot `position`). When `day` is given and the item did
 * not exist yet (createdDay > day) the probability is 0: it could not have been shown.
 * O(latentDim). Throws UsageError for out-of-range ids or position.
 */
export function clickProbability(world: World, u: number, i: number, position: number, day?: number): number {
  checkIds(world, u, i);
  const S = world.config.slateSize;
  if (!Number.isInteger(position) || position < 0 || position >= S) {
    throw new UsageError(`clickProbability: position must be an integer in [0, ${S - 1}], got ${position}`);
  }
  if (day !== undefined && world.items.createdDay[i] > day) return 0;
  const a = affinityUnchecked(world.users.taste, u, world.items.latent, i, world.config.latentDim);
  return sigmoid(engagementLogit(world.config, a, world.items.popularity[i], position));
}

/**
 * Vectorised: affinity of user u to many items at once, written into `out` (length items.length).
 * O(items · latentDim).
 */
export function trueAffinityBatch(world: World, u: number, items: ArrayLike<number>, out = new Float32Array(items.length)): Float32Array {
  checkIds(world, u, 0);
  const { taste } = world.users;
  const { latent } = world.items;
  const D = world.config.latentDim;
  for (let k = 0; k < items.length; k++) {
    const i = items[k];
    if (!(i >= 0 && i < world.items.count)) throw new UsageError(`trueAffinityBatch: item id must be in [0, ${world.items.count - 1}], got ${i}`);
    out[k] = affinityUnchecked(taste, u, latent, i, D);
  }
  return out;
}

/**
 * Vectorised click probabilities of user u for `items` shown in `positions` (same length).
 * O(items · latentDim).
 */
export function clickProbabilityBatch(world: World, u: number, items: ArrayLike<number>, positions: ArrayLike<number>, out = new Float32Array(items.length)): Float32Array {
  if (positions.length !== items.length) throw new UsageError(`clickProbabilityBatch: positions (${positions.length}) must match items (${items.length})`);
  trueAffinityBatch(world, u, items, out);
  for (let k = 0; k < items.length; k++) {
    const p = positions[k];
    if (!(p >= 0 && p < world.config.slateSize)) throw new UsageError(`clickProbabilityBatch: position must be in [0, ${world.config.slateSize - 1}], got ${p}`);
    out[k] = sigmoid(engagementLogit(world.config, out[k], world.items.popularity[items[k]], p));
  }
  return out;
}

/**
 * Grade of an engagement: 1 click, 2 long view / add to cart, 3 purchase. Deeper engagement is
 * likelier when affinity is high: s = σ(3·affinity − 1), P(≥2) = 0.5·s, P(3 | ≥2) = 0.5·s.
 * `r1`, `r2` are uniforms in [0, 1) supplied by the caller's Rng. O(1).
 */
export function engagementLabel(affinity: number, r1: number, r2: number): 1 | 2 | 3 {
  const s = sigmoid(3 * affinity - 1);
  if (r1 >= 0.5 * s) return 1;
  return r2 < 0.5 * s ? 3 : 2;
}

function checkIds(world: World, u: number, i: number): void {
  if (!Number.isInteger(u) || u < 0 || u >= world.users.count) {
    throw new UsageError(`choice model: user id must be an integer in [0, ${world.users.count - 1}], got ${u}`);
  }
  if (!Number.isInteger(i) || i < 0 || i >= world.items.count) {
    throw new UsageError(`choice model: item id must be an integer in [0, ${world.items.count - 1}], got ${i}`);
  }
}
