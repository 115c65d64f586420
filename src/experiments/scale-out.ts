/**
 * scale-out: the item index split into N shards searched in worker threads, fan-out and merge — the
 * tail-at-scale effect (a request waits for its slowest shard) measured against shard count, with
 * simulated stragglers, and what a response cache buys.
 *
 * Measured through the protocol: every shard count (and the cached path at the headline count) is one variant of
 * an interleaved measurement (A B C … C B A blocks, the same requests in the same order, a stated warm-up), so a
 * slow minute of the machine lands on all of them; figures get replicates over the requests, paired across
 * variants. Warm-up and sample counts are fixed, so straggler draws and cache hits repeat exactly.
 */
import { recordTwoTowerEngine } from './two-tower-engine.js';
import { twoTowerOptions } from './two-tower-common.js';
import { mean, quantile, summariseLatency, type LatencySummary } from '../core/stats.js';
import { cpus } from 'node:os';
import { measureInterleaved, type Measurement } from '../measure/index.js';
import { buildServingStack, type BuiltStack } from '../serving/build-components.js';
import { SimClock } from '../serving/load-generator.js';
import { createShardedIndex, type ShardedIndex } from '../retrieval/index.js';
import { createShardedServing, type ShardedTimedResult } from '../serving/sharded-recommender.js';
import type { World } from '../data/world-types.js';
import { deriveReplicates } from '../core/resample.js';
import { timingQuantile } from './timing-replicates.js';
import type { Experiment, ExperimentContext } from './types.js';
import { num, str } from './param-readers.js';

const r3 = (v: number): number => Math.round(v * 1000) / 1000;
const POP = 'scale-out-requests';

/** One measured variant: a shard count, with or without the response cache. */
interface Variant {
  shards: number;
  cached: boolean;
  index: ShardedIndex;
  /** timed call i: `concurrency` requests sent together (one when 1) */
  send(i: number): Promise<unknown>;
  /** per sampled request (after the warm-up), in order */
  results: ShardedTimedResult[];
  /** every shard call's own search time in the sampled requests that searched */
  calls: number[];
}

interface VariantFigures {
  shards: number;
  m: Measurement;
  /** per-request latency: the protocol's per-call samples, or each request's own timer when several go at once */
  samples: Float64Array;
  summary: LatencySummary;
  results: ShardedTimedResult[];
  /** the slowest shard's time per request that searched, and every shard call's time */
  slowest: Float64Array;
  calls: Float64Array;
  slowShare: number;
  hitRate: number;
}

async function makeVariant(ctx: ExperimentContext, world: World, stack: BuiltStack, users: Int32Array, shards: number, cached: boolean, shared?: ShardedIndex): Promise<Variant> {
  const index = shared ?? (await createShardedIndex(stack.components.itemVectors, stack.components.dim, {
    shards,
    ef: num(ctx, 'ef'),
    efConstruction: num(ctx, 'efConstruction'),
    stragglerProbability: num(ctx, 'stragglerProbability'),
    stragglerMs: num(ctx, 'stragglerMs'),
    rng: ctx.rng(`stragglers-${shards}`),
  }));
  const warmup = num(ctx, 'warmup');
  const concurrency = num(ctx, 'concurrency');
  const clock = new SimClock();
  const coinRng = ctx.rng('tiers');
  const coins = Float64Array.from({ length: users.length }, () => coinRng.next());
  let sampling = false;
  // the same index, keeping every shard's own search time while the timed requests run
  const watched: ShardedIndex = { ...index, searchAsync: async (q, k, opts) => {
    const r = await index.searchAsync(q, k, opts);
    if (sampling) v.calls.push(...r.shardMs);
    return r;
  } };
  const serving = createShardedServing(world, stack.components, watched, {
    candidates: num(ctx, 'candidates'),
    k: 10,
    fullRankerFraction: num(ctx, 'fullRankerFraction'),
    userCacheTtlMs: 3_600_000,
    responseCacheTtlMs: cached ? num(ctx, 'responseCacheTtlS') * 1000 : 0,
    clock: clock.now,
    coin: (r) => coins[r % coins.length],
  });
  const one = (r: number): Promise<ShardedTimedResult> => {
    clock.t += 1000 / num(ctx, 'qps');
    return serving.send(users[r % users.length], r);
  };
  const v: Variant = {
    shards, cached, index, results: [], calls: [],
    async send(i) {
      sampling = i >= warmup;
      // several requests at once queue behind a stalled shard (its worker is busy): head-of-line blocking
      const res = await Promise.all(Array.from({ length: concurrency }, (_, j) => one(i * concurrency + j)));
      if (sampling) v.results.push(...res);
      return res;
    },
  };
  return v;
}

