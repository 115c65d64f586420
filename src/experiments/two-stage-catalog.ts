/**
 * Catalogs of a chosen size for the two-stage experiment, from the world's hidden item latent vectors.
 * Beyond the world's catalog, extra items are jittered copies of real ones (latent + N(0, 0.1²) per dim),
 * so larger catalogs keep the world's structure; the experiment notes when that happens.
 */
import type { Rng } from '../core/rng.js';
import type { World } from '../data/world-types.js';

export function catalogVectors(world: World, size: number, rng: Rng): { vectors: Float32Array; synthetic: number } {
  const dim = world.config.latentDim;
  const real = Math.min(size, world.items.count);
  const vectors = new Float32Array(size * dim);
  vectors.set(world.items.latent.subarray(0, real * dim));
  for (let j = real; j < size; j++) {
    const src = (j % world.items.count) * dim;
    for (let d = 0; d < dim; d++) vectors[j * dim + d] = world.items.latent[src + d] + 0.1 * rng.normal();
  }
  return { vectors, synthetic: size - real };
}

export function userVectors(world: World, count: number, rng: Rng): Float32Array {
  const dim = world.config.latentDim;
  const n = Math.min(count, world.users.count);
  const users = rng.sampleWithoutReplacement(world.users.count, n);
  const out = new Float32Array(n * dim);
  for (let q = 0; q < n; q++) out.set(world.users.taste.subarray(users[q] * dim, (users[q] + 1) * dim), q * dim);
  return out;
}
