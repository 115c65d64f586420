/**
 * Item and query vectors for the ANN experiments, taken from the world's hidden ground truth: item latent
 * vectors are the item embeddings and user taste vectors the queries, so the "right" neighbours are the items
 * the simulated users actually prefer. To study a dimension other than the world's latentDim, both are mapped
 * through the same seeded Gaussian random projection R (latentDim × dim, entries N(0, 1/dim)), which keeps
 * inner products in expectation (Johnson–Lindenstrauss). Projecting UP adds cost but no information: the
 * vectors still live in a latentDim-dimensional subspace — a point the scaling lesson makes.
 */
import type { Rng } from '../core/rng.js';
import type { World } from '../data/world-types.js';

export interface AnnVectors {
  items: Float32Array;
  queries: Float32Array;
  itemCount: number;
  queryCount: number;
  dim: number;
  /** set when the request was capped by the world's size */
  note?: string;
}

/** rows × dim ← rows × srcDim · R. O(rows · srcDim · dim). With dim = srcDim the rows are copied unchanged. */
export function projectRows(src: Float32Array, srcDim: number, rows: number, projection: Float32Array | null, dim: number): Float32Array {
  if (!projection) return src.slice(0, rows * srcDim);
  const out = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const so = r * srcDim;
    const oo = r * dim;
    for (let s = 0; s < srcDim; s++) {
      const x = src[so + s];
      if (x === 0) continue;
      const po = s * dim;
      for (let d = 0; d < dim; d++) out[oo + d] += x * projection[po + d];
    }
  }
  return out;
}

export function randomProjection(rng: Rng, srcDim: number, dim: number): Float32Array {
  const p = new Float32Array(srcDim * dim);
  const scale = 1 / Math.sqrt(dim);
  for (let i = 0; i < p.length; i++) p[i] = rng.normal() * scale;
  return p;
}

/** The first `items` item vectors and `queries` user taste vectors (users drawn without replacement). */
export function annVectorsFromWorld(world: World, items: number, queries: number, dim: number, rng: Rng): AnnVectors {
  const srcDim = world.config.latentDim;
  const itemCount = Math.min(items, world.items.count);
  const queryCount = Math.min(queries, world.users.count);
  const projection = dim === srcDim ? null : randomProjection(rng.fork('projection'), srcDim, dim);
  const users = rng.fork('query-users').sampleWithoutReplacement(world.users.count, queryCount);
  const taste = new Float32Array(queryCount * srcDim);
  for (let q = 0; q < queryCount; q++) taste.set(world.users.taste.subarray(users[q] * srcDim, (users[q] + 1) * srcDim), q * srcDim);
  const notes: string[] = [];
  if (itemCount < items) notes.push(`items capped at the world's catalog of ${itemCount.toLocaleString('en-US')} (use a larger --scale for more)`);
  if (queryCount < queries) notes.push(`queries capped at the world's ${queryCount} users`);
  return {
    items: projectRows(world.items.latent, srcDim, itemCount, projection, dim),
    queries: projectRows(taste, srcDim, queryCount, projection, dim),
    itemCount,
    queryCount,
    dim,
    note: notes.length ? notes.join('; ') : undefined,
  };
}
