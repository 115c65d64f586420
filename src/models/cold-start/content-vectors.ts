/**
 * Content-only item vectors for a new system (no interactions yet): a seeded Gaussian random
 * projection of each item's sparse content — leaf category, top category, brand and tags — into
 * `dim` dimensions (Johnson–Lindenstrauss: inner products of the sparse one-hot vectors are kept
 * approximately). Items that share metadata get similar vectors; no click is needed.
 * O(items · (3 + tagsPerItem) · dim).
 */
import { Rng } from '../../core/rng.js';
import { normalizeRows } from '../../core/vec.js';
import type { World } from '../../data/world-types.js';

export interface ContentWeights {
  category: number;
  topCategory: number;
  brand: number;
  tags: number;
}

const DEFAULT_WEIGHTS: ContentWeights = { category: 1, topCategory: 0.5, brand: 0.5, tags: 0.6 };

function gaussianRows(n: number, dim: number, rng: Rng): Float32Array {
  const m = new Float32Array(n * dim);
  for (let i = 0; i < m.length; i++) m[i] = rng.normal() / Math.sqrt(dim);
  return m;
}

export function contentItemVectors(world: World, dim: number, seed: number, weights: ContentWeights = DEFAULT_WEIGHTS): Float32Array {
  const c = world.config;
  const it = world.items;
  const rng = new Rng(seed).fork('content-projection');
  const cat = gaussianRows(c.numCategories, dim, rng);
  const top = gaussianRows(c.numTopCategories, dim, rng);
  const brand = gaussianRows(c.numBrands, dim, rng);
  const tag = gaussianRows(c.numTags, dim, rng);
  const out = new Float32Array(it.count * dim);
  const add = (src: Float32Array, row: number, w: number, o: number): void => {
    for (let d = 0; d < dim; d++) out[o + d] += w * src[row * dim + d];
  };
  for (let i = 0; i < it.count; i++) {
    const o = i * dim;
    add(cat, it.category[i], weights.category, o);
    add(top, it.categoryParent[it.category[i]], weights.topCategory, o);
    add(brand, it.brand[i], weights.brand, o);
    for (let t = 0; t < c.tagsPerItem; t++) add(tag, it.tags[i * c.tagsPerItem + t], weights.tags / Math.max(1, c.tagsPerItem), o);
  }
  return normalizeRows(out, dim);
}

/** A user's content profile: the normalised mean of the given items' vectors (zero vector for none). O(items · dim). */
export function meanOfRows(vectors: Float32Array, dim: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(dim);
  for (let q = 0; q < rows.length; q++) for (let d = 0; d < dim; d++) out[d] += vectors[rows[q] * dim + d];
  return normalizeRows(out, dim);
}

/**
 * Similar-by-metadata vectors for cold items: the mean of the warm items' vectors in the same leaf
 * category (falling back to the item's own vector when its category has no warm item).
 */
export function metadataNeighbourVectors(world: World, vectors: Float32Array, dim: number, isCold: Uint8Array): Float32Array {
  const it = world.items;
  const sums = new Float64Array(world.config.numCategories * dim);
  const n = new Int32Array(world.config.numCategories);
  for (let i = 0; i < it.count; i++) {
    if (isCold[i]) continue;
    const c = it.category[i];
    n[c]++;
    for (let d = 0; d < dim; d++) sums[c * dim + d] += vectors[i * dim + d];
  }
  const out = Float32Array.from(vectors);
  for (let i = 0; i < it.count; i++) {
    const c = it.category[i];
    if (!isCold[i] || n[c] === 0) continue;
    for (let d = 0; d < dim; d++) out[i * dim + d] = sums[c * dim + d] / n[c];
  }
  return normalizeRows(out, dim);
}
