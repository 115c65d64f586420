/**
 * scale-out: the item index split into N shards searched in worker threads, fan-out and merge — the
 * tail-at-scale effect (a request waits for its slowest shard) measured against shard count, with
 * simulated stragglers, and what a response cache and a cheap ranking tier buy.
 */
import { recordTwoTowerEngine } from './two-tower-engine.js';
import { summariseLatency, type LatencySummary } from '../core/stats.js';
import { cpus } from 'node:os';
import { buildServingStack, type BuiltStack } from '../serving/build-components.js';
import { measureNoiseFloor, runLoad, SimClock, type LoadReport } from '../serving/load-generator.js';
import { createShardedIndex } from '../retrieval/index.js';
import { createShardedServing, type ShardedTimedResult } from '../serving/sharded-recommender.js';
import type { World } from '../data/world-types.js';
import type { Experiment, ExperimentContext } from './types.js';
import { num } from './param-readers.js';

const r3 = (v: number): number => Math.round(v * 1000) / 1000;

interface Measured {
  report: LoadReport;
  buildMs: number;
  slowShare: number;
  responseHitRate: number;
  maxShard: LatencySummary | null;
}

async function measure(ctx: ExperimentContext, world: World, stack: BuiltStack, users: Int32Array, shards: number, responseCacheTtlMs: number): Promise<Measured> {
  const p = num(ctx, 'stragglerProbability');
  const slowMs = num(ctx, 'stragglerMs');
  const index = await createShardedIndex(stack.components.itemVectors, stack.components.dim, {
    shards,
    ef: num(ctx, 'ef'),
    efConstruction: num(ctx, 'efConstruction'),
    stragglerProbability: p,
    stragglerMs: slowMs,
    rng: ctx.rng(`stragglers-${shards}`),
  });
  try {
    const clock = new SimClock();
    const coinRng = ctx.rng('tiers');
    const coins = Float64Array.from({ length: users.length }, () => coinRng.next());
    const serving = createShardedServing(world, stack.components, index, {
      candidates: num(ctx, 'candidates'),
      k: 10,
      fullRankerFraction: num(ctx, 'fullRankerFraction'),
      userCacheTtlMs: 3_600_000,
      responseCacheTtlMs,
      clock: clock.now,
      coin: (r) => (r < 0 ? 0 : coins[r]),
    });
    let slow = 0;
    let hits = 0;
    const maxShard: number[] = [];
    const report = await runLoad({
      send: async (u, r) => {
        const res: ShardedTimedResult = await serving.send(u, r);
        if (r >= 0) {
          if (res.stragglers > 0) slow++;
          if (res.responseCacheHit) hits++;
          else maxShard.push(res.maxShardMs);
        }
        return res;
      },
      users,
      requests: users.length,
      // JIT, worker start-up and first-touch page faults would otherwise land in the first configuration's tail
      warmup: 100,
      concurrency: num(ctx, 'concurrency'),
      clock,
      interArrivalMs: 1000 / num(ctx, 'qps'),
      signal: ctx.signal,
      onProgress: () => ctx.tick(),
    });
    return {
      report,
      buildMs: Math.max(...index.buildMs),
      slowShare: slow / users.length,
      responseHitRate: hits / users.length,
      maxShard: maxShard.length ? summariseLatency(maxShard) : null,
    };
  } finally {
    await index.close();
  }
}

