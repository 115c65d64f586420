/**
 * The serving path over a sharded index: encode (cached) → fan-out to N shards → merge → features and
 * ranking (full tier) or the retrieval score (cheap tier) → top k. An optional response cache keyed by
 * user stands in for a CDN/Redis cache of whole result lists. Async, because the shards answer from
 * their worker threads.
 */
import { topK } from '../core/vec.js';
import type { World } from '../data/world-types.js';
import type { TimedResult } from './load-generator.js';
import type { ShardedIndex } from '../retrieval/index.js';
import { TtlCache } from './ttl-cache.js';
import type { Components } from './types.js';

export interface ShardedServingOptions {
  candidates: number;
  k: number;
  /** share of requests given the features + full ranker (the rest: retrieval score only) */
  fullRankerFraction: number;
  userCacheTtlMs: number;
  /** TTL of whole cached responses (0 = off) */
  responseCacheTtlMs: number;
  clock: () => number;
  /** deterministic coin per request for the tier, in [0, 1) */
  coin: (requestIndex: number) => number;
}

export interface ShardedTimedResult extends TimedResult {
  items: Int32Array;
  /** the slowest shard's own search time (inside its thread) */
  maxShardMs: number;
  responseCacheHit: boolean;
  stragglers: number;
}

const since = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;

export function createShardedServing(world: World, c: Components, index: ShardedIndex, o: ShardedServingOptions) {
  const userCache = new TtlCache<number, Float32Array>(o.userCacheTtlMs, 1_000_000, o.clock);
  const responses = new TtlCache<number, Int32Array>(o.responseCacheTtlMs, 1_000_000, o.clock);
  const today = world.split.trainEndDay;

  async function send(userId: number, requestIndex: number): Promise<ShardedTimedResult> {
    const start = process.hrtime.bigint();
    const stages = { lookup: 0, encode: 0, candidates: 0, features: 0, rank: 0 };
    let t = start;
    const cached = responses.get(userId);
    stages.lookup = since(t);
    if (cached) return { items: cached, stages, totalMs: since(start), maxShardMs: 0, responseCacheHit: true, stragglers: 0, path: 'cached' };
    t = process.hrtime.bigint();
    let q = userCache.get(userId);
    const hit = q !== undefined;
    if (!q) {
      q = c.encoder.encode(userId);
      userCache.set(userId, q);
    }
    stages.encode = since(t);
    t = process.hrtime.bigint();
    const cand = await index.searchAsync(q, o.candidates, { request: requestIndex });
    stages.candidates = since(t);
    const full = o.coin(requestIndex) < o.fullRankerFraction;
    t = process.hrtime.bigint();
    let scores: ArrayLike<number> = cand.scores;
    if (full) {
      const feats = c.features.assemble(userId, cand.ids, cand.scores, today);
      stages.features = since(t);
      t = process.hrtime.bigint();
      scores = c.ranker.score(feats, cand.ids.length, c.features.names.length);
    }
    const items = Int32Array.from(topK(scores, o.k), (r) => cand.ids[r]);
    responses.set(userId, items);
    stages.rank = since(t);
    return {
      items,
      stages,
      totalMs: since(start),
      maxShardMs: Math.max(...cand.shardMs),
      responseCacheHit: false,
      stragglers: cand.stragglers,
      path: full ? 'full' : 'cheap',
      encoderCacheHit: hit,
    };
  }

  return { send, responses, userCache };
}
