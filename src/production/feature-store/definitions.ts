/**
 * Feature definitions, declared once and used by both paths:
 * - materialisation (`materializeFeatureRows`) turns the world's engagement stream into event-time FeatureRows that
 *   feed BOTH the offline store (SQLite) and the online store;
 * - `computeModelFeatures` turns raw stored values into the model's input vector, and is the ONE function called
 *   by training (after the as-of join) and by serving (after an online-store read).
 * Skew in this lab is injected only by handing serving a different TransformSpec or a lagging online store.
 */
import { UsageError } from '../../core/errors.js';
import type { World } from '../../data/world-types.js';
import type { FeatureRow } from './offline-store.js';

export type EntityKind = 'user' | 'item' | 'user-category';

export interface FeatureDefinition {
  name: string;
  entity: EntityKind;
  /** sliding window of the count, in days; also the TTL of the stored value */
  windowDays: number;
  description: string;
}

export const FEATURE_DEFINITIONS: readonly FeatureDefinition[] = [
  { name: 'item_engagements_7d', entity: 'item', windowDays: 7, description: 'engagements with the item in the last 7 days (trend)' },
  { name: 'user_engagements_7d', entity: 'user', windowDays: 7, description: 'engagements by the user in the last 7 days (activity)' },
  { name: 'user_category_engagements_30d', entity: 'user-category', windowDays: 30, description: "the user's engagements in the item's leaf category, last 30 days" },
];

/** Entity key of a definition for a (user, item) pair: user id, item id, or user · numCategories + category. */
export function entityKey(def: FeatureDefinition, world: World, user: number, item: number): number {
  if (def.entity === 'user') return user;
  if (def.entity === 'item') return item;
  return user * world.config.numCategories + world.items.category[item];
}

/** TTL per feature name (= its window), for the online store and the as-of join. */
export function ttlByFeature(defs: readonly FeatureDefinition[] = FEATURE_DEFINITIONS): Record<string, number> {
  return Object.fromEntries(defs.map((d) => [d.name, d.windowDays]));
}

/**
 * Replay the world's engagements (already sorted by time) and yield, after each one, the new windowed count of
 * every definition for the affected entity, stamped with the engagement's time. Sliding windows keep a queue of
 * event times per entity. O(E · D) time, O(E · D) memory for E engagements and D definitions.
 */
export function* materializeFeatureRows(
  world: World,
  defs: readonly FeatureDefinition[] = FEATURE_DEFINITIONS,
  endDay = Infinity,
): Generator<FeatureRow> {
  const queues = defs.map(() => new Map<number, { times: number[]; head: number }>());
  const { user, item, time, count } = world.interactions;
  for (let e = 0; e < count && time[e] < endDay; e++) {
    const t = time[e];
    for (let d = 0; d < defs.length; d++) {
      const key = entityKey(defs[d], world, user[e], item[e]);
      let q = queues[d].get(key);
      if (!q) queues[d].set(key, (q = { times: [], head: 0 }));
      q.times.push(t);
      while (q.times[q.head] <= t - defs[d].windowDays) q.head++;
      if (q.head > 64 && q.head * 2 > q.times.length) {
        q.times = q.times.slice(q.head); // compact so memory stays proportional to the window
        q.head = 0;
      }
      yield { feature: defs[d].name, entity: key, eventTime: t, value: q.times.length - q.head };
    }
  }
}

/** Raw values as read from a store (NaN = missing: no engagement inside the window). */
export interface RawFeatures {
  itemEngagements7d: number;
  userEngagements7d: number;
  userCategoryEngagements30d: number;
  itemAgeDays: number;
}

/** How raw values become model inputs. Training always uses TRAINING_SPEC; skewed serving changes one field. */
export interface TransformSpec {
  /** item trend bucket = number of boundaries b with count ≥ b (or > b when `strictBoundaries`) */
  trendBoundaries: readonly number[];
  strictBoundaries: boolean;
  /** days per unit of the category rate: 1 → per day (training); 30 → per 30 days (a unit mismatch) */
  categoryRateDays: number;
}

export const TRAINING_SPEC: TransformSpec = { trendBoundaries: [1, 2, 4, 8, 16, 32, 64], strictBoundaries: false, categoryRateDays: 1 };

export const MODEL_FEATURE_NAMES = ['item_trend_bucket', 'user_category_rate', 'user_engagements_7d', 'item_age_days'] as const;
export const NUM_MODEL_FEATURES = MODEL_FEATURE_NAMES.length;

/**
 * THE feature computation shared by training and serving: raw values → model inputs, written into `out` at
 * `offset`. A missing count means no engagement inside its window, so it is 0 (TTL = window makes that exact).
 * O(boundaries).
 */
export function computeModelFeatures(raw: RawFeatures, spec: TransformSpec, out: Float32Array, offset: number): void {
  const trend = Number.isNaN(raw.itemEngagements7d) ? 0 : raw.itemEngagements7d;
  let bucket = 0;
  for (const b of spec.trendBoundaries) if (spec.strictBoundaries ? trend > b : trend >= b) bucket++;
  const cat = Number.isNaN(raw.userCategoryEngagements30d) ? 0 : raw.userCategoryEngagements30d;
  out[offset] = bucket;
  out[offset + 1] = (cat / 30) * spec.categoryRateDays;
  out[offset + 2] = Number.isNaN(raw.userEngagements7d) ? 0 : raw.userEngagements7d;
  out[offset + 3] = raw.itemAgeDays;
}

/** Skew variants a serving re-implementation might introduce (see the training-serving-skew scenario). */
export type SkewKind = 'none' | 'bucket-boundary' | 'unit-mismatch' | 'stale';
export const SKEW_KINDS: readonly SkewKind[] = ['none', 'bucket-boundary', 'unit-mismatch', 'stale'];

/** The serving TransformSpec of a skew kind ('stale' keeps the spec and lags the online store instead). */
export function servingSpec(kind: SkewKind): TransformSpec {
  if (kind === 'bucket-boundary') return { ...TRAINING_SPEC, strictBoundaries: true };
  if (kind === 'unit-mismatch') return { ...TRAINING_SPEC, categoryRateDays: 30 };
  if (kind === 'none' || kind === 'stale') return TRAINING_SPEC;
  throw new UsageError(`servingSpec: unknown skew "${String(kind)}"; known: ${SKEW_KINDS.join(', ')}`);
}