function figuresOf(v: Variant, m: Measurement, concurrency: number): VariantFigures {
  const searched = v.results.filter((r) => !r.responseCacheHit);
  const n = v.results.length;
  // no busy-machine twin here: the CPU-share test behind it cannot be read on this path — a simulated straggler
  // sleeps without CPU (it would look like waiting for a core) and the shards' threads add CPU time of their own
  const samples = concurrency === 1 ? Float64Array.from(m.samples) : Float64Array.from(v.results, (r) => r.totalMs);
  return {
    shards: v.shards,
    m,
    samples,
    summary: concurrency === 1 ? m.summary : { ...summariseLatency(samples), warmup: m.warmupCalls * concurrency },
    results: v.results,
    slowest: Float64Array.from(searched, (r) => r.maxShardMs),
    calls: Float64Array.from(v.calls),
    slowShare: v.results.filter((r) => r.stragglers > 0).length / n,
    hitRate: v.results.filter((r) => r.responseCacheHit).length / n,
  };
}

const key = (shards: number, cached: boolean): string => `${shards} shard(s)${cached ? ', response cache' : ''}`;

export const experiment: Experiment = {
  id: 'scale-out',
  description: 'Sharded ANN in worker threads: the request tail against shard count (tail at scale), the slowest shard, stragglers, response cache',
  handlesSweep: true,
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const embeddings = str(ctx, 'embeddings') === 'two-tower' ? 'two-tower' : 'latent';
    const stack = await ctx.stage('serving stack (vectors, ranker)', () => buildServingStack(world, ctx.rng('stack'), {
        ann: 'exact',
        trees: num(ctx, 'trees'),
        embeddings,
        ...(embeddings === 'two-tower' ? { twoTower: twoTowerOptions(ctx) } : {}),
        signal: ctx.signal,
      }),
    );
    if (stack.twoTower) recordTwoTowerEngine(ctx, stack.twoTower);
    const rng = ctx.rng('load-users');
    const pool = Int32Array.from({ length: Math.min(num(ctx, 'activeUsers'), world.users.count) }, () => rng.int(world.users.count));
    const requests = num(ctx, 'requests');
    const users = Int32Array.from({ length: requests }, () => pool[rng.int(pool.length)]);
    const p = num(ctx, 'stragglerProbability');
    const headline = num(ctx, 'shards');
    const shardValues = [...new Set([...(ctx.sweep?.param === 'shards' ? ctx.sweep.values.map(Number) : []), headline])].sort((a, b) => a - b);
    // every index alive at once is what lets the variants interleave; at full scale (1M items per index) one at a time
    const groups = ctx.scale === 'full' ? shardValues.map((s) => [s]) : [shardValues];
    const opts = { warmup: num(ctx, 'warmup'), minSamples: requests, maxSamples: requests, quantile: 0.99, trials: 10, tick: () => ctx.tick(), signal: ctx.signal };
    const figs = new Map<string, VariantFigures>();
    const buildMs = new Map<number, number>();
    for (const group of groups) {
      const variants: Variant[] = [];
      try {
        await ctx.stage(`build ${group.join(', ')} shard(s)`, async () => {
          for (const s of group) {
            const v = await makeVariant(ctx, world, stack, users, s, false);
            variants.push(v);
            buildMs.set(s, Math.max(...v.index.buildMs));
            if (s === headline) variants.push(await makeVariant(ctx, world, stack, users, s, true, v.index));
          }
        });
        const fns = Object.fromEntries(variants.map((v) => [key(v.shards, v.cached), (i: number) => v.send(i)]));
        const ms = await ctx.stage(`requests: ${Object.keys(fns).join(' · ')}`, () => measureInterleaved(fns, { ...opts, label: 'scale-out' }));
        for (const v of variants) figs.set(key(v.shards, v.cached), figuresOf(v, ms[key(v.shards, v.cached)], num(ctx, 'concurrency')));
      } finally {
        await Promise.all(variants.filter((v) => !v.cached).map((v) => v.index.close()));
      }
    }

    const bs = ctx.bootstrap;
    const q = (samples: ArrayLike<number>, pq: number): number => quantile(samples, pq);
    const points = shardValues.map((s) => {
      const f = figs.get(key(s, false))!;
      const l = f.summary;
      return {
        shards: s, p50_ms: r3(l.p50_ms), p95_ms: r3(l.p95_ms), p99_ms: r3(l.p99_ms),
        slowest_shard_p95_ms: r3(q(f.slowest, 0.95)), shard_call_p95_ms: r3(q(f.calls, 0.95)),
        slow_request_share: r3(f.slowShare), expected_slow_share: r3(1 - (1 - p) ** s), build_ms: Math.round(buildMs.get(s)!),
      };
    });
    const ci = shardValues.map((s) => {
      const l = figs.get(key(s, false))!.summary;
      return { p50_ms: l.ci!.p50, p95_ms: l.ci!.p95, p99_ms: l.ci!.p99 };
    });
    const head = figs.get(key(headline, false))!;
    const cached = figs.get(key(headline, true))!;
    const few = figs.get(key(shardValues[0], false))!;
    const most = figs.get(key(shardValues.at(-1)!, false))!;
    const hs = head.samples;
    const metrics: Record<string, number> = {
      p50_ms: head.summary.p50_ms,
      p95_ms: head.summary.p95_ms,
      p99_ms: head.summary.p99_ms,
      mean_ms: head.summary.mean_ms,
      throughput_rps: 1000 / head.summary.mean_ms,
      slow_request_share: head.slowShare,
      expected_slow_share: 1 - (1 - p) ** headline,
      p50_ms_cached: cached.summary.p50_ms,
      p99_ms_cached: cached.summary.p99_ms,
      mean_ms_cached: cached.summary.mean_ms,
      response_cache_hit_rate: cached.hitRate,
      p95_growth_x: most.summary.p95_ms / few.summary.p95_ms,
      p99_growth_x: most.summary.p99_ms / few.summary.p99_ms,
      slowest_shard_p95_ms_at_max: q(most.slowest, 0.95),
      shard_call_p95_ms_at_max: q(most.calls, 0.95),
      shards_min: few.shards,
      shards_max: most.shards,
      rank_mean_ms: mean(head.results.map((r) => r.stages.rank ?? 0)),
      candidates_mean_ms: mean(head.results.map((r) => r.stages.candidates ?? 0)),
    };
    const rep = (samples: ArrayLike<number>, pq: number) => timingQuantile(bs, samples, pq, POP);
    const replicates: Record<string, ArrayLike<number>> = {
      p50_ms: rep(hs, 0.5)!,
      p95_ms: rep(hs, 0.95)!,
      mean_ms: bs.mean(POP, hs),
      mean_ms_cached: bs.mean(POP, cached.samples),
      p50_ms_cached: rep(cached.samples, 0.5)!,
      p95_growth_x: deriveReplicates([rep(most.samples, 0.95)!, rep(few.samples, 0.95)!], (a, b) => a / b),
      slowest_shard_p95_ms_at_max: rep(most.slowest, 0.95)!,
      shard_call_p95_ms_at_max: rep(most.calls, 0.95)!,
    };
    const p99s = { head: rep(hs, 0.99), cached: rep(cached.samples, 0.99), most: rep(most.samples, 0.99), few: rep(few.samples, 0.99) };
    if (p99s.head) replicates.p99_ms = p99s.head;
    if (p99s.cached) replicates.p99_ms_cached = p99s.cached;
    if (p99s.most && p99s.few) replicates.p99_growth_x = deriveReplicates([p99s.most, p99s.few], (a, b) => a / b);
    replicates.throughput_rps = deriveReplicates([replicates.mean_ms], (m) => 1000 / m);
    const latency: Record<string, LatencySummary> = { end_to_end: head.summary, cached_end_to_end: cached.summary };
    for (const s of shardValues) if (s !== headline) latency[`${s} shard(s)`] = figs.get(key(s, false))!.summary;
    const n = head.summary.n;
    return {
      metrics,
      replicates,
      series: [{ name: 'shards-sweep', x: 'shards', points, ci }],
      latency,
      notes: [
        ...stack.notes.filter((s) => !s.startsWith('candidates')),
        `candidates: HNSW split into shards, one hnswlib-node index per worker thread, fan-out to all and merge top-${num(ctx, 'candidates')}; this machine has ${cpus().length} cores, so more shards than cores also queue for CPU`,
        `measured: ${n} requests per configuration after ${num(ctx, 'warmup') * num(ctx, 'concurrency')} untimed ones${num(ctx, 'concurrency') > 1 ? ` (${num(ctx, 'concurrency')} sent together per timed call, each timed from its own start: they queue behind a stalled shard)` : ''}, ${groups.length === 1 ? `all ${figs.size} configurations interleaved in blocks (A B … B A), so machine noise lands on each alike` : 'one shard count at a time (full scale: one index in memory at a time)'}`,
        `stragglers: each shard call is delayed ${num(ctx, 'stragglerMs')} ms with probability ${p}; a request is slow when any of its N shards is: 1 − (1 − p)^N`,
        `the slowest shard: with ${most.shards} shard(s) a request's slowest shard has p95 ${metrics.slowest_shard_p95_ms_at_max.toFixed(3)} ms while a single shard call has p95 ${metrics.shard_call_p95_ms_at_max.toFixed(3)} ms — the request waits for the worst of ${most.shards}`,
        `response cache (TTL ${num(ctx, 'responseCacheTtlS')} s simulated, ${pool.length} active users at ${num(ctx, 'qps')} req/s): hit rate ${(100 * cached.hitRate).toFixed(1)}%, mean ${cached.summary.mean_ms.toFixed(3)} ms against ${head.summary.mean_ms.toFixed(3)} ms without`,
      ],
    };
  },
};

