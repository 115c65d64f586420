/**
 * Label events and the two ways to get their features: offline (as-of or naive join against the offline store)
 * and online (replaying the feature stream into the online store and reading at each request). Both end in the
 * same `computeModelFeatures`.
 */
import { UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { World } from '../../data/world-types.js';
import {
  FEATURE_DEFINITIONS,
  NUM_MODEL_FEATURES,
  computeModelFeatures,
  entityKey,
  ttlByFeature,
  type FeatureDefinition,
  type RawFeatures,
  type TransformSpec,
} from './definitions.js';
import type { FeatureRow, OfflineStore } from './offline-store.js';
import { OnlineStore } from './online-store.js';

/** Requests with a binary label, sorted by time. */
export interface LabelEvents {
  count: number;
  user: Int32Array;
  item: Int32Array;
  /** request time (days): just before the engagement, so the engagement's own feature update is not "before" it */
  time: Float64Array;
  label: Float32Array;
}

export interface LabelEventOptions {
  negativesPerPositive: number;
  /** request precedes the engagement by this much (days); default 0.001 (≈ 86 s) */
  requestLeadDays?: number;
  /** use every `stride`-th engagement as a positive (keeps tiny runs fast); default 1 */
  stride?: number;
}

/**
 * Positives: the world's engagements. Negatives: for the same user and time, the item of a random other
 * engagement (popularity-matched, so plain popularity does not separate the classes; the item must exist at
 * that time). O(E · negatives).
 */
export function buildLabelEvents(world: World, rng: Rng, options: LabelEventOptions): LabelEvents {
  const k = options.negativesPerPositive;
  if (!Number.isInteger(k) || k < 1) throw new UsageError(`buildLabelEvents: negativesPerPositive must be an integer ≥ 1, got ${k}`);
  const stride = options.stride ?? 1;
  if (!Number.isInteger(stride) || stride < 1) throw new UsageError(`buildLabelEvents: stride must be an integer ≥ 1, got ${stride}`);
  const lead = options.requestLeadDays ?? 0.001;
  const I = world.interactions;
  const positives = Math.ceil(I.count / stride);
  const n = positives * (1 + k);
  const ev: LabelEvents = { count: 0, user: new Int32Array(n), item: new Int32Array(n), time: new Float64Array(n), label: new Float32Array(n) };
  let w = 0;
  for (let e = 0; e < I.count; e += stride) {
    const t = I.time[e] - lead;
    ev.user[w] = I.user[e]; ev.item[w] = I.item[e]; ev.time[w] = t; ev.label[w] = 1; w++;
    for (let j = 0; j < k; j++) {
      let neg = I.item[rng.int(I.count)];
      for (let tries = 0; tries < 8 && (neg === I.item[e] || world.items.createdDay[neg] > t); tries++) neg = I.item[rng.int(I.count)];
      ev.user[w] = I.user[e]; ev.item[w] = neg; ev.time[w] = t; ev.label[w] = 0; w++;
    }
  }
  ev.count = w;
  return ev;
}

/** Rows [from, to) of a label set (events are time-sorted, so a time split is a contiguous range). */
export function sliceEvents(ev: LabelEvents, from: number, to: number): LabelEvents {
  return { count: to - from, user: ev.user.subarray(from, to), item: ev.item.subarray(from, to), time: ev.time.subarray(from, to), label: ev.label.subarray(from, to) };
}

/** Index of the first event with time ≥ day (binary search). */
export function firstEventAtOrAfter(ev: LabelEvents, day: number): number {
  let lo = 0;
  let hi = ev.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ev.time[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function rawOf(values: Float64Array[], world: World, ev: LabelEvents, i: number): RawFeatures {
  return {
    itemEngagements7d: values[0][i],
    userEngagements7d: values[1][i],
    userCategoryEngagements30d: values[2][i],
    itemAgeDays: ev.time[i] - world.items.createdDay[ev.item[i]],
  };
}

function keysFor(def: FeatureDefinition, world: World, ev: LabelEvents): Float64Array {
  const keys = new Float64Array(ev.count);
  for (let i = 0; i < ev.count; i++) keys[i] = entityKey(def, world, ev.user[i], ev.item[i]);
  return keys;
}

/**
 * How a training set gets its feature values from the offline store:
 * - 'point-in-time': the as-of join, the latest value at or before the label's time within the TTL (= window);
 * - 'latest': the naive join, the latest value there is (leaks everything after the label);
 * - 'next-day': the value in the next daily snapshot after the label (midnight), no TTL — a batch job joined a
 *   day late: it already counts the label's own engagement;
 * - 'label-time': the latest value at or before the label's time with no TTL — no future, but values older than
 *   their window are kept where the online store would have expired them.
 */
export const OFFLINE_JOINS = ['point-in-time', 'latest', 'next-day', 'label-time'] as const;
export type OfflineJoin = (typeof OFFLINE_JOINS)[number];

function joinValues(store: OfflineStore, def: FeatureDefinition, keys: { entity: Float64Array; time: Float64Array }, join: OfflineJoin): Float64Array {
  switch (join) {
    case 'point-in-time': return store.asOfJoin(def.name, keys, def.windowDays);
    case 'latest': return store.latestJoin(def.name, keys);
    case 'next-day': return store.asOfJoin(def.name, { entity: keys.entity, time: keys.time.map((t) => Math.floor(t) + 1) }, Infinity);
    case 'label-time': return store.asOfJoin(def.name, keys, Infinity);
    default: throw new UsageError(`offlineFeatures: join must be one of ${OFFLINE_JOINS.join(', ')}, got ${String(join)}`);
  }
}

/** Offline training matrix (row-major, NUM_MODEL_FEATURES columns) by the given join. O(L · D · log N). */
export function offlineFeatures(store: OfflineStore, world: World, ev: LabelEvents, join: OfflineJoin, spec: TransformSpec): Float32Array {
  if (FEATURE_DEFINITIONS.length !== 3) throw new Error('offlineFeatures expects the three built-in definitions');
  const values = FEATURE_DEFINITIONS.map((def) => joinValues(store, def, { entity: keysFor(def, world, ev), time: Float64Array.from(ev.time) }, join));
  const out = new Float32Array(ev.count * NUM_MODEL_FEATURES);
  for (let i = 0; i < ev.count; i++) computeModelFeatures(rawOf(values, world, ev, i), spec, out, i * NUM_MODEL_FEATURES);
  return out;
}

/**
 * Serving replay: walk the requests in time order; before each, push into the online store every feature row
 * with eventTime ≤ request time − lagDays (lag 0: a fresh streaming pipeline; lag > 0: a store refreshed late);
 * then read the raw values and compute the model features with `spec`. Returns the served matrix — which is
 * also the feature log a "train on what you served" pipeline keeps. O(R + L · D).
 */
export function serveReplay(rows: readonly FeatureRow[], world: World, ev: LabelEvents, spec: TransformSpec, lagDays = 0): Float32Array {
  const online = new OnlineStore(30, ttlByFeature());
  const out = new Float32Array(ev.count * NUM_MODEL_FEATURES);
  const cols = FEATURE_DEFINITIONS.map(() => new Float64Array(1));
  let r = 0;
  for (let i = 0; i < ev.count; i++) {
    const t = ev.time[i];
    while (r < rows.length && rows[r].eventTime <= t - lagDays) online.put(rows[r++]);
    for (let d = 0; d < FEATURE_DEFINITIONS.length; d++) {
      const def = FEATURE_DEFINITIONS[d];
      cols[d][0] = online.get(def.name, entityKey(def, world, ev.user[i], ev.item[i]), t);
    }
    const raw: RawFeatures = {
      itemEngagements7d: cols[0][0], userEngagements7d: cols[1][0], userCategoryEngagements30d: cols[2][0],
      itemAgeDays: t - world.items.createdDay[ev.item[i]],
    };
    computeModelFeatures(raw, spec, out, i * NUM_MODEL_FEATURES);
  }
  return out;
}
