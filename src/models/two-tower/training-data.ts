/**
 * Training examples of the two-tower model: every train engagement (user, item), with the user's
 * earlier train items as its history. Built from the per-user CSR of the world (time-ordered), so an
 * example's history is the CSR slice before it — never an item the user engaged with later.
 */
import { interactionsByUser, type UserCsr } from '../../data/cohorts.js';
import type { World } from '../../data/world-types.js';
import { pushHistory, type HistoryBatch, type HistoryOptions } from './features.js';

export interface TrainingData {
  csr: UserCsr;
  /** user of each CSR position (= example id) */
  exUser: Int32Array;
  count: number;
}

/** O(users + train interactions). */
export function buildTrainingData(world: World): TrainingData {
  const csr = interactionsByUser(world, 'train');
  const m = csr.items.length;
  const exUser = new Int32Array(m);
  for (let u = 0; u < world.users.count; u++) exUser.fill(u, csr.offsets[u], csr.offsets[u + 1]);
  return { csr, exUser, count: m };
}

/** Histories of a batch of examples (each: items before it in its user's list). O(batch · maxLength). */
export function exampleHistories(data: TrainingData, examples: ArrayLike<number>, h: HistoryOptions): HistoryBatch {
  const items: number[] = [];
  const weights: number[] = [];
  const offsets = new Int32Array(examples.length + 1);
  for (let r = 0; r < examples.length; r++) {
    const p = examples[r];
    pushHistory(data.csr.items, data.csr.offsets[data.exUser[p]], p, h, items, weights);
    offsets[r + 1] = items.length;
  }
  return { offsets, items: Int32Array.from(items), weights: Float32Array.from(weights) };
}

/** Histories at the split (all train items of each user, truncated/weighted by h). */
export function historiesAtSplit(data: TrainingData, users: ArrayLike<number>, h: HistoryOptions): HistoryBatch {
  const items: number[] = [];
  const weights: number[] = [];
  const offsets = new Int32Array(users.length + 1);
  for (let r = 0; r < users.length; r++) {
    const u = users[r];
    pushHistory(data.csr.items, data.csr.offsets[u], data.csr.offsets[u + 1], h, items, weights);
    offsets[r + 1] = items.length;
  }
  return { offsets, items: Int32Array.from(items), weights: Float32Array.from(weights) };
}
