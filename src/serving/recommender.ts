/**
 * The request path, timed stage by stage:
 *   encode user (TTL cache) → ANN candidates (→ merge, when the shards answer from workers) → feature assembly →
 *   ranking (→ a cascade's head ranker) → re-ranking → rules.
 * Knobs: candidates, ef, re-ranker, cache TTL, tiered serving (cheap ranker for most requests, full
 * for a fraction) and batch precomputation versus real time.
 */
import { UsageError } from '../core/errors.js';
import { dppGreedy, mmr, capPerCategory, freshnessBoost } from '../core/diversity/index.js';
import type { World } from '../data/world-types.js';
import { TtlCache } from './ttl-cache.js';
import { STAGES, type AsyncCandidateSource, type Components, type Histories, type Recommendation, type ReRankerKind, type StageName } from './types.js';

export interface RecommenderOptions {
  /** candidates fetched from the ANN index (default 200) */
  candidates?: number;
  /** HNSW ef, passed to the candidate source when it has one */
  ef?: number;
  reranker?: ReRankerKind;
  /** MMR λ (default 0.7) */
  lambda?: number;
  /** DPP θ (default 0.7) */
  theta?: number;
  /** how many of the best-ranked candidates the re-ranker looks at (default 100) */
  rerankPool?: number;
  /** business rule: at most this many items per leaf category in the response (0 = off) */
  maxPerCategory?: number;
  /** business rule: freshness boost weight added to the rank score (0 = off) and its half-life in days */
  freshnessWeight?: number;
  freshnessHalfLifeDays?: number;
  /**
   * business rule: drop the candidates a user already engaged with (these train histories), right after retrieval so
   * the ranker and re-ranker choose among new items; its time is charged to the rules stage (default: off)
   */
  seen?: Histories;
  /** user-embedding cache TTL in ms of the clock (0 = no cache; default 3 600 000, the guide's hour) */
  userCacheTtlMs?: number;
  userCacheMaxEntries?: number;
  /** share of requests given the full ranker; the rest are ranked by the retrieval score alone (default 1) */
  fullRankerFraction?: number;
  /** the simulated "today" for feature ages, in world days (default: the end of the train split) */
  today?: number;
  /** clock for the cache TTL, in ms (default performance.now; a load test passes simulated time) */
  clock?: () => number;
}

export interface Recommender {
  recommend(userId: number, request: { k: number }): Recommendation;
  /** batch mode: compute and store the full-path lists of these users; later calls for them are lookups */
  precompute(userIds: ArrayLike<number>, k: number): { ms: number; bytes: number };
  /** recommend and precompute with the candidates from an async source (a sharded index's worker shards) */
  recommendAsync(source: AsyncCandidateSource, userId: number, request: { k: number }): Promise<Recommendation>;
  precomputeAsync(source: AsyncCandidateSource, userIds: ArrayLike<number>, k: number): Promise<{ ms: number; bytes: number }>;
  clearPrecomputed(): void;
  readonly cache: TtlCache<number, Float32Array>;
  readonly options: Required<Omit<RecommenderOptions, 'clock' | 'ef' | 'seen'>> & { ef?: number };
}

const now = (): bigint => process.hrtime.bigint();
const ms = (a: bigint, b: bigint): number => Number(b - a) / 1e6;

