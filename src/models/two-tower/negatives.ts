/**
 * Negatives beyond the batch: uniform samples shared by the batch, and hard negatives mined from the
 * current model's own top retrieved items (excluding the user's train positives).
 *
 * Mining refreshes once per epoch: item vectors for a pool (the whole catalog up to `poolSize`, else a
 * fresh random pool), user vectors for every training user, the top `keep` pool items per user by inner
 * product. Rows then draw their hard negatives from their user's list. Exhaustive scoring is
 * O(users · pool · dim) per refresh, which is why the pool is capped.
 */
import type { Rng } from '../../core/rng.js';
import { topK } from '../../core/vec.js';
import type { TrainingData } from './training-data.js';

export interface HardNegativeStore {
  keep: number;
  /** users × keep item ids (−1 where fewer were found) */
  lists: Int32Array;
}

/** k distinct-ish uniform item ids (with replacement; collisions at k ≪ N are rare and harmless). O(k). */
export function uniformNegatives(rng: Rng, numItems: number, k: number): Int32Array {
  const out = new Int32Array(k);
  for (let j = 0; j < k; j++) out[j] = rng.int(numItems);
  return out;
}

/**
 * Top `keep` pool items per user (all users, or those in `mineFor`; the rest keep −1 and fall back to
 * uniform), skipping the user's train positives. `scoreUsers(users)` returns users.length × pool scores
 * (row-major). O(users · pool) selection on top of the scoring.
 */
export function mineHardNegatives(
  data: TrainingData,
  numUsers: number,
  pool: Int32Array,
  keep: number,
  scoreUsers: (users: Int32Array) => Float32Array,
  mineFor?: Int32Array,
): HardNegativeStore {
  const lists = new Int32Array(numUsers * keep).fill(-1);
  const chunk = 256;
  const P = pool.length;
  const { offsets, items } = data.csr;
  const who = mineFor ?? Int32Array.from({ length: numUsers }, (_, u) => u);
  for (let s = 0; s < who.length; s += chunk) {
    const users = who.subarray(s, Math.min(who.length, s + chunk));
    const scores = scoreUsers(users);
    for (let r = 0; r < users.length; r++) {
      const u = users[r];
      const row = scores.subarray(r * P, (r + 1) * P);
      const positives = new Set<number>();
      for (let p = offsets[u]; p < offsets[u + 1]; p++) positives.add(items[p]);
      const top = topK(row, keep + positives.size);
      let w = 0;
      for (let q = 0; q < top.length && w < keep; q++) {
        const item = pool[top[q]];
        if (!positives.has(item)) lists[u * keep + w++] = item;
      }
    }
  }
  return { keep, lists };
}

/** k hard negatives for user u from the store (uniform fallback where the list is short). O(k). */
export function drawHard(store: HardNegativeStore | null, u: number, k: number, rng: Rng, numItems: number, out: Int32Array, o: number): void {
  for (let j = 0; j < k; j++) {
    let item = -1;
    if (store) item = store.lists[u * store.keep + rng.int(store.keep)];
    out[o + j] = item >= 0 ? item : rng.int(numItems);
  }
}
