/**
 * latency-budget: the whole request path under load, timed per stage, against the guide's 100 ms p99.
 * Knobs: candidates, ef, GBDT trees, re-ranker, user-embedding cache TTL, tiered ranking, batch vs real
 * time, closed or open loop. With a sweep over `candidates` the stack (index, GBDT) is built once and reused.
 *
 * Every percentile comes with replicates over the requests (one population for all stages of the same requests, so
 * stage figures and their sums are paired) and their busy-machine twin: the requests whose work kept its core.
 */
import { UsageError } from '../core/errors.js';
import { TAIL_MIN_SAMPLES, type LatencySummary } from '../core/stats.js';
import { leastCount, LEAST_WARMUP_CALLS } from '../measure/index.js';
import { recordTwoTowerEngine } from './two-tower-engine.js';
import { twoTowerOptions } from './two-tower-common.js';
import { buildServingStack } from '../serving/build-components.js';
import { runLoad, SimClock, type LoadMode, type LoadReport } from '../serving/load-generator.js';
import { createRecommender, type RecommenderOptions } from '../serving/recommender.js';
import { STAGES, type ReRankerKind } from '../serving/types.js';
import { deriveReplicates } from '../core/resample.js';
import { stageTailOverlap } from '../core/tail-overlap.js';
import { timingMean, timingQuantile } from './timing-replicates.js';
import type { Experiment, ExperimentContext, Series } from './types.js';
import { num, str } from './param-readers.js';

const r3 = (v: number): number => Math.round(v * 1000) / 1000;
const POP = 'load-requests';

interface Figures {
  metrics: Record<string, number>;
  replicates: Record<string, ArrayLike<number>>;
  latency: Record<string, LatencySummary>;
}

/** A metric from a quantile of per-request samples: point value from the summary, replicates over the requests (with the twin). */
function put(f: Figures, ctx: ExperimentContext, name: string, samples: ArrayLike<number>, q: number, point: number): void {
  f.metrics[name] = point;
  const reps = timingQuantile(ctx.bootstrap, samples, q, POP);
  if (reps) f.replicates[name] = reps;
}

/** Metrics, replicates and latency table of one load test: end to end, per stage, CPU, and the stage-timer checks (also the design review's). */
export function loadFigures(ctx: ExperimentContext, report: LoadReport, budget: number, shortShare: number): Figures {
  const f: Figures = { metrics: {}, replicates: {}, latency: { end_to_end: report.endToEnd } };
  const s = report.samples;
  put(f, ctx, 'p50_ms', s.endToEnd, 0.5, report.endToEnd.p50_ms);
  put(f, ctx, 'p99_ms', s.endToEnd, 0.99, report.endToEnd.p99_ms);
  f.metrics.mean_ms = report.endToEnd.mean_ms;
  f.replicates.mean_ms = timingMean(ctx.bootstrap, POP, s.endToEnd);
  f.metrics.budget_headroom_x = budget / report.endToEnd.p99_ms;
  if (f.replicates.p99_ms) f.replicates.budget_headroom_x = deriveReplicates([f.replicates.p99_ms], (p) => budget / p);
  if (report.cpu && s.cpu) {
    f.latency.cpu_time_per_request = report.cpu;
    put(f, ctx, 'cpu_p50_ms', s.cpu, 0.5, report.cpu.p50_ms);
    put(f, ctx, 'cpu_p99_ms', s.cpu, 0.99, report.cpu.p99_ms);
  }
  if (report.queue && s.queue) {
    f.latency.queue = report.queue;
    put(f, ctx, 'queue_p99_ms', s.queue, 0.99, report.queue.p99_ms);
  }
  f.metrics.throughput_rps = report.throughputRps;
  f.metrics.cache_hit_rate = report.encoderCacheHitRate;
  f.metrics.short_response_share = shortShare;
  // the stage timers against each request's own timer: means add up (expectation is linear), so the
  // glue they miss is a mean; p99s add up only when the same requests are slowest in every stage (stage_tail_overlap)
  const unaccounted = Float64Array.from(s.service, (t, r) => {
    let sum = 0;
    for (const st of Object.values(s.stages)) sum += st[r];
    return t > 0 ? (100 * (t - sum)) / t : 0;
  });
  f.metrics.unaccounted_pct = report.unaccountedPct;
  f.replicates.unaccounted_pct = ctx.bootstrap.mean(POP, unaccounted);
  const sumParts: Float64Array[] = [];
  const timedStages: ArrayLike<number>[] = [];
  let stageP99Sum = 0;
  let stageMeanSum = 0;
  for (const st of STAGES) {
    const l = report.stages[st];
    const samples = s.stages[st];
    if (!l || !samples || l.mean_ms === 0) {
      for (const q of ['p50', 'p99', 'mean']) f.metrics[`${st}_${q}_ms`] = 0;
      continue;
    }
    f.latency[st] = l;
    timedStages.push(samples);
    put(f, ctx, `${st}_p50_ms`, samples, 0.5, l.p50_ms);
    put(f, ctx, `${st}_p99_ms`, samples, 0.99, l.p99_ms);
    f.metrics[`${st}_mean_ms`] = l.mean_ms;
    stageP99Sum += l.p99_ms;
    stageMeanSum += l.mean_ms;
    const reps = f.replicates[`${st}_p99_ms`];
    if (reps) sumParts.push(reps as Float64Array);
  }
  f.metrics.stage_p99_sum_ms = stageP99Sum;
  // whether the sum can add up: 1 when the slowest requests are the slowest in every stage, ~0.01 when unrelated
  if (timedStages.length) f.metrics.stage_tail_overlap = stageTailOverlap(s.endToEnd, timedStages, 0.01);
  f.metrics.stage_mean_sum_ms = stageMeanSum;
  if (sumParts.length && f.replicates.p99_ms) f.replicates.stage_p99_sum_ms = deriveReplicates(sumParts, (...v) => v.reduce((a, b) => a + b, 0));
  return f;
}

