/**
 * The design review's serving choices beyond the stack buildServingStack gives: a neural ranker (alone, or as the
 * head of a GBDT → NN cascade), a sharded index whose shards answer from worker threads, and the open-loop load test
 * over whichever path the design built. The recommender runs the same path for every choice; only the parts differ.
 */
import { UsageError } from '../core/errors.js';
import type { World } from '../data/world-types.js';
import type { EvalSet } from '../models/eval/eval-set.js';
import { createAnnIndex, createShardedExactIndex, createShardedIndex, type ShardedExactIndex, type ShardedIndex } from '../retrieval/index.js';
import { NnServingRanker, servingRankingData } from '../serving/adapters.js';
import type { BuiltStack } from '../serving/build-components.js';
import { runLoad, SimClock, type TimedResult } from '../serving/load-generator.js';
import { createRecommender, type Recommender, type RecommenderOptions } from '../serving/recommender.js';
import { TtlCache } from '../serving/ttl-cache.js';
import type { AsyncCandidateSource, Recommendation } from '../serving/types.js';
import { num, str } from './param-readers.js';
import { nnRankerOptions } from './ranker-common.js';
import type { ExperimentContext } from './types.js';

export type RankerChoice = 'gbdt' | 'nn' | 'hybrid';
export const RANKER_CHOICES: readonly RankerChoice[] = ['gbdt', 'nn', 'hybrid'];

export function rankerChoice(ctx: ExperimentContext): RankerChoice {
  const r = str(ctx, 'ranker');
  if (!(RANKER_CHOICES as readonly string[]).includes(r)) throw new UsageError(`design-review: ranker must be one of ${RANKER_CHOICES.join(', ')}, got ${r}`);
  return r as RankerChoice;
}

/**
 * The neural ranker on the same training rows as the serving GBDT (300 sampled users × 100 candidates, label: in the
 * user's train history), the same network and optimiser settings as ranker-gbdt-vs-nn. `nn`: it replaces the stack's
 * linear placeholder; `hybrid`: the GBDT stays and the network re-scores its best hybridHead candidates per request.
 * Returns the network's weight count (4 bytes each at serving time).
 */
export async function trainNeuralRanker(ctx: ExperimentContext, world: World, stack: BuiltStack, role: 'nn' | 'hybrid'): Promise<number> {
  const t0 = performance.now();
  const { trainNnRanker } = await import('../models/nn-ranker/nn-ranker.js');
  const data = servingRankingData(world, { ...stack.components, histories: stack.histories }, { users: 300, candidates: 100 }, ctx.rng('nn-ranker-data'));
  const hidden = num(ctx, 'nnHidden');
  const model = await trainNnRanker(data, nnRankerOptions(ctx, 'train the neural ranker'));
  const net = `neural (2 cross layers, hidden ${hidden}/${Math.max(1, hidden >> 1)}, ${num(ctx, 'nnEpochs')} epochs, ${model.backend}, ${model.paramCount} weights)`;
  const features = stack.components.features.names.length;
  let note: string;
  if (role === 'nn') {
    stack.components.ranker = new NnServingRanker(model);
    stack.buildMs.ranker = performance.now() - t0;
    note = `ranker: ${net} over ${features} serving features, trained on the serving GBDT's rows; scored per request through tfjs`;
  } else {
    const head = num(ctx, 'hybridHead');
    stack.components.headRanker = { ranker: new NnServingRanker(model), head };
    stack.buildMs.ranker += performance.now() - t0;
    note = `ranker: hybrid cascade — the lambdarank GBDT orders every candidate, then a ${net} re-orders the GBDT's best ${head} (stage rank_head), above the rest; both over the same ${features} serving features. (The guide's other "hybrid", embeddings fed to the GBDT as features, is what ranker-hybrid measures; the serving GBDT here already reads the retrieval score, the two towers' dot product.)`;
  }
  const i = stack.notes.findIndex((n) => n.startsWith('ranker:'));
  if (role === 'nn' && i >= 0) stack.notes[i] = note;
  else stack.notes.push(note);
  return model.paramCount;
}

export interface ShardedServing {
  index: ShardedIndex | ShardedExactIndex;
  source: AsyncCandidateSource;
  /** Σ over shards of their own search time, summed over every search since the last reset */
  shardMs: { total: number; searches: number; reset(): void };
  buildMs: number;
}

/**
 * The catalog split into `shards` (createShardedIndex: HNSW shards in worker threads with the design's M,
 * efConstruction and ef; exact: the sharded exact twin on this thread) as the recommender's async candidate source.
 * Shards beyond the items are refused by the index with the allowed range.
 */
export async function shardedServing(ctx: ExperimentContext, stack: BuiltStack, ann: 'hnsw' | 'exact', shards: number): Promise<ShardedServing> {
  const { itemVectors, dim } = stack.components;
  const t0 = performance.now();
  const workers = ann === 'hnsw' ? await createShardedIndex(itemVectors, dim, { shards, M: num(ctx, 'M'), efConstruction: num(ctx, 'efConstruction'), ef: num(ctx, 'ef'), seed: ctx.seed }) : null;
  const index = workers ?? createShardedExactIndex(itemVectors, dim, { shards });
  const buildMs = performance.now() - t0;
  const shardMs = { total: 0, searches: 0, reset() { this.total = 0; this.searches = 0; } };
  const source: AsyncCandidateSource = {
    name: `${ann} in ${shards} shards (src/retrieval${workers ? ', one worker thread each' : ', this thread'})`,
    async searchAsync(query, k) {
      if (!workers) return index.searchAsync(query, k);
      const r = await workers.searchAsync(query, k);
      shardMs.total += r.shardMs.reduce((a, b) => a + b, 0);
      shardMs.searches++;
      return { ids: r.ids, scores: r.scores, mergeMs: r.mergeMs };
    },
  };
  return { index, source, shardMs, buildMs };
}

