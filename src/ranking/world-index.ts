/**
 * What the candidate sources and feature builders read from the world, computed once: every user's
 * interactions in time order, train-period item popularity, and item co-occurrence within user
 * sessions of the train period. Only logged data — never the hidden taste/latent vectors.
 */
import { interactionsByUser, itemCounts, type UserCsr } from '../data/cohorts.js';
import type { World } from '../data/world-types.js';

export interface RankingIndex {
  world: World;
  /** all interactions by user, time order */
  byUser: UserCsr;
  /** engagements per item in the train split */
  itemPopularity: Int32Array;
  /** item ids by train popularity, most popular first */
  popularOrder: Int32Array;
  /** per leaf category: item ids by train popularity (CSR) */
  categoryOffsets: Int32Array;
  categoryItems: Int32Array;
  /** top co-occurring items per item (CSR, best first) and their counts */
  coocOffsets: Int32Array;
  coocItems: Int32Array;
  coocCounts: Float32Array;
}

/**
 * Build the index. Co-occurrence counts pairs of items engaged with by the same user within `window`
 * consecutive train interactions, keeping the top `keep` neighbours per item.
 * O(train interactions · window + items · log items).
 */
export function buildRankingIndex(world: World, opts: { window?: number; keep?: number } = {}): RankingIndex {
  const byUser = interactionsByUser(world, 'all');
  const itemPopularity = itemCounts(world, 'train');
  const n = world.items.count;
  const popularOrder = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => itemPopularity[b] - itemPopularity[a] || a - b);
  const C = world.config.numCategories;
  const categoryOffsets = new Int32Array(C + 1);
  for (let i = 0; i < n; i++) categoryOffsets[world.items.category[i] + 1]++;
  for (let c = 0; c < C; c++) categoryOffsets[c + 1] += categoryOffsets[c];
  const categoryItems = new Int32Array(n);
  const fill = categoryOffsets.slice(0, C);
  for (const i of popularOrder) categoryItems[fill[world.items.category[i]]++] = i;
  const cooc = buildCooccurrence(world, byUser, opts.window ?? 5, opts.keep ?? 20);
  return { world, byUser, itemPopularity, popularOrder, categoryOffsets, categoryItems, ...cooc };
}

function buildCooccurrence(world: World, byUser: UserCsr, window: number, keep: number) {
  const n = world.items.count;
  const maps: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const trainEnd = world.split.trainEndDay;
  for (let u = 0; u < world.users.count; u++) {
    const lo = byUser.offsets[u];
    let hi = byUser.offsets[u + 1];
    while (hi > lo && byUser.times[hi - 1] >= trainEnd) hi--;
    for (let a = lo; a < hi; a++) {
      for (let b = a + 1; b < Math.min(hi, a + 1 + window); b++) {
        const x = byUser.items[a];
        const y = byUser.items[b];
        if (x === y) continue;
        maps[x].set(y, (maps[x].get(y) ?? 0) + 1);
        maps[y].set(x, (maps[y].get(x) ?? 0) + 1);
      }
    }
  }
  const coocOffsets = new Int32Array(n + 1);
  const lists = maps.map((m) => [...m.entries()].sort((p, q) => q[1] - p[1] || p[0] - q[0]).slice(0, keep));
  lists.forEach((l, i) => (coocOffsets[i + 1] = coocOffsets[i] + l.length));
  const coocItems = new Int32Array(coocOffsets[n]);
  const coocCounts = new Float32Array(coocOffsets[n]);
  lists.forEach((l, i) => l.forEach(([j, c], k) => {
    coocItems[coocOffsets[i] + k] = j;
    coocCounts[coocOffsets[i] + k] = c;
  }));
  return { coocOffsets, coocItems, coocCounts };
}

/** End (exclusive) of user u's interactions strictly before `time` (binary search). O(log history). */
export function historyEnd(idx: RankingIndex, u: number, time: number): number {
  let lo = idx.byUser.offsets[u];
  let hi = idx.byUser.offsets[u + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (idx.byUser.times[mid] < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
