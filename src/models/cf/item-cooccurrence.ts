/**
 * Item-based collaborative filtering on co-occurrence counts (Sarwar et al., WWW 2001; Linden, Smith & York,
 * "Amazon.com recommendations", 2003): two items are similar when the same users engaged with both. Items are
 * one-hot ids — nothing is learned — and the model is the sparse item × item table of cosine-normalised counts
 *
 *   sim(a, b) = C_ab / √(n_a · n_b),   C_ab = users with both a and b,  n_a = users with a,
 *
 * scored for a user as Σ_{h ∈ history} sim(h, j). Only pairs that co-occurred are stored (CSR), so memory is
 * O(Σ_u h_u²) pairs, not O(items²). Built from the train split only; each user's history is capped to the
 * `maxHistory` most recent distinct items so one heavy user cannot add h² pairs. O(Σ_u min(h_u, maxHistory)²).
 */
import { throwIfAborted, UsageError } from '../../core/errors.js';
import { interactionsByUser } from '../../data/cohorts.js';
import type { World } from '../../data/world-types.js';

export interface ItemCooccurrence {
  items: number;
  /** CSR by item: neighbours[offsets[i] .. offsets[i+1]) with their similarities, best first */
  offsets: Int32Array;
  neighbours: Int32Array;
  weights: Float32Array;
  /** users whose capped history holds the item */
  itemUsers: Int32Array;
}

/** The distinct train items of each user, most recent last, capped to the last `maxHistory`. O(interactions). */
export function recentDistinctItems(world: World, maxHistory: number): Int32Array[] {
  if (!(Number.isInteger(maxHistory) && maxHistory >= 2)) throw new UsageError(`recentDistinctItems: maxHistory must be an integer ≥ 2, got ${maxHistory}`);
  const csr = interactionsByUser(world, 'train');
  const out: Int32Array[] = [];
  for (let u = 0; u < world.users.count; u++) {
    const seen = new Set<number>();
    const kept: number[] = [];
    // walk backwards so the most recent engagement of an item decides its place
    for (let p = csr.offsets[u + 1] - 1; p >= csr.offsets[u] && kept.length < maxHistory; p--) {
      const i = csr.items[p];
      if (!seen.has(i)) {
        seen.add(i);
        kept.push(i);
      }
    }
    out.push(Int32Array.from(kept.reverse()));
  }
  return out;
}

/** The table from each user's distinct items (recentDistinctItems) over a catalog of `n` items. */
export async function buildItemCooccurrence(histories: Int32Array[], n: number, signal?: AbortSignal): Promise<ItemCooccurrence> {
  // the users of each item (CSR), so each item's row is counted in one dense scratch array
  const itemUsers = new Int32Array(n);
  for (const h of histories) for (const i of h) itemUsers[i]++;
  const userOffsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) userOffsets[i + 1] = userOffsets[i] + itemUsers[i];
  const usersOf = new Int32Array(userOffsets[n]);
  const fill = userOffsets.slice(0, n);
  histories.forEach((h, u) => h.forEach((i) => (usersOf[fill[i]++] = u)));
  const count = new Int32Array(n);
  const rows: { ids: Int32Array; w: Float32Array }[] = [];
  const offsets = new Int32Array(n + 1);
  for (let a = 0; a < n; a++) {
    const touched: number[] = [];
    for (let p = userOffsets[a]; p < userOffsets[a + 1]; p++) {
      for (const b of histories[usersOf[p]]) {
        if (b === a) continue;
        if (count[b]++ === 0) touched.push(b);
      }
    }
    const sim = (b: number) => count[b] / Math.sqrt(itemUsers[a] * itemUsers[b]);
    touched.sort((x, y) => sim(y) - sim(x) || x - y);
    rows.push({ ids: Int32Array.from(touched), w: Float32Array.from(touched, sim) });
    for (const b of touched) count[b] = 0;
    offsets[a + 1] = offsets[a] + touched.length;
    if ((a & 1023) === 1023) {
      await new Promise((r) => setImmediate(r));
      throwIfAborted(signal);
    }
  }
  const neighbours = new Int32Array(offsets[n]);
  const weights = new Float32Array(offsets[n]);
  rows.forEach((r, a) => {
    neighbours.set(r.ids, offsets[a]);
    weights.set(r.w, offsets[a]);
  });
  return { items: n, offsets, neighbours, weights, itemUsers };
}

/** Bytes of the CSR table as stored: an int32 neighbour id and a float32 weight per pair, plus the offsets. */
export function cooccurrenceBytes(m: ItemCooccurrence): number {
  return m.neighbours.length * 8 + m.offsets.length * 4;
}

/**
 * A user's scores over every item, Σ_{h ∈ history} sim(h, j), into `scores` (length items, overwritten).
 * Returns how many items got a non-zero score. O(Σ_h neighbours(h) + items).
 */
export function scoreUser(m: ItemCooccurrence, history: ArrayLike<number>, scores: Float32Array): number {
  scores.fill(0);
  for (let k = 0; k < history.length; k++) {
    const h = history[k];
    for (let p = m.offsets[h]; p < m.offsets[h + 1]; p++) scores[m.neighbours[p]] += m.weights[p];
  }
  let scored = 0;
  for (let j = 0; j < scores.length; j++) if (scores[j] > 0) scored++;
  return scored;
}