function resolve(options: RecommenderOptions, world: World): Recommender['options'] {
  const o = {
    candidates: options.candidates ?? 200,
    ef: options.ef,
    reranker: options.reranker ?? 'none',
    lambda: options.lambda ?? 0.7,
    theta: options.theta ?? 0.7,
    rerankPool: options.rerankPool ?? 100,
    maxPerCategory: options.maxPerCategory ?? 0,
    freshnessWeight: options.freshnessWeight ?? 0,
    freshnessHalfLifeDays: options.freshnessHalfLifeDays ?? 7,
    userCacheTtlMs: options.userCacheTtlMs ?? 3_600_000,
    userCacheMaxEntries: options.userCacheMaxEntries ?? 100_000,
    fullRankerFraction: options.fullRankerFraction ?? 1,
    today: options.today ?? world.split.trainEndDay,
  };
  if (!Number.isInteger(o.candidates) || o.candidates < 1) throw new UsageError(`recommender: candidates must be an integer ≥ 1, got ${o.candidates}`);
  if (!['none', 'mmr', 'dpp'].includes(o.reranker)) throw new UsageError(`recommender: reranker must be none, mmr or dpp, got ${o.reranker}`);
  if (!Number.isInteger(o.rerankPool) || o.rerankPool < 1) throw new UsageError(`recommender: rerankPool must be an integer ≥ 1, got ${o.rerankPool}`);
  if (!Number.isInteger(o.maxPerCategory) || o.maxPerCategory < 0) throw new UsageError(`recommender: maxPerCategory must be an integer ≥ 0, got ${o.maxPerCategory}`);
  if (!(o.fullRankerFraction >= 0 && o.fullRankerFraction <= 1)) throw new UsageError(`recommender: fullRankerFraction must be in [0, 1], got ${o.fullRankerFraction}`);
  return o;
}

/** A deterministic coin per request (splitmix-style hash), so tier choice does not need a random stream. */
function requestCoin(counter: number): number {
  let z = (counter + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return ((z ^ (z >>> 16)) >>> 0) / 2 ** 32;
}

/** Min–max scale to [0, 1] so λ and θ weigh relevance against similarity (also in [−1, 1]) the same way whatever the ranker's scale. */
function unitScale(scores: ArrayLike<number>): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    lo = Math.min(lo, scores[i]);
    hi = Math.max(hi, scores[i]);
  }
  const span = hi - lo;
  return Float64Array.from(scores, (s) => (span > 0 ? (s - lo) / span : 0));
}

/** The candidates minus the items in the user's history (the "already seen" rule). O(history + candidates). */
function withoutSeen(cand: { ids: Int32Array; scores: Float32Array }, seen: Histories, userId: number): { ids: Int32Array; scores: Float32Array } {
  const from = seen.offsets[userId];
  const to = seen.offsets[userId + 1];
  if (to === from) return cand;
  const drop = new Set(seen.items.subarray(from, to));
  const keep: number[] = [];
  for (let r = 0; r < cand.ids.length; r++) if (!drop.has(cand.ids[r])) keep.push(r);
  if (keep.length === cand.ids.length) return cand;
  return { ids: Int32Array.from(keep, (r) => cand.ids[r]), scores: Float32Array.from(keep, (r) => cand.scores[r]) };
}

/**
 * Build a recommender over a world and its components. Every call to `recommend` is synchronous and
 * times its stages with process.hrtime.bigint; `totalMs` is measured around the whole call, so
 * totalMs − Σ stages is the glue the stage timers do not see.
 */