/** One request of the design's path: through the shards when it has them, else the in-process index. */
export type Serve = (rec: Recommender, userId: number, k: number) => Recommendation | Promise<Recommendation>;
export const serveWith = (sharded: ShardedServing | null): Serve =>
  sharded ? (rec, u, k) => rec.recommendAsync(sharded.source, u, { k }) : (rec, u, k) => rec.recommend(u, { k });

/** The design served open loop at its target QPS (after the batch job, when freshness is batch). */
export async function serveOpenLoop(ctx: ExperimentContext, world: World, stack: BuiltStack, options: RecommenderOptions, sharded: ShardedServing | null, k: number, qps: number, requests: number) {
  const rng = ctx.rng('load-users');
  const activeUsers = Math.min(num(ctx, 'activeUsers'), world.users.count);
  const pool = Int32Array.from({ length: activeUsers }, () => rng.int(world.users.count));
  const users = Int32Array.from({ length: requests }, () => pool[rng.int(pool.length)]);
  const clock = new SimClock();
  const rec = createRecommender(world, stack.components, { ...options, clock: clock.now });
  const serve = serveWith(sharded);
  const batch = str(ctx, 'freshness') === 'batch';
  const precomputed = batch
    ? await ctx.stage("batch: precompute the active users' lists", async () => (sharded ? rec.precomputeAsync(sharded.source, pool, k) : rec.precompute(pool, k)))
    : null;
  let short = 0;
  // a response cache in front of the request path: a hit is a lookup of the list the user saw last time
  const responseTtlMs = num(ctx, 'responseCacheTtlS') * 1000;
  const responses = responseTtlMs > 0 ? new TtlCache<number, Int32Array>(responseTtlMs, 1_000_000, clock.now) : null;
  const finish = (u: number, r: number, res: Recommendation): TimedResult => {
    responses?.set(u, res.items);
    if (r >= 0 && res.items.length < k) short++;
    return res;
  };
  const LOAD = `open-loop load at ${qps} req/s`;
  let timing = false;
  const report = await ctx.stage(LOAD, () =>
    runLoad({
      send: (u, r): TimedResult | Promise<TimedResult> => {
        if (r >= 0 && !timing) {
          // the shards' own search times from the first timed request on (for the CPU cost on paper)
          timing = true;
          sharded?.shardMs.reset();
        }
        const t0 = process.hrtime.bigint();
        const cached = responses?.get(u);
        if (cached) {
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          return { totalMs: ms, stages: { lookup: ms }, path: 'cached' };
        }
        const res = serve(rec, u, k);
        return res instanceof Promise ? res.then((v) => finish(u, r, v)) : finish(u, r, res);
      },
      users,
      requests,
      mode: 'open',
      rate: qps,
      arrivals: 'poisson',
      rng: ctx.rng('arrivals'),
      warmup: num(ctx, 'warmup'),
      clock,
      signal: ctx.signal,
      onProgress: async (done) => {
        ctx.progress(LOAD, done / requests);
        await ctx.tick();
      },
    }),
  );
  return { report, rec, pool, precomputed, short: short / requests, cachedResponses: responses?.size ?? 0 };
}

/** Queries per exact search call: the native kernel reads the catalog once per block, for all of its queries. */
const EXACT_BLOCK = 50;

/**
 * Each eval user's best K items by exact inner product over `items`, its train items left out (row r at [r·K, (r+1)·K),
 * −1 padded): what retrieveExact computes, on the exact AnnIndex of src/retrieval, whose native kernel scores a block of
 * users in one pass over the catalog (at 1M × 64, retrieveExact's tfjs matMul took 14.8 s of CPU per 200 users on a
 * busy machine — most of the review at full scale). Scores, and so the order, are the index's (exact-js.ts bit for bit).
 */
export async function exactLists(set: EvalSet, queries: Float32Array, items: Float32Array, dim: number, K: number, tick: () => Promise<void>): Promise<Int32Array> {
  const N = items.length / dim;
  const index = createAnnIndex({ kind: 'exact', dim, metric: 'ip', maxElements: N });
  index.addBatch(items);
  const n = set.users.length;
  const out = new Int32Array(n * K).fill(-1);
  for (let s = 0; s < n; s += EXACT_BLOCK) {
    const e = Math.min(n, s + EXACT_BLOCK);
    let k = 0;
    for (let r = s; r < e; r++) k = Math.max(k, K + set.exclude[r].size);
    k = Math.min(k, N);
    const got = index.searchBatch(queries.subarray(s * dim, e * dim), k);
    for (let r = s; r < e; r++) {
      let w = 0;
      for (let j = (r - s) * k; j < (r - s + 1) * k && w < K; j++) {
        const id = got.ids[j];
        if (id >= 0 && !set.exclude[r].has(id)) out[r * K + w++] = id;
      }
    }
    await tick();
  }
  return out;
}