export const experiment: Experiment = {
  id: 'latency-budget',
  description: 'End-to-end and per-stage p50/p99 of the serving path under load, against the 100 ms budget',
  handlesSweep: true,
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const trees = num(ctx, 'trees');
    const ann = str(ctx, 'ann');
    if (ann !== 'hnsw' && ann !== 'exact') throw new UsageError(`latency-budget: ann must be hnsw or exact, got ${ann}`);
    const embeddings = str(ctx, 'embeddings') === 'two-tower' ? 'two-tower' : 'latent';
    const stack = await ctx.stage('build stack (vectors, index, ranker)', () =>
      buildServingStack(world, ctx.rng('stack'), {
        ann,
        efConstruction: num(ctx, 'efConstruction'),
        trees,
        embeddings,
        ...(embeddings === 'two-tower' ? { twoTower: twoTowerOptions(ctx) } : {}),
        signal: ctx.signal,
        onProgress: (s, f) => ctx.progress('build stack (vectors, index, ranker)', f, s),
      }),
    );
    if (stack.twoTower) recordTwoTowerEngine(ctx, stack.twoTower);
    const k = num(ctx, 'k');
    const budget = num(ctx, 'budgetMs');
    const requests = num(ctx, 'requests');
    const qps = num(ctx, 'qps');
    const mode = str(ctx, 'load') as LoadMode;
    const rng = ctx.rng('load-users');
    const activeUsers = Math.min(num(ctx, 'activeUsers'), world.users.count);
    const pool = Int32Array.from({ length: activeUsers }, () => rng.int(world.users.count));
    const users = Int32Array.from({ length: requests }, () => pool[rng.int(pool.length)]);

    const warmup = num(ctx, 'warmup');
    const load = async (overrides: Partial<RecommenderOptions>, timed = { requests, warmup }): Promise<{ report: LoadReport; batch?: { ms: number; bytes: number }; shortShare: number }> => {
      const clock = new SimClock();
      const rec = createRecommender(world, stack.components, {
        candidates: num(ctx, 'candidates'),
        ef: num(ctx, 'ef'),
        reranker: str(ctx, 'reranker') as ReRankerKind,
        userCacheTtlMs: num(ctx, 'cacheTtlS') * 1000,
        fullRankerFraction: num(ctx, 'fullRankerFraction'),
        maxPerCategory: num(ctx, 'maxPerCategory'),
        clock: clock.now,
        ...overrides,
      });
      let batch;
      if (str(ctx, 'mode') === 'batch') batch = rec.precompute(pool, k);
      let short = 0;
      const report = await runLoad({
        send: (u, r) => {
          const res = rec.recommend(u, { k });
          if (r >= 0 && res.items.length < k) short++;
          return res;
        },
        users,
        requests: timed.requests,
        mode,
        rate: qps,
        arrivals: 'poisson',
        rng: ctx.rng('arrivals'),
        // a stated count keeps the caches' state, hence every non-timing metric, the same on every run
        warmup: timed.warmup,
        clock,
        interArrivalMs: 1000 / qps,
        signal: ctx.signal,
        onProgress: () => ctx.tick(),
      });
      return { report, batch, shortShare: short / timed.requests };
    };

    const series: Series[] = [];
    if (ctx.sweep) {
      const param = ctx.sweep.param;
      const points: Record<string, number | string>[] = [];
      const ci: Series['ci'] = [];
      // a sweep point reports timings only, so under measure limits (a test's run) it takes the calls its p99 needs
      // rather than the stated counts; the headline load below keeps them (its cache hits are figures of their own)
      const point = { requests: leastCount(requests, TAIL_MIN_SAMPLES), warmup: leastCount(warmup, LEAST_WARMUP_CALLS) };
      for (const v of ctx.sweep.values) {
        const { report } = await ctx.stage(`${param} = ${v}`, () => load({ [param]: v } as Partial<RecommenderOptions>, point));
        const e = report.endToEnd;
        points.push({ [param]: v as number, p50_ms: r3(e.p50_ms), p99_ms: r3(e.p99_ms), ...Object.fromEntries(Object.entries(report.stages).map(([s, l]) => [`${s}_p99_ms`, r3(l.p99_ms)])) });
        ci.push({ p50_ms: e.ci!.p50, p99_ms: e.ci!.p99, ...Object.fromEntries(Object.entries(report.stages).map(([s, l]) => [`${s}_p99_ms`, l.ci!.p99])) });
        ctx.partial({ series: [{ name: `${param}-sweep`, x: param, points: [...points], ci: [...ci] }] });
      }
      series.push({ name: `${param}-sweep`, x: param, points, ci });
    }
    const { report, batch, shortShare } = await ctx.stage('load test', () => load({}));
    const { metrics, replicates, latency } = loadFigures(ctx, report, budget, shortShare);
    const e = report.endToEnd;
    const ciText = (l: LatencySummary): string => (l.tail === 'max' ? `max of ${l.n}` : `[${l.ci!.p99[0].toFixed(3)}, ${l.ci!.p99[1].toFixed(3)}]`);
    const notes = [...stack.notes];
    notes.push(
      `built in ${(stack.buildMs.index / 1000).toFixed(1)} s (index) + ${(stack.buildMs.ranker / 1000).toFixed(1)} s (ranker); ${requests} timed requests after ${report.warmup} untimed ones, over ${activeUsers} users, ` +
        (mode === 'open'
          ? `open loop: Poisson arrivals at ${qps} req/s, latency from each request's scheduled arrival (queueing included: queue p99 ${report.queue!.p99_ms.toFixed(3)} ms)`
          : `closed loop, one client (each request sent when the previous returned; cache time runs at a simulated ${qps} req/s)`),
      `end to end: p50 ${e.p50_ms.toFixed(3)} ms, p99 ${e.p99_ms.toFixed(3)} ms ${ciText(e)} over n = ${e.n}`,
      `per-stage means add up to ${metrics.stage_mean_sum_ms.toFixed(3)} ms of the ${report.service.mean_ms.toFixed(3)} ms mean request; ${report.unaccountedPct.toFixed(2)}% is glue between the stage timers. ` +
        `Per-stage p99s add up to ${metrics.stage_p99_sum_ms.toFixed(3)} ms against an end-to-end p99 of ${e.p99_ms.toFixed(3)} ms. ` +
        (metrics.stage_tail_overlap === undefined
          ? 'One timed stage: nothing to add.'
          : `Of the slowest 1% of requests, ${(100 * metrics.stage_tail_overlap).toFixed(0)}% were also among a stage's slowest 1% (mean over stages; about 1% if unrelated, 100% if the same requests are slow everywhere). The sum overstates the p99 when stage tails fall on different requests, and falls short when stalls too rare for any one stage's p99 (or between the stage timers) add up over the request`),
      ...(report.cpu ? [`CPU time per request (the work itself, without waiting for a core): p50 ${report.cpu.p50_ms.toFixed(3)} ms, p99 ${report.cpu.p99_ms.toFixed(3)} ms, against wall-clock p99 ${e.p99_ms.toFixed(3)} ms`] : []),
      `${(100 * shortShare).toFixed(1)}% of responses had fewer than k items: the category cap cannot invent categories the candidates lack (production backfills from other candidate sources)`,
      `paths: ${Object.entries(report.paths).map(([p, s]) => `${p} ${(100 * s).toFixed(0)}%`).join(', ')}`,
    );
    if (batch) {
      metrics.precompute_ms_per_user = batch.ms / pool.length;
      metrics.batch_table_mb_all_users = (world.users.count * k * 4) / 1e6;
      notes.push(`batch mode: precomputed ${pool.length} users in ${(batch.ms / 1000).toFixed(2)} s (${(batch.ms / pool.length).toFixed(3)} ms each); a table for all ${world.users.count} users holds ${metrics.batch_table_mb_all_users.toFixed(1)} MB and is as stale as its last run`);
    }
    return {
      metrics,
      replicates,
      latency,
      series,
      tables: [
        {
          title: 'Per-stage latency (ms)',
          columns: ['stage', 'n', 'p50', 'p95', 'p99', 'p99 95% interval', 'mean'],
          rows: Object.entries(latency).map(([s, l]) => [s, l.n, r3(l.p50_ms), r3(l.p95_ms), r3(l.p99_ms), l.tail === 'max' ? 'max' : `${r3(l.ci!.p99[0])}–${r3(l.ci!.p99[1])}`, r3(l.mean_ms)]),
        },
      ],
      notes,
    };
  },
};