export function createRecommender(world: World, components: Components, options: RecommenderOptions = {}): Recommender {
  const o = resolve(options, world);
  const clock = options.clock ?? (() => performance.now());
  const cache = new TtlCache<number, Float32Array>(o.userCacheTtlMs, o.userCacheMaxEntries, clock);
  if (o.ef !== undefined) components.candidates.setEf?.(o.ef);
  const precomputed = new Map<number, { k: number; items: Int32Array }>();
  let counter = 0;

  function rerank(ids: Int32Array, scores: Float64Array, take: number): Int32Array {
    const { dim, itemVectors } = components;
    const pool = Math.min(o.rerankPool, ids.length);
    const order = Array.from(ids.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
    if (o.reranker === 'none') return Int32Array.from(order, (r) => ids[r]);
    const emb = new Float32Array(pool * dim);
    for (let p = 0; p < pool; p++) emb.set(itemVectors.subarray(ids[order[p]] * dim, ids[order[p]] * dim + dim), p * dim);
    const relevance = unitScale(order.slice(0, pool).map((r) => scores[r]));
    const picked = o.reranker === 'mmr'
      ? mmr({ relevance, embeddings: emb, dim, k: take, lambda: o.lambda })
      : dppGreedy({ relevance, embeddings: emb, dim, k: take, theta: o.theta });
    const out = Array.from(picked, (p) => ids[order[p]]);
    // then every other candidate in rank order: DPP may stop early (at the rank of the similarity matrix),
    // and a category cap downstream may need more than `take` items to fill k slots
    const seen = new Set(out);
    for (let p = 0; p < order.length; p++) if (!seen.has(ids[order[p]])) out.push(ids[order[p]]);
    return Int32Array.from(out);
  }

  function encodeStep(userId: number, stages: Record<StageName, number>): { query: Float32Array; hit: boolean } {
    const t0 = now();
    let query = cache.get(userId);
    const hit = query !== undefined;
    if (!query) {
      query = components.encoder.encode(userId);
      cache.set(userId, query);
    }
    stages.encode = ms(t0, now());
    return { query, hit };
  }

  /** A cascade's second pass: the head ranker orders the best `head` rows, above every other row. O(n log n + head). */
  function rescoreHead(scores: Float64Array, feats: Float32Array, F: number): Float64Array {
    const { ranker, head } = components.headRanker!;
    const n = scores.length;
    const h = Math.min(head, n);
    const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
    const rows = new Float32Array(h * F);
    for (let j = 0; j < h; j++) rows.set(feats.subarray(order[j] * F, (order[j] + 1) * F), j * F);
    const second = ranker.score(rows, h, F);
    let tailMax = -Infinity;
    for (let j = h; j < n; j++) tailMax = Math.max(tailMax, scores[order[j]]);
    let headMin = Infinity;
    for (let j = 0; j < h; j++) headMin = Math.min(headMin, second[j]);
    const out = Float64Array.from(scores);
    // shifted so the head's lowest sits just above the tail's highest: one scale for the re-ranker's relevance
    const shift = n > h ? tailMax - headMin + 1e-6 : 0;
    for (let j = 0; j < h; j++) out[order[j]] = second[j] + shift;
    return out;
  }

  /** Everything after retrieval: seen-items rule, features, ranking (and a cascade's head), re-ranking, rules. */
  function afterCandidates(userId: number, k: number, found: { ids: Int32Array; scores: Float32Array }, stages: Record<StageName, number>, cheap: boolean): Int32Array {
    let cand = found;
    let t0 = now();
    let t1: bigint;
    if (options.seen) {
      cand = withoutSeen(cand, options.seen, userId);
      t1 = now();
      stages.rules = ms(t0, t1);
      t0 = t1;
    }
    let scores: Float64Array;
    let headMs = 0;
    if (cheap) {
      scores = Float64Array.from(cand.scores);
    } else {
      const F = components.features.names.length;
      const feats = components.features.assemble(userId, cand.ids, cand.scores, o.today);
      t1 = now();
      stages.features = ms(t0, t1);
      t0 = t1;
      scores = components.ranker.score(feats, cand.ids.length, F);
      if (components.headRanker && cand.ids.length > 0) {
        const h0 = now();
        scores = rescoreHead(scores, feats, F);
        headMs = ms(h0, now());
      }
    }
    if (o.freshnessWeight > 0) {
      const created = Float32Array.from(cand.ids, (i) => world.items.createdDay[i]);
      scores = freshnessBoost(scores, created, o.today, o.freshnessHalfLifeDays, o.freshnessWeight);
    }
    t1 = now();
    stages.rank = ms(t0, t1) - headMs;
    stages.rank_head = headMs;
    // the re-ranker picks k (a few more when a category cap will drop some); the pool's rest follows in rank order
    const take = o.maxPerCategory > 0 ? Math.min(cand.ids.length, 2 * k) : k;
    const reranked = rerank(cand.ids, scores, take);
    t0 = now();
    stages.rerank = ms(t1, t0);
    const items = o.maxPerCategory > 0 ? capPerCategory(reranked, world.items.category, o.maxPerCategory, k) : reranked.slice(0, k);
    stages.rules += ms(t0, now());
    return items;
  }

  function fullPath(userId: number, k: number, stages: Record<StageName, number>, cheap: boolean): { items: Int32Array; hit: boolean } {
    const { query, hit } = encodeStep(userId, stages);
    const t0 = now();
    const cand = components.candidates.search(query, o.candidates);
    stages.candidates = ms(t0, now());
    return { items: afterCandidates(userId, k, cand, stages, cheap), hit };
  }

  /** The same path with the candidates from another thread: the wait minus the merge is the candidates stage. */
  async function fullPathAsync(source: AsyncCandidateSource, userId: number, k: number, stages: Record<StageName, number>, cheap: boolean): Promise<{ items: Int32Array; hit: boolean }> {
    const { query, hit } = encodeStep(userId, stages);
    const t0 = now();
    const cand = await source.searchAsync(query, o.candidates);
    const waited = ms(t0, now());
    stages.merge = Math.min(waited, cand.mergeMs ?? 0);
    stages.candidates = waited - stages.merge;
    return { items: afterCandidates(userId, k, cand, stages, cheap), hit };
  }

  /** The start of every request: check k, zero the stage timers, answer from the batch store when it holds enough. */
  function begin(userId: number, k: number, start: bigint): { stages: Record<StageName, number>; batch: Recommendation | null } {
    if (!Number.isInteger(k) || k < 1) throw new UsageError(`recommend: k must be an integer ≥ 1, got ${k}`);
    const stages = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<StageName, number>;
    const stored = precomputed.get(userId);
    if (!stored || stored.k < k) return { stages, batch: null };
    const items = stored.items.slice(0, k);
    stages.lookup = ms(start, now());
    return { stages, batch: { userId, items, stages, totalMs: ms(start, now()), path: 'batch', encoderCacheHit: false } };
  }

  function recommend(userId: number, request: { k: number }): Recommendation {
    const start = now();
    const { k } = request;
    const { stages, batch } = begin(userId, k, start);
    if (batch) return batch;
    const cheap = requestCoin(counter++) >= o.fullRankerFraction;
    const { items, hit } = fullPath(userId, k, stages, cheap);
    return { userId, items, stages, totalMs: ms(start, now()), path: cheap ? 'cheap' : 'full', encoderCacheHit: hit };
  }

  async function recommendAsync(source: AsyncCandidateSource, userId: number, request: { k: number }): Promise<Recommendation> {
    const start = now();
    const { k } = request;
    const { stages, batch } = begin(userId, k, start);
    if (batch) return batch;
    const cheap = requestCoin(counter++) >= o.fullRankerFraction;
    const { items, hit } = await fullPathAsync(source, userId, k, stages, cheap);
    return { userId, items, stages, totalMs: ms(start, now()), path: cheap ? 'cheap' : 'full', encoderCacheHit: hit };
  }

  function precompute(userIds: ArrayLike<number>, k: number): { ms: number; bytes: number } {
    const start = now();
    const stages = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<StageName, number>;
    for (let r = 0; r < userIds.length; r++) precomputed.set(userIds[r], { k, items: fullPath(userIds[r], k, stages, false).items });
    return { ms: ms(start, now()), bytes: userIds.length * k * 4 };
  }

  async function precomputeAsync(source: AsyncCandidateSource, userIds: ArrayLike<number>, k: number): Promise<{ ms: number; bytes: number }> {
    const start = now();
    const stages = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<StageName, number>;
    for (let r = 0; r < userIds.length; r++) precomputed.set(userIds[r], { k, items: (await fullPathAsync(source, userIds[r], k, stages, false)).items });
    return { ms: ms(start, now()), bytes: userIds.length * k * 4 };
  }

  return { recommend, recommendAsync, precompute, precomputeAsync, clearPrecomputed: () => precomputed.clear(), cache, options: o };
}
