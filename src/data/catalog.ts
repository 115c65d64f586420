/**
 * The catalog's hidden structure: a two-level category tree with latent centroids, and per-leaf
 * pools of brands and tags so that brand and tags carry information about the category (as they
 * do in real catalogs, which is why they are useful features for cold items).
 */
import { AliasSampler, type Rng } from '../core/rng.js';
import type { WorldConfig } from './world-types.js';

export interface Catalog {
  /** top category of each leaf, length numCategories */
  categoryParent: Int32Array;
  /** CSR: leaves of top category t are childLeaves[childOffsets[t] .. childOffsets[t+1]) */
  childOffsets: Int32Array;
  childLeaves: Int32Array;
  /** unit-norm centroids, numTopCategories × latentDim and numCategories × latentDim */
  topCentroids: Float32Array;
  leafCentroids: Float32Array;
  /** relative size of each leaf (how many items it gets), Zipf-like */
  leafWeight: Float64Array;
  /** mean of log(price) per leaf */
  leafLogPrice: Float32Array;
  /** brandPool[leaf * BRAND_POOL + j]: the brands that mostly sell in this leaf */
  brandPool: Int32Array;
  /** tagPool[leaf * TAG_POOL + j]: the tags that mostly describe this leaf */
  tagPool: Int32Array;
  /** global Zipf sampler over brands */
  brandSampler: AliasSampler;
}

export const BRAND_POOL = 8;
export const TAG_POOL = 8;
/** noise of a leaf centroid around its parent's, before re-normalising (cosine to parent ≈ 0.85) */
const LEAF_NOISE = 0.6;

/** A Gaussian vector with unit expected norm written into out[offset .. offset+dim). */
export function gaussianInto(rng: Rng, out: Float32Array, offset: number, dim: number, scale: number): void {
  const s = scale / Math.sqrt(dim);
  for (let d = 0; d < dim; d++) out[offset + d] = rng.normal() * s;
}

function normalizeRow(m: Float32Array, offset: number, dim: number): void {
  let s = 0;
  for (let d = 0; d < dim; d++) s += m[offset + d] * m[offset + d];
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let d = 0; d < dim; d++) m[offset + d] *= inv;
}

/** Zipf weights 1 / (rank+1)^s for n ranks. */
export function zipfWeights(n: number, s: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 1 / Math.pow(i + 1, s);
  return w;
}

/**
 * Build the category tree and its centroids. Every top category gets at least one leaf; the rest
 * are assigned at random. O(numCategories · latentDim).
 */
export function buildCatalog(config: WorldConfig, rng: Rng): Catalog {
  const { numTopCategories: T, numCategories: C, latentDim: D } = config;
  const topCentroids = new Float32Array(T * D);
  for (let t = 0; t < T; t++) {
    gaussianInto(rng, topCentroids, t * D, D, 1);
    normalizeRow(topCentroids, t * D, D);
  }
  const categoryParent = new Int32Array(C);
  for (let c = 0; c < C; c++) categoryParent[c] = c < T ? c : rng.int(T);
  const childOffsets = new Int32Array(T + 1);
  for (let c = 0; c < C; c++) childOffsets[categoryParent[c] + 1]++;
  for (let t = 0; t < T; t++) childOffsets[t + 1] += childOffsets[t];
  const childLeaves = new Int32Array(C);
  const fill = childOffsets.slice(0, T);
  for (let c = 0; c < C; c++) childLeaves[fill[categoryParent[c]]++] = c;

  const leafCentroids = new Float32Array(C * D);
  for (let c = 0; c < C; c++) {
    gaussianInto(rng, leafCentroids, c * D, D, LEAF_NOISE);
    const p = categoryParent[c] * D;
    for (let d = 0; d < D; d++) leafCentroids[c * D + d] += topCentroids[p + d];
    normalizeRow(leafCentroids, c * D, D);
  }
  // leaf sizes: a Zipf over a random order of leaves, so big and small leaves sit under every parent
  const leafWeight = new Float64Array(C);
  const order = rng.shuffle(Int32Array.from({ length: C }, (_, i) => i));
  const zipfLeaf = zipfWeights(C, 0.8);
  for (let r = 0; r < C; r++) leafWeight[order[r]] = zipfLeaf[r];

  const leafLogPrice = new Float32Array(C);
  for (let c = 0; c < C; c++) leafLogPrice[c] = rng.normal(3.2, 1.0); // median price e^3.2 ≈ 25

  const brandSampler = new AliasSampler(zipfWeights(config.numBrands, 1.1));
  const brandPool = new Int32Array(C * BRAND_POOL);
  for (let i = 0; i < brandPool.length; i++) brandPool[i] = brandSampler.sample(rng);
  const tagPool = new Int32Array(C * TAG_POOL);
  for (let i = 0; i < tagPool.length; i++) tagPool[i] = rng.int(config.numTags);

  return {
    categoryParent, childOffsets, childLeaves, topCentroids, leafCentroids,
    leafWeight, leafLogPrice, brandPool, tagPool, brandSampler,
  };
}
