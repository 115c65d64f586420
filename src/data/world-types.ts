/**
 * The seeded synthetic world: the contract every experiment reads.
 *
 * Hidden fields (taste, latent, popularity) are the ground truth the simulator used to generate
 * interactions; models must never train on them, but evaluation may use them as a ceiling.
 * Everything is typed arrays, row-major where a row has several values.
 */
export type Scale = 'tiny' | 'small' | 'full';
export const SCALES: readonly Scale[] = ['tiny', 'small', 'full'];

export interface WorldConfig {
  scale: Scale;
  seed: number;
  numUsers: number;
  numItems: number;
  /** dimension of the hidden taste/latent vectors */
  latentDim: number;
  numTopCategories: number;
  /** leaf categories; each belongs to one top category (see Items.categoryParent) */
  numCategories: number;
  numBrands: number;
  numTags: number;
  tagsPerItem: number;
  numCountries: number;
  numAgeBands: number;
  numDevices: number;
  /** length of the simulated timeline, in days */
  days: number;
  /** the last `testDays` days are the test split */
  testDays: number;
  /** items shown per impression slate (position 0 is the top slot) */
  slateSize: number;
  /** choice-model weights: logit = affinityWeight·affinity + popularityWeight·log(pop) + positionBias[pos] + clickBias */
  affinityWeight: number;
  popularityWeight: number;
  clickBias: number;
  /** additive logit per slot, length slateSize, decreasing (position bias) */
  positionBias: number[];
}

export interface Users {
  count: number;
  ageBand: Uint8Array;
  country: Uint8Array;
  device: Uint8Array;
  /** hidden taste vectors, count × latentDim */
  taste: Float32Array;
  /** expected sessions per active day */
  activity: Float32Array;
  /** first day the user is active (users join over time: the source of new users) */
  signupDay: Float32Array;
}

export interface Items {
  count: number;
  /** leaf category id, in [0, numCategories) */
  category: Int32Array;
  /** top category of each leaf category, length numCategories */
  categoryParent: Int32Array;
  /** brand id (Zipf-distributed), in [0, numBrands) */
  brand: Int32Array;
  price: Float32Array;
  /** day the item enters the catalog (may be negative: existed before the timeline began) */
  createdDay: Float32Array;
  /** tag ids, count × tagsPerItem */
  tags: Int32Array;
  /** hidden latent vectors, count × latentDim */
  latent: Float32Array;
  /** hidden base popularity weight (power law), > 0 */
  popularity: Float32Array;
}

/**
 * Engagements (label ≥ 1) sorted by time. Impressions that were not engaged with are not stored
 * (they would be ~10× the rows); regenerate them with the choice model when an experiment needs them.
 */
export interface Interactions {
  count: number;
  user: Int32Array;
  item: Int32Array;
  /** time in days since the start of the timeline, fractional */
  time: Float32Array;
  /** slot of the item in the slate it was shown in */
  position: Uint8Array;
  /** graded engagement: 1 click, 2 long view / add to cart, 3 purchase */
  label: Uint8Array;
}

export interface WorldSplit {
  /** interactions with time < trainEndDay are train; the rest test */
  trainEndDay: number;
  /** number of train interactions: indices [0, trainCount) are train, [trainCount, count) test */
  trainCount: number;
}

export interface World {
  config: WorldConfig;
  users: Users;
  items: Items;
  interactions: Interactions;
  split: WorldSplit;
}

export interface WorldOptions {
  scale?: Scale;
  seed?: number;
  /** override any config field of the scale's preset */
  overrides?: Partial<Omit<WorldConfig, 'scale' | 'seed'>>;
  onProgress?: (stage: string, fraction: number) => void;
  signal?: AbortSignal;
}
