/**
 * Cohorts of the world that experiments slice metrics by: per-user and per-item train counts,
 * interactions grouped by user (CSR), new versus warm users, new/cold items, head versus tail items.
 * Everything is computed from the train split only where it defines "known" (what a model trained
 * at trainEndDay could have seen).
 */
import { UsageError } from '../core/errors.js';
import type { World } from './world-types.js';

export type SplitPart = 'train' | 'test' | 'all';

function range(world: World, part: SplitPart): [number, number] {
  if (part === 'train') return [0, world.split.trainCount];
  if (part === 'test') return [world.split.trainCount, world.interactions.count];
  if (part === 'all') return [0, world.interactions.count];
  throw new UsageError(`cohorts: part must be train, test or all, got ${String(part)}`);
}

/** Interactions per user in the given part. O(interactions). */
export function userCounts(world: World, part: SplitPart = 'train'): Int32Array {
  const [lo, hi] = range(world, part);
  const out = new Int32Array(world.users.count);
  const { user } = world.interactions;
  for (let k = lo; k < hi; k++) out[user[k]]++;
  return out;
}

/** Interactions per item in the given part. O(interactions). */
export function itemCounts(world: World, part: SplitPart = 'train'): Int32Array {
  const [lo, hi] = range(world, part);
  const out = new Int32Array(world.items.count);
  const { item } = world.interactions;
  for (let k = lo; k < hi; k++) out[item[k]]++;
  return out;
}

export const userTrainCounts = (world: World): Int32Array => userCounts(world, 'train');
export const itemTrainCounts = (world: World): Int32Array => itemCounts(world, 'train');

/**
 * Interactions grouped by user, in time order within each user (CSR):
 * rows[offsets[u] .. offsets[u+1]) are interaction indices; items/labels/times are those rows' columns.
 */
export interface UserCsr {
  offsets: Int32Array;
  rows: Int32Array;
  items: Int32Array;
  labels: Uint8Array;
  times: Float32Array;
}

/** Group the given part by user (counting sort, stable, so time order is kept). O(users + interactions). */
export function interactionsByUser(world: World, part: SplitPart = 'train'): UserCsr {
  const [lo, hi] = range(world, part);
  const n = world.users.count;
  const I = world.interactions;
  const offsets = new Int32Array(n + 1);
  for (let k = lo; k < hi; k++) offsets[I.user[k] + 1]++;
  for (let u = 0; u < n; u++) offsets[u + 1] += offsets[u];
  const m = hi - lo;
  const rows = new Int32Array(m);
  const items = new Int32Array(m);
  const labels = new Uint8Array(m);
  const times = new Float32Array(m);
  const fill = offsets.slice(0, n);
  for (let k = lo; k < hi; k++) {
    const p = fill[I.user[k]]++;
    rows[p] = k;
    items[p] = I.item[k];
    labels[p] = I.label[k];
    times[p] = I.time[k];
  }
  return { offsets, rows, items, labels, times };
}

export const trainInteractionsByUser = (world: World): UserCsr => interactionsByUser(world, 'train');
export const testInteractionsByUser = (world: World): UserCsr => interactionsByUser(world, 'test');

/** Users with at least one test interaction and none in train: the cold-start users. Ascending ids. */
export function newUsers(world: World): Int32Array {
  const train = userCounts(world, 'train');
  const test = userCounts(world, 'test');
  return idsWhere(world.users.count, (u) => train[u] === 0 && test[u] > 0);
}

/** Users with ≥ minTrain train interactions and at least one test interaction. Ascending ids. */
export function warmUsers(world: World, minTrain = 5): Int32Array {
  if (!(minTrain >= 1)) throw new UsageError(`warmUsers: minTrain must be ≥ 1, got ${minTrain}`);
  const train = userCounts(world, 'train');
  const test = userCounts(world, 'test');
  return idsWhere(world.users.count, (u) => train[u] >= minTrain && test[u] > 0);
}

/** Items created at or after trainEndDay: no model trained at the split could have seen them. */
export function newItems(world: World): Int32Array {
  const end = world.split.trainEndDay;
  return idsWhere(world.items.count, (i) => world.items.createdDay[i] >= end);
}

/** Items with no train interaction (new items plus old items nobody engaged with). */
export function coldItems(world: World): Int32Array {
  const train = itemCounts(world, 'train');
  return idsWhere(world.items.count, (i) => train[i] === 0);
}

/**
 * Head/tail split by train popularity: the head is the top `headFraction` of the catalog by train
 * interaction count (ties broken by lower id), the tail is everything else. O(items log items).
 */
export function popularitySplit(world: World, headFraction = 0.2): { head: Int32Array; tail: Int32Array; isHead: Uint8Array } {
  if (!(headFraction > 0 && headFraction < 1)) throw new UsageError(`popularitySplit: headFraction must be in (0, 1), got ${headFraction}`);
  const counts = itemCounts(world, 'train');
  const n = world.items.count;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => counts[b] - counts[a] || a - b);
  const headSize = Math.round(n * headFraction);
  const isHead = new Uint8Array(n);
  for (let r = 0; r < headSize; r++) isHead[order[r]] = 1;
  return {
    head: idsWhere(n, (i) => isHead[i] === 1),
    tail: idsWhere(n, (i) => isHead[i] === 0),
    isHead,
  };
}

export const tailItems = (world: World, headFraction = 0.2): Int32Array => popularitySplit(world, headFraction).tail;

function idsWhere(n: number, keep: (id: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let id = 0; id < n; id++) if (keep(id)) out.push(id);
  return Int32Array.from(out);
}
