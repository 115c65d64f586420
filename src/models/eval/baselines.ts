/** Scores of the non-learned baselines: popularity and the ground-truth ceiling from the world's hidden vectors. */
import type { World } from '../../data/world-types.js';
import type { EvalSet } from './eval-set.js';

/** Train engagement counts: the popularity baseline ranks every user's list by these. O(items). */
export function popularityScores(set: EvalSet): Float64Array {
  return Float64Array.from(set.trainCounts);
}

/**
 * The preference ceiling: the choice model's own logit without position terms,
 * affinityWeight·⟨taste_u, latent_i⟩ + popularityWeight·log(pop_i), as augmented vectors
 * [aw·taste_u, 1]·[latent_i, pw·log pop_i] so it runs through the same inner-product search.
 * It ranks by what users would engage with if shown everything. The logged test engagements also
 * depend on what the logging policy chose to show (src/data/logging-policy.ts: the user's preferred
 * categories, popular items), so a model trained on the logs can learn that exposure and beat this
 * "ceiling" on recall of logged engagements — measured at small scale (bench two-tower).
 * O((users + items) · latentDim).
 */
export function ceilingVectors(world: World, users: Int32Array): { queries: Float32Array; items: Float32Array; dim: number } {
  const L = world.config.latentDim;
  const D = L + 1;
  const queries = new Float32Array(users.length * D);
  for (let r = 0; r < users.length; r++) {
    const u = users[r];
    for (let e = 0; e < L; e++) queries[r * D + e] = world.config.affinityWeight * world.users.taste[u * L + e];
    queries[r * D + L] = 1;
  }
  const N = world.items.count;
  const items = new Float32Array(N * D);
  for (let i = 0; i < N; i++) {
    items.set(world.items.latent.subarray(i * L, (i + 1) * L), i * D);
    items[i * D + L] = world.config.popularityWeight * Math.log(world.items.popularity[i]);
  }
  return { queries, items, dim: D };
}

/** Rows of `all` (n × d) for the given ids, back to back. O(ids · d). */
export function gatherRows(all: Float32Array, ids: Int32Array, d: number): Float32Array {
  const out = new Float32Array(ids.length * d);
  for (let r = 0; r < ids.length; r++) out.set(all.subarray(ids[r] * d, (ids[r] + 1) * d), r * d);
  return out;
}
