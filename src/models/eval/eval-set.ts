/**
 * The time-split retrieval test: for each sampled test user, the items they engaged with after the
 * split that they had not engaged with before it (relevant), and their train items (excluded from
 * retrieval — recommending what they already have is not the task). Cohort flags come from
 * src/data/cohorts.ts definitions: warm (≥ 5 train engagements), new (none), tail and cold items.
 */
import type { Rng } from '../../core/rng.js';
import { interactionsByUser, itemCounts, popularitySplit } from '../../data/cohorts.js';
import type { World } from '../../data/world-types.js';

export interface EvalSet {
  users: Int32Array;
  /** relevant test items per sampled user, ascending */
  relevant: Int32Array[];
  /** train items per sampled user (excluded from retrieval) */
  exclude: Set<number>[];
  warm: Uint8Array;
  isNew: Uint8Array;
  /** per item: 1 if in the popularity tail (bottom 80% by train count) */
  isTail: Uint8Array;
  /** per item: 1 if it has no train engagement */
  isCold: Uint8Array;
  trainCounts: Int32Array;
}

export const WARM_MIN_TRAIN = 5;

/** Sample up to maxUsers test users with at least one relevant item. O(interactions + users). */
export function buildEvalSet(world: World, maxUsers: number, rng: Rng): EvalSet {
  const train = interactionsByUser(world, 'train');
  const test = interactionsByUser(world, 'test');
  const candidates: number[] = [];
  const relevantOf = new Map<number, Int32Array>();
  for (let u = 0; u < world.users.count; u++) {
    const seen = new Set<number>();
    for (let p = train.offsets[u]; p < train.offsets[u + 1]; p++) seen.add(train.items[p]);
    const rel = new Set<number>();
    for (let p = test.offsets[u]; p < test.offsets[u + 1]; p++) if (!seen.has(test.items[p])) rel.add(test.items[p]);
    if (rel.size === 0) continue;
    candidates.push(u);
    relevantOf.set(u, Int32Array.from(rel).sort());
  }
  const chosen = candidates.length <= maxUsers
    ? Int32Array.from(candidates)
    : Int32Array.from(rng.sampleWithoutReplacement(candidates.length, maxUsers), (i) => candidates[i]).sort();
  const counts = itemCounts(world, 'train');
  const { isHead } = popularitySplit(world, 0.2);
  const exclude = Array.from(chosen, (u) => new Set(train.items.subarray(train.offsets[u], train.offsets[u + 1])));
  return {
    users: chosen,
    relevant: Array.from(chosen, (u) => relevantOf.get(u)!),
    exclude,
    warm: Uint8Array.from(chosen, (_, r) => (exclude[r].size >= WARM_MIN_TRAIN ? 1 : 0)),
    isNew: Uint8Array.from(chosen, (u) => (train.offsets[u + 1] === train.offsets[u] ? 1 : 0)),
    isTail: Uint8Array.from(isHead, (h) => 1 - h),
    isCold: Uint8Array.from(counts, (c) => (c === 0 ? 1 : 0)),
    trainCounts: counts,
  };
}
