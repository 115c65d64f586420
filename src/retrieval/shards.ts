/**
 * How an index is split into shards and put back together: contiguous row ranges, and the merge of the shards'
 * best-first lists. Every sharded index (in-thread HNSW shards, worker shards, the exact twin) uses these two, so
 * they split the same rows and break ties the same way.
 */
import type { AnnSearchResult } from './ann-types.js';

/** Row ranges [from, to) of `shards` contiguous, near-equal slices of `rows` rows. */
export function shardBounds(rows: number, shards: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < shards; s++) out.push([Math.floor((s * rows) / shards), Math.floor(((s + 1) * rows) / shards)]);
  return out;
}

/**
 * Merge best-first lists (one per shard) into the overall best k: by score, larger first, and on equal scores the
 * lower id first, so the result does not depend on the order the lists come in (worker shards answer in any order).
 * O(L log L) for L entries listed.
 */
export function mergeTopK(parts: readonly AnnSearchResult[], k: number): AnnSearchResult {
  const all: { id: number; score: number }[] = [];
  for (const p of parts) for (let i = 0; i < p.ids.length; i++) all.push({ id: p.ids[i], score: p.scores[i] });
  all.sort((a, b) => b.score - a.score || a.id - b.id);
  const m = Math.min(k, all.length);
  const ids = new Int32Array(m);
  const scores = new Float32Array(m);
  for (let i = 0; i < m; i++) {
    ids[i] = all[i].id;
    scores[i] = all[i].score;
  }
  return { ids, scores };
}
