/**
 * The sharded index's exact twin: the same row split and the same merge, with brute force (ExactIndex) in place of
 * each shard's HNSW graph, on this thread. What the sharded index returns short of this is what its graphs missed,
 * as hnswlib tests its index against bruteforce.h; and this twin's answer equals one unsharded ExactIndex's, which
 * tests the split and the merge on their own.
 */
import { UsageError } from '../core/errors.js';
import { resolveAnnOptions } from './ann-options.js';
import type { AnnMetric, AnnSearchOptions, AnnSearchResult, AsyncAnnIndex } from './ann-types.js';
import { ExactIndex } from './exact.js';
import { mergeTopK, shardBounds } from './shards.js';

export interface ShardedExactIndex extends AsyncAnnIndex {
  readonly shards: number;
}

/** Exact search over `vectors` (items × dim) split into `shards` slices; ids are row numbers. */
export function createShardedExactIndex(vectors: Float32Array, dim: number, options: { shards: number; metric?: AnnMetric }): ShardedExactIndex {
  const n = vectors.length / dim;
  const { shards } = options;
  if (!Number.isInteger(shards) || shards < 1 || shards > n) throw new UsageError(`createShardedExactIndex: shards must be an integer in [1, ${n}], got ${shards}`);
  const metric = options.metric ?? 'ip';
  const parts = shardBounds(n, shards).map(([from, to]) => {
    const index = new ExactIndex(resolveAnnOptions({ kind: 'exact', dim, metric, maxElements: Math.max(1, to - from) }));
    index.addBatch(vectors.subarray(from * dim, to * dim), Int32Array.from({ length: to - from }, (_, r) => from + r));
    return index;
  });
  return {
    kind: 'exact',
    dim,
    metric,
    size: n,
    shards,
    searchAsync: async (query: Float32Array, k: number, opts?: AnnSearchOptions): Promise<AnnSearchResult> =>
      mergeTopK(parts.map((p) => p.search(query, k, opts)), k),
    close: async () => {},
  };
}