export const experiment: Experiment = {
  id: 'scale-out',
  description: 'Sharded ANN in worker threads: p99 against shard count (tail at scale), stragglers, response cache, ranking tiers',
  handlesSweep: true,
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const stack = await ctx.stage('serving stack (vectors, ranker)', () => buildServingStack(world, ctx.rng('stack'), {
        ann: 'exact',
        trees: num(ctx, 'trees'),
        embeddings: ctx.params.embeddings === 'two-tower' ? 'two-tower' : 'latent',
        seed: ctx.seed,
        signal: ctx.signal,
      }),
    );
    if (stack.twoTower) recordTwoTowerEngine(ctx, stack.twoTower);
    const rng = ctx.rng('load-users');
    const pool = Int32Array.from({ length: Math.min(num(ctx, 'activeUsers'), world.users.count) }, () => rng.int(world.users.count));
    const users = Int32Array.from({ length: num(ctx, 'requests') }, () => pool[rng.int(pool.length)]);
    const p = num(ctx, 'stragglerProbability');
    const cacheTtlMs = num(ctx, 'responseCacheTtlS') * 1000;
    const shardValues = ctx.sweep?.param === 'shards' ? ctx.sweep.values.map(Number) : [num(ctx, 'shards')];
    const points: Record<string, number>[] = [];
    let last: Measured | undefined;
    for (const shards of shardValues) {
      const m = await ctx.stage(`${shards} shard(s), no cache`, () => measure(ctx, world, stack, users, shards, 0));
      points.push({
        shards,
        p50_ms: r3(m.report.endToEnd.p50_ms),
        p95_ms: r3(m.report.endToEnd.p95_ms),
        p99_ms: r3(m.report.endToEnd.p99_ms),
        max_shard_p99_ms: r3(m.maxShard?.p99_ms ?? 0),
        slow_request_share: r3(m.slowShare),
        expected_slow_share: r3(1 - (1 - p) ** shards),
        build_ms: Math.round(m.buildMs),
        throughput_rps: Math.round(m.report.throughputRps),
      });
      ctx.partial({ series: [{ name: 'shards-sweep', x: 'shards', points: [...points] }] });
      if (shards === num(ctx, 'shards')) last = m;
    }
    last ??= await ctx.stage(`${num(ctx, 'shards')} shard(s), no cache`, () => measure(ctx, world, stack, users, num(ctx, 'shards'), 0));
    const cached = await ctx.stage(`${num(ctx, 'shards')} shard(s), response cache`, () => measure(ctx, world, stack, users, num(ctx, 'shards'), cacheTtlMs));
    const noise = await ctx.stage('noise floor (fixed 0.5 ms loop)', () => measureNoiseFloor(1000, 0.5));
    const first = points[0];
    const end = points[points.length - 1];
    const metrics: Record<string, number> = {
      p50_ms: last.report.endToEnd.p50_ms,
      p99_ms: last.report.endToEnd.p99_ms,
      throughput_rps: last.report.throughputRps,
      slow_request_share: last.slowShare,
      expected_slow_share: 1 - (1 - p) ** num(ctx, 'shards'),
      p99_ms_cached: cached.report.endToEnd.p99_ms,
      p50_ms_cached: cached.report.endToEnd.p50_ms,
      response_cache_hit_rate: cached.responseHitRate,
      throughput_rps_cached: cached.report.throughputRps,
      p95_ms: last.report.endToEnd.p95_ms,
      mean_ms: last.report.endToEnd.mean_ms,
      mean_ms_cached: cached.report.endToEnd.mean_ms,
      p95_growth_x: end.p95_ms / first.p95_ms,
      p99_growth_x: end.p99_ms / first.p99_ms,
      shards_min: first.shards,
      shards_max: end.shards,
      rank_mean_ms: last.report.stages.rank?.mean_ms ?? 0,
      candidates_mean_ms: last.report.stages.candidates?.mean_ms ?? 0,
      unaccounted_pct: last.report.unaccountedPct,
      noise_p50_ms: noise.p50_ms,
      noise_p99_ms: noise.p99_ms,
    };
    return {
      metrics,
      series: [{ name: 'shards-sweep', x: 'shards', points }],
      latency: { end_to_end: last.report.endToEnd, ...last.report.stages, cached_end_to_end: cached.report.endToEnd },
      notes: [
        ...stack.notes.filter((n) => !n.startsWith('candidates')),
        `candidates: HNSW split into shards, one hnswlib-node index per worker thread, fan-out to all and merge top-${num(ctx, 'candidates')}; ${ctx.params.concurrency} concurrent client(s); this machine has ${cpus().length} cores, so more shards than cores also queue for CPU`,
        `noise floor: a fixed 0.5 ms loop ran at p50 ${noise.p50_ms.toFixed(3)} ms, p99 ${noise.p99_ms.toFixed(3)} ms — when that p99 is far above 0.5 ms, other processes are taking the cores and every latency tail above includes them`,
        `stragglers: each shard call is delayed ${num(ctx, 'stragglerMs')} ms with probability ${p}; a request is slow when any of its N shards is: 1 − (1 − p)^N`,
        `response cache (TTL ${num(ctx, 'responseCacheTtlS')} s simulated, ${pool.length} active users at ${num(ctx, 'qps')} req/s): hit rate ${(100 * cached.responseHitRate).toFixed(1)}%, p99 ${cached.report.endToEnd.p99_ms.toFixed(2)} ms against ${last.report.endToEnd.p99_ms.toFixed(2)} ms without`,
      ],
    };
  },
};
