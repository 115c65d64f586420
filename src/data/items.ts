/**
 * Items of the synthetic world: leaf category (Zipf-sized leaves), a latent vector near the leaf's
 * centroid, brand and tags drawn mostly from the leaf's pools, log-normal price by leaf, a creation
 * day (some items appear during the timeline: the cold items) and power-law base popularity.
 */
import { AliasSampler, type Rng } from '../core/rng.js';
import { BRAND_POOL, TAG_POOL, gaussianInto, zipfWeights, type Catalog } from './catalog.js';
import type { Items, WorldConfig } from './world-types.js';
import type { Step } from './steps.js';

/** spread of an item's latent around its leaf centroid (expected norm of the noise) */
const ITEM_NOISE = 0.55;
/** share of items created during the timeline rather than before it */
const NEW_ITEM_SHARE = 0.2;
/** Pareto tail index of base popularity: P(pop > x) = x^−α; α ≈ 1.2 gives a heavy head */
const POPULARITY_ALPHA = 1.2;
const POPULARITY_CAP = 1e5;
const CHUNK = 20_000;

/**
 * Generate all items, yielding progress every CHUNK items. O(numItems · latentDim).
 */
export function* generateItems(config: WorldConfig, catalog: Catalog, rng: Rng): Step<Items> {
  const n = config.numItems;
  const D = config.latentDim;
  const K = config.tagsPerItem;
  const leafSampler = new AliasSampler(catalog.leafWeight);
  const poolRank = new AliasSampler(zipfWeights(BRAND_POOL, 1));
  const items: Items = {
    count: n,
    category: new Int32Array(n),
    categoryParent: catalog.categoryParent,
    brand: new Int32Array(n),
    price: new Float32Array(n),
    createdDay: new Float32Array(n),
    tags: new Int32Array(n * K),
    latent: new Float32Array(n * D),
    popularity: new Float32Array(n),
  };
  for (let i = 0; i < n; i++) {
    if (i % CHUNK === 0) yield { stage: 'items', fraction: i / n };
    const leaf = leafSampler.sample(rng);
    items.category[i] = leaf;
    gaussianInto(rng, items.latent, i * D, D, ITEM_NOISE);
    const c = leaf * D;
    for (let d = 0; d < D; d++) items.latent[i * D + d] += catalog.leafCentroids[c + d];
    items.brand[i] = rng.next() < 0.8 ? catalog.brandPool[leaf * BRAND_POOL + poolRank.sample(rng)] : catalog.brandSampler.sample(rng);
    items.price[i] = Math.round(Math.exp(catalog.leafLogPrice[leaf] + 0.5 * rng.normal()) * 100) / 100;
    items.createdDay[i] = rng.next() < NEW_ITEM_SHARE ? rng.uniform(0, config.days) : rng.uniform(-365, 0);
    items.popularity[i] = Math.min(POPULARITY_CAP, Math.pow(1 - rng.next(), -1 / POPULARITY_ALPHA));
    drawTags(items.tags, i * K, K, leaf, config.numTags, catalog, rng);
  }
  yield { stage: 'items', fraction: 1 };
  return items;
}

/** K distinct tags: 80% from the leaf's pool, the rest from all tags. */
function drawTags(out: Int32Array, offset: number, K: number, leaf: number, numTags: number, catalog: Catalog, rng: Rng): void {
  for (let k = 0; k < K; k++) {
    let tag = 0;
    for (let attempt = 0; ; attempt++) {
      tag = attempt < 8 && rng.next() < 0.8 ? catalog.tagPool[leaf * TAG_POOL + rng.int(TAG_POOL)] : rng.int(numTags);
      let dup = false;
      for (let j = 0; j < k; j++) if (out[offset + j] === tag) dup = true;
      if (!dup) break;
    }
    out[offset + k] = tag;
  }
}
