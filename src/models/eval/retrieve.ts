/**
 * Top-K retrieval for evaluation: exact inner-product search (tfjs matMul in chunks, then a heap
 * top-K in JS with the user's train items removed) and HNSW through the retrieval layer's AnnIndex.
 * Exact search is the reference; the gap between the two is the recall lost to approximation.
 */
import { topK } from '../../core/vec.js';
import { createHnswInSpace, type AnnIndex, type HnswSpace } from '../../retrieval/index.js';
import { getTf } from '../tf-backend.js';
import type { EvalSet } from './eval-set.js';

const USER_CHUNK = 64;

/**
 * For each eval user (query row r of `queries`, n × d), the K best items by q·v excluding set.exclude[r].
 * O(n · N · d) for the products (tfjs), O(n · N log K) for the selection. Rows are padded with −1.
 * `onRow(r, scores)`, when given, sees each user's full score row (excluded items at −∞) before it is dropped.
 */
export async function retrieveExact(
  set: EvalSet, queries: Float32Array, items: Float32Array, d: number, K: number,
  onRow?: (r: number, scores: Float32Array) => void,
): Promise<Int32Array> {
  const { tf } = await getTf({ gradients: false });
  const n = set.users.length;
  const N = items.length / d;
  const out = new Int32Array(n * K).fill(-1);
  const vt = tf.tidy(() => tf.transpose(tf.tensor2d(items, [N, d])));
  try {
    for (let s = 0; s < n; s += USER_CHUNK) {
      const m = Math.min(USER_CHUNK, n - s);
      const t = tf.tidy(() => tf.matMul(tf.tensor2d(queries.subarray(s * d, (s + m) * d), [m, d]), vt));
      const scores = t.dataSync() as Float32Array;
      t.dispose();
      for (let r = 0; r < m; r++) {
        const row = scores.subarray(r * N, (r + 1) * N);
        for (const i of set.exclude[s + r]) row[i] = -Infinity;
        onRow?.(s + r, row);
        out.set(topK(row, K), (s + r) * K);
      }
    }
  } finally {
    vt.dispose();
  }
  return out;
}

/** Score a single item list as the same ranking for every user (popularity), minus each user's train items. O(n · K + N log K). */
export function retrieveGlobal(set: EvalSet, itemScores: ArrayLike<number>, K: number): Int32Array {
  const n = set.users.length;
  const ranked = topK(itemScores, Math.min(itemScores.length, K + 2000));
  const out = new Int32Array(n * K).fill(-1);
  for (let r = 0; r < n; r++) {
    let w = 0;
    for (let q = 0; q < ranked.length && w < K; q++) if (!set.exclude[r].has(ranked[q])) out[r * K + w++] = ranked[q];
  }
  return out;
}

/**
 * For each eval user, the K best items by a score the caller writes into `scores` (one value per item), minus the
 * user's train items: for models that are not an inner product (co-occurrence counts). O(n · (score + N log K)).
 */
export function retrieveByScores(set: EvalSet, items: number, K: number, scoreInto: (row: number, user: number, scores: Float32Array) => void): Int32Array {
  const out = new Int32Array(set.users.length * K).fill(-1);
  const scores = new Float32Array(items);
  for (let r = 0; r < set.users.length; r++) {
    scoreInto(r, set.users[r], scores);
    for (const i of set.exclude[r]) scores[i] = -Infinity;
    out.set(topK(scores, K), r * K);
  }
  return out;
}

export interface HnswRetrieval {
  lists: Int32Array;
  /** the index searched (built here unless one was passed in): time its queries with src/measure */
  index: AnnIndex;
  buildMs: number;
  indexBytes: number;
}

/** How many ids to ask HNSW for on behalf of eval user r: K plus the user's excluded items (they are filtered out after). */
export function hnswQueryK(set: EvalSet, r: number, K: number, N: number): number {
  return Math.min(N, K + set.exclude[r].size);
}

/**
 * The search beam for eval user r: `ef` candidates beyond the user's excluded items, never fewer than the ids asked
 * for. The excluded items (a user's training history, often hundreds) take beam slots too, so a plain ef below
 * K + excluded would be raised to it for every such user and the knob would do nothing.
 */
export function hnswQueryEf(set: EvalSet, r: number, K: number, N: number, ef: number): number {
  return Math.max(hnswQueryK(set, r, K, N), set.exclude[r].size + ef);
}

/**
 * Build an HNSW index over `items` (inner product; `space` ip-as-l2 builds it in L2 on augmented vectors, see
 * src/retrieval/mips-as-l2.ts) — a whole-stage wall time — and retrieve each user's top K through it, over-fetching by
 * the user's excluded count. Per-query latency is not taken here: a timed loop belongs to src/measure.
 */
export function retrieveHnsw(
  set: EvalSet, queries: Float32Array, items: Float32Array, d: number, K: number,
  opts: { M?: number; efConstruction?: number; ef?: number; space?: HnswSpace; index?: AnnIndex } = {},
): HnswRetrieval {
  const N = items.length / d;
  const t0 = performance.now();
  const index = opts.index ?? createHnswInSpace(opts.space ?? 'ip', { dim: d, maxElements: N, M: opts.M ?? 16, efConstruction: opts.efConstruction ?? 100 });
  if (!opts.index) index.addBatch(items);
  const buildMs = performance.now() - t0;
  const n = set.users.length;
  const out = new Int32Array(n * K).fill(-1);
  for (let r = 0; r < n; r++) {
    const k = hnswQueryK(set, r, K, N);
    const res = index.search(queries.subarray(r * d, (r + 1) * d), k, { ef: hnswQueryEf(set, r, K, N, opts.ef ?? 0) });
    let w = 0;
    for (let q = 0; q < res.ids.length && w < K; q++) {
      const id = res.ids[q];
      if (id >= 0 && !set.exclude[r].has(id)) out[r * K + w++] = id;
    }
  }
  return { lists: out, index, buildMs, indexBytes: index.memoryBytes() };
}
