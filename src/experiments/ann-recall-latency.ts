/**
 * HNSW against exact search on the world's item vectors: recall@10 (against exact), per-query latency and
 * throughput across ef, with one index built (or loaded from the cache) for the whole ef sweep.
 */
import { meanAnnRecallAtK } from '../core/metrics/index.js';
import { UsageError } from '../core/errors.js';
import { createAnnIndex, getOrBuildHnsw, type AnnIndex, type AnnMetric } from '../retrieval/index.js';
import { annVectorsFromWorld } from './ann-vectors.js';
import { timeSearches, type TimedSearch } from './ann-timing.js';
import type { Experiment, ExperimentContext, Series } from './types.js';
import { bool, num, str } from './param-readers.js';
import { logCacheProblems } from '../data/cache.js';

const K = 10;

interface Knobs {
  items: number; dim: number; M: number; efConstruction: number; ef: number; metric: AnnMetric;
  queries: number; shards: number; cache: boolean;
}

function knobs(ctx: ExperimentContext): Knobs {
  const metric = str(ctx, 'metric', 'ip') as AnnMetric;
  return {
    items: num(ctx, 'items', 5000), dim: num(ctx, 'dim', 32), M: num(ctx, 'M', 16), efConstruction: num(ctx, 'efConstruction', 100),
    ef: num(ctx, 'ef', 50), metric, queries: num(ctx, 'queries', 200), shards: num(ctx, 'shards', 1), cache: bool(ctx, 'cache', true),
  };
}

function efValues(ctx: ExperimentContext, k: Knobs): number[] {
  const values = ctx.sweep?.param === 'ef' ? ctx.sweep.values.map(Number) : [];
  const all = [...new Set([...values, k.ef])].sort((a, b) => a - b);
  for (const v of all) if (!Number.isInteger(v) || v < 1) throw new UsageError(`ann-recall-latency: ef values must be integers ≥ 1, got ${v}`);
  return all;
}

async function buildHnsw(ctx: ExperimentContext, k: Knobs, items: Float32Array, count: number): Promise<{ index: AnnIndex; buildSeconds: number; fromCache: boolean }> {
  const options = { dim: k.dim, metric: k.metric, maxElements: count, M: k.M, efConstruction: k.efConstruction, seed: ctx.seed };
  const res = await getOrBuildHnsw({
    options, vectors: items, shards: k.shards,
    source: { from: 'world-latent', scale: ctx.scale, seed: ctx.seed, items: count, dim: k.dim },
    // without the cache, force a rebuild (the build time is then measured on every run)
    force: !k.cache,
    onProgress: (f) => ctx.progress('build hnsw', f, `${Math.round(f * count).toLocaleString('en-US')} / ${count.toLocaleString('en-US')} items`),
    onTick: () => ctx.tick(),
    signal: ctx.signal,
    onEvent: logCacheProblems((m) => ctx.log(m)),
  });
  return { index: res.index, buildSeconds: res.buildSeconds, fromCache: res.source === 'disk' };
}

export const experiment: Experiment = {
  id: 'ann-recall-latency',
  description: 'HNSW vs exact search on world item vectors: recall@10 against exact, p50/p99 latency and QPS across ef; build time and memory',
  handlesSweep: true,
  async run(ctx) {
    const k = knobs(ctx);
    const world = await ctx.stage('world', () => ctx.world());
    const v = await ctx.stage('vectors', () => annVectorsFromWorld(world, k.items, k.queries, k.dim, ctx.rng('ann-vectors')));
    const exact = createAnnIndex({ kind: 'exact', dim: k.dim, metric: k.metric, maxElements: v.itemCount });
    exact.addBatch(v.items);
    const truth = await ctx.stage('exact search', () => timeSearches(exact, v.queries, K, {}, () => ctx.tick()));
    const built = await ctx.stage('build hnsw', () => buildHnsw(ctx, k, v.items, v.itemCount));
    const points: Series['points'] = [];
    const runs = new Map<number, TimedSearch & { recall: number }>();
    for (const ef of efValues(ctx, k)) {
      const r = await ctx.stage('hnsw search', () => timeSearches(built.index, v.queries, K, { ef }, () => ctx.tick()));
      const recall = meanAnnRecallAtK(r.ids, truth.ids, K, K);
      runs.set(ef, { ...r, recall });
      points.push({ ef, recall_at_10: recall, p50_ms: r.latency.p50_ms, p99_ms: r.latency.p99_ms, qps: r.qps });
      ctx.partial({ series: [{ name: 'ef-sweep', x: 'ef', points: [...points] }] });
    }
    const at = runs.get(k.ef)!;
    const first095 = [...runs.entries()].find(([, r]) => r.recall >= 0.95);
    const reach = first095 ?? [...runs.entries()].at(-1)!;
    const indexMb = built.index.memoryBytes() / 2 ** 20;
    const notes = [
      `${v.itemCount.toLocaleString('en-US')} items × ${k.dim} dims, ${v.queryCount} user-taste queries, metric ${k.metric}; ` +
        `HNSW M=${k.M}, efConstruction=${k.efConstruction}, ${k.shards} shard(s); ` +
        (built.fromCache ? 'index loaded from the cache (build time not re-measured)' : `built in ${built.buildSeconds.toFixed(2)} s`),
      first095
        ? `smallest ef reaching recall@10 ≥ 0.95: ${first095[0]} (p99 ${first095[1].latency.p99_ms.toFixed(3)} ms, ${Math.round(first095[1].qps)} QPS)`
        : `no ef tried reached recall@10 ≥ 0.95 (best ${reach[1].recall.toFixed(3)} at ef=${reach[0]})`,
      `exact search p50 ${truth.latency.p50_ms.toFixed(2)} ms vs HNSW p50 ${at.latency.p50_ms.toFixed(3)} ms at ef=${k.ef}: ${(truth.latency.p50_ms / at.latency.p50_ms).toFixed(1)}× faster`,
    ];
    if (v.note) notes.push(v.note);
    return {
      metrics: {
        recall_at_10: at.recall, p50_ms: at.latency.p50_ms, p99_ms: at.latency.p99_ms, qps: at.qps,
        exact_p50_ms: truth.latency.p50_ms, exact_p99_ms: truth.latency.p99_ms, exact_qps: truth.qps,
        speedup_p50: truth.latency.p50_ms / at.latency.p50_ms,
        reaches_recall_095: first095 ? 1 : 0, ef_at_recall_095: reach[0], p99_ms_at_recall_095: reach[1].latency.p99_ms,
        build_seconds: built.fromCache ? 0 : built.buildSeconds, build_from_cache: built.fromCache ? 1 : 0,
        index_mb: indexMb, exact_mb: exact.memoryBytes() / 2 ** 20, items: v.itemCount, dim: k.dim,
      },
      series: [{ name: 'ef-sweep', x: 'ef', points }],
      latency: { exact: truth.latency, [`hnsw ef=${k.ef}`]: at.latency },
      tables: [{
        title: 'recall and latency by ef',
        columns: ['ef', 'recall@10', 'p50 ms', 'p99 ms', 'QPS'],
        rows: points.map((p) => [p.ef, Number(p.recall_at_10).toFixed(3), Number(p.p50_ms).toFixed(3), Number(p.p99_ms).toFixed(3), Math.round(Number(p.qps))]),
      }],
      notes,
    };
  },
};
