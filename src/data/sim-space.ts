/**
 * The simulator's view of the world, with items renumbered by descending base popularity ("rank
 * space"). Why: at full scale the simulator is memory-bound (1M latents = 128 MB, drawn at random);
 * with Pareto popularity about half of all draws hit the top 1% of items, so storing those rows
 * next to each other keeps them in cache. Engagements are mapped back to real item ids when stored,
 * so the renumbering never leaks into the world (an item id says nothing about its popularity).
 * The same object is what worker threads receive (its arrays in SharedArrayBuffers).
 */
import type { Catalog } from './catalog.js';
import { itemBaseLogits, type SimInput } from './interactions.js';
import { LoggingPolicy } from './logging-policy.js';
import type { UserPrefs } from './users.js';
import type { Items, Users, WorldConfig } from './world-types.js';

export interface SimSpace {
  config: WorldConfig;
  taste: Float32Array; activity: Float32Array; signupDay: Float32Array;
  /** item arrays in rank order: row r is item rankToItem[r] */
  latent: Float32Array; popularity: Float32Array; category: Int32Array; createdDay: Float32Array;
  rankToItem: Int32Array;
  categoryParent: Int32Array; childOffsets: Int32Array; childLeaves: Int32Array;
  prefLeaf: Int32Array; prefWeight: Float32Array;
}

type Alloc = <T extends Float32Array | Int32Array>(ctor: new (n: number | SharedArrayBuffer) => T, n: number) => T;

const local: Alloc = (ctor, n) => new ctor(n);
const shared: Alloc = (ctor, n) => new ctor(new SharedArrayBuffer(n * 4));

/**
 * Items by descending popularity, ties by id. Popularity is a positive float32, whose bit pattern
 * read as uint32 orders like its value, so (~bits) · 2^idBits + id is one float64 sort key and the
 * native numeric sort does the work (≈5× faster than a comparator at 1M items). Falls back to a
 * comparator sort when the key would exceed 53 bits (n > 2^21). O(n log n).
 */
export function popularityOrder(popularity: Float32Array): Int32Array {
  const n = popularity.length;
  const idBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  if (32 + idBits > 53) return popularityOrderReference(popularity);
  const bits = new Uint32Array(popularity.buffer, popularity.byteOffset, n);
  const scale = 2 ** idBits;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!(popularity[i] > 0)) throw new Error(`popularityOrder: popularity must be > 0, got ${popularity[i]} at ${i}`);
    keys[i] = (0xffffffff - bits[i]) * scale + i;
  }
  keys.sort();
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) out[r] = keys[r] % scale;
  return out;
}

/** The comparator version: the reference popularityOrder is tested against. O(n log n). */
export function popularityOrderReference(popularity: Float32Array): Int32Array {
  return Int32Array.from({ length: popularity.length }, (_, i) => i).sort((a, b) => popularity[b] - popularity[a] || a - b);
}

/**
 * Build the rank-space view. With `share`, every array lives in a SharedArrayBuffer (for workers).
 * O(items · latentDim + items log items).
 */
export function buildSimSpace(config: WorldConfig, users: Users, items: Items, catalog: Catalog, prefs: UserPrefs, share: boolean): SimSpace {
  const alloc = share ? shared : local;
  const copy = <T extends Float32Array | Int32Array>(a: T): T => {
    if (!share) return a;
    const out = alloc(a.constructor as new (n: number | SharedArrayBuffer) => T, a.length);
    out.set(a);
    return out;
  };
  const n = items.count;
  const D = config.latentDim;
  const rankToItem = popularityOrder(items.popularity);
  const latent = alloc(Float32Array, n * D);
  const popularity = alloc(Float32Array, n);
  const category = alloc(Int32Array, n);
  const createdDay = alloc(Float32Array, n);
  for (let r = 0; r < n; r++) {
    const i = rankToItem[r];
    latent.set(items.latent.subarray(i * D, i * D + D), r * D);
    popularity[r] = items.popularity[i];
    category[r] = items.category[i];
    createdDay[r] = items.createdDay[i];
  }
  return {
    config,
    taste: copy(users.taste), activity: copy(users.activity), signupDay: copy(users.signupDay),
    latent, popularity, category, createdDay, rankToItem: copy(rankToItem),
    categoryParent: catalog.categoryParent, childOffsets: catalog.childOffsets, childLeaves: catalog.childLeaves,
    prefLeaf: copy(prefs.leaf), prefWeight: copy(prefs.weight),
  };
}

/** What simulateBlock needs, built from a SimSpace (once per thread). O(items). */
export function simulatorFor(space: SimSpace): { input: SimInput; policy: LoggingPolicy; base: Float64Array } {
  const { config } = space;
  const input: SimInput = {
    config,
    users: { count: config.numUsers, taste: space.taste, activity: space.activity, signupDay: space.signupDay },
    items: { count: config.numItems, latent: space.latent, popularity: space.popularity },
    rankToItem: space.rankToItem,
  };
  const policy = new LoggingPolicy(
    { count: config.numItems, category: space.category, popularity: space.popularity, createdDay: space.createdDay },
    { categoryParent: space.categoryParent, childOffsets: space.childOffsets, childLeaves: space.childLeaves },
    { leaf: space.prefLeaf, weight: space.prefWeight },
  );
  return { input, policy, base: itemBaseLogits(config, space.popularity) };
}
