/**
 * Why two stages: score the WHOLE catalog with a heavy per-pair model, versus ANN top-N then the heavy model on
 * those N only. Latency per request is measured as the catalog grows, against the 100 ms budget; the quality
 * cost of the shortcut is the overlap of the two final top-10 lists.
 */
import { annRecallAtK } from '../core/metrics/index.js';
import { summariseLatency, type LatencySummary } from '../core/stats.js';
import { topK } from '../core/vec.js';
import { getOrBuildHnsw, type AnnIndex } from '../retrieval/index.js';
import { catalogVectors, userVectors } from './two-stage-catalog.js';
import { createPairScorer, type PairScorer } from './two-stage-scorer.js';
import type { Experiment, ExperimentContext } from './types.js';
import { num } from './param-readers.js';
import { logCacheProblems } from '../data/cache.js';

const K = 10;

interface Knobs { items: number; maxItems: number; candidates: number; hidden: number; requests: number; pointSeconds: number; budgetMs: number; M: number; efConstruction: number }

function knobs(ctx: ExperimentContext): Knobs {
  return {
    items: num(ctx, 'items', 10000), maxItems: num(ctx, 'max_items', 5000), candidates: num(ctx, 'candidates', 500), hidden: num(ctx, 'hidden', 64),
    requests: num(ctx, 'requests', 20), pointSeconds: num(ctx, 'point_seconds', 3), budgetMs: num(ctx, 'budget_ms', 100), M: num(ctx, 'M', 16), efConstruction: num(ctx, 'efConstruction', 64),
  };
}

/** Sweep catalog sizes up to the scale's cap; the cap itself is added when it lies between sweep values. */
export function catalogSizes(sweep: number[] | undefined, single: number, cap: number): number[] {
  const wanted = sweep && sweep.length ? sweep : [single];
  const kept = [...new Set(wanted.filter((v) => v <= cap))].sort((a, b) => a - b);
  if (wanted.some((v) => v > cap) && !kept.includes(cap)) kept.push(cap);
  return kept;
}

interface PointResult { full: LatencySummary; twoStage: LatencySummary; ann: LatencySummary; rank: LatencySummary; overlap: number; fullRequests: number; buildSeconds: number }

async function measurePoint(ctx: ExperimentContext, k: Knobs, scorer: PairScorer, items: Float32Array, users: Float32Array, index: AnnIndex): Promise<PointResult> {
  const dim = scorer.dim;
  const n = items.length / dim;
  const nu = users.length / dim;
  const scratch = new Float32Array(n);
  const fullMs: number[] = [];
  const fullTop: Int32Array[] = [];
  const started = performance.now();
  for (let r = 0; r < nu; r++) {
    if (r > 0 && performance.now() - started > k.pointSeconds * 1000) break;
    const u = users.subarray(r * dim, (r + 1) * dim);
    const t0 = performance.now();
    scorer.score(u, items, null, n, scratch);
    fullTop.push(topK(scratch, K));
    fullMs.push(performance.now() - t0);
    await ctx.tick();
  }
  const annMs: number[] = [], rankMs: number[] = [], totalMs: number[] = [];
  let overlap = 0;
  const cand = Math.min(k.candidates, n);
  const candScores = new Float32Array(cand);
  for (let r = 0; r < nu; r++) {
    const u = users.subarray(r * dim, (r + 1) * dim);
    const t0 = performance.now();
    const found = index.search(u, cand, { ef: cand });
    const t1 = performance.now();
    scorer.score(u, items, found.ids, found.ids.length, candScores);
    const best = topK(candScores.subarray(0, found.ids.length), K);
    const final = Int32Array.from(best, (i) => found.ids[i]);
    const t2 = performance.now();
    annMs.push(t1 - t0);
    rankMs.push(t2 - t1);
    totalMs.push(t2 - t0);
    if (r < fullTop.length) overlap += annRecallAtK(final, fullTop[r], K);
    await ctx.tick();
  }
  return {
    full: summariseLatency(fullMs), twoStage: summariseLatency(totalMs), ann: summariseLatency(annMs), rank: summariseLatency(rankMs),
    overlap: overlap / Math.max(1, fullTop.length), fullRequests: fullMs.length, buildSeconds: 0,
  };
}

export const experiment: Experiment = {
  id: 'two-stage-why',
  description: 'Heavy scorer over the whole catalog vs ANN top-N then the heavy scorer: request latency as the catalog grows, against the budget',
  handlesSweep: true,
  async run(ctx) {
    const k = knobs(ctx);
    const world = await ctx.stage('world', () => ctx.world());
    const dim = world.config.latentDim;
    const scorer = createPairScorer(ctx.rng('scorer'), dim, k.hidden);
    const users = userVectors(world, k.requests, ctx.rng('users'));
    const sizes = catalogSizes(ctx.sweep?.param === 'items' ? ctx.sweep.values.map(Number) : undefined, k.items, k.maxItems);
    const points: Record<string, number>[] = [];
    const notes: string[] = [];
    let last: PointResult | null = null;
    for (const size of sizes) {
      const { vectors, synthetic } = catalogVectors(world, size, ctx.rng(`catalog-${size}`));
      if (synthetic > 0) notes.push(`${size.toLocaleString('en-US')} items: ${synthetic.toLocaleString('en-US')} are jittered copies of the world's ${world.items.count.toLocaleString('en-US')} items`);
      const built = await ctx.stage('build hnsw', () => getOrBuildHnsw({
        options: { dim, metric: 'ip', maxElements: size, M: k.M, efConstruction: k.efConstruction, seed: ctx.seed },
        vectors, shards: 1, source: { from: 'two-stage-catalog', scale: ctx.scale, seed: ctx.seed, size },
        onProgress: (f) => ctx.progress('build hnsw', f, `${size.toLocaleString('en-US')} items`), onTick: () => ctx.tick(), signal: ctx.signal, onEvent: logCacheProblems((m) => ctx.log(m)),
      }));
      const res = await ctx.stage('requests', () => measurePoint(ctx, k, scorer, vectors, users, built.index));
      res.buildSeconds = built.buildSeconds;
      last = res;
      points.push({
        items: size, full_p99_ms: res.full.p99_ms, full_p50_ms: res.full.p50_ms, two_stage_p99_ms: res.twoStage.p99_ms,
        two_stage_p50_ms: res.twoStage.p50_ms, ann_p50_ms: res.ann.p50_ms, rank_p50_ms: res.rank.p50_ms, overlap_at_10: res.overlap, budget_ms: k.budgetMs,
      });
      ctx.partial({ series: [{ name: 'items-sweep', x: 'items', points: [...points] }] });
    }
    const lastPoint = points.at(-1)!;
    const perItemMs = lastPoint.full_p50_ms / lastPoint.items;
    const overBudget = points.find((p) => p.full_p99_ms > k.budgetMs);
    const withinFull = points.filter((p) => p.full_p99_ms <= k.budgetMs).at(-1);
    notes.unshift(
      `heavy scorer: MLP [u, v, u⊙v] → ${k.hidden} → ${k.hidden} → 1 plus u·v, ${scorer.flopsPerPair.toLocaleString('en-US')} multiply-adds per pair; ` +
        `two-stage = HNSW top-${k.candidates} (ef = ${k.candidates}) then the same scorer on those`,
      overBudget
        ? overBudget === points[0]
          ? `full-catalog scoring exceeds the ${k.budgetMs} ms budget already at the smallest catalog measured, ${overBudget.items.toLocaleString('en-US')} items (p99 ${overBudget.full_p99_ms.toFixed(1)} ms): the crossover lies at or below it`
          : `full-catalog scoring first exceeds the ${k.budgetMs} ms budget at ${overBudget.items.toLocaleString('en-US')} items (p99 ${overBudget.full_p99_ms.toFixed(1)} ms)`
        : `full-catalog scoring stayed within ${k.budgetMs} ms up to ${lastPoint.items.toLocaleString('en-US')} items; extrapolated 1M-item cost ${(perItemMs * 1e6).toFixed(0)} ms`,
      `full-catalog latency is measured on ${last!.fullRequests} request(s) at the largest catalog (capped at ${k.pointSeconds} s per point); two-stage on ${users.length / dim}`,
    );
    return {
      metrics: {
        full_p50_ms: lastPoint.full_p50_ms, full_p99_ms: lastPoint.full_p99_ms, two_stage_p50_ms: lastPoint.two_stage_p50_ms,
        two_stage_p99_ms: lastPoint.two_stage_p99_ms, ann_p50_ms: lastPoint.ann_p50_ms, rank_p50_ms: lastPoint.rank_p50_ms,
        overlap_at_10: lastPoint.overlap_at_10, speedup_p50: lastPoint.full_p50_ms / lastPoint.two_stage_p50_ms,
        items: lastPoint.items, full_ms_per_1m_items: perItemMs * 1e6, crossover_items: overBudget ? overBudget.items : 0,
        largest_full_within_budget: withinFull ? withinFull.items : 0,
        two_stage_within_budget_everywhere: points.every((p) => p.two_stage_p99_ms <= k.budgetMs) ? 1 : 0,
        build_seconds: last!.buildSeconds, budget_ms: k.budgetMs,
      },
      series: [{ name: 'items-sweep', x: 'items', points }],
      latency: { 'full catalog': last!.full, 'two-stage total': last!.twoStage, 'ANN top-N': last!.ann, 'rank N': last!.rank },
      tables: [{
        title: 'latency per request by catalog size',
        columns: ['items', 'full p50 ms', 'full p99 ms', 'two-stage p50 ms', 'two-stage p99 ms', 'overlap@10'],
        rows: points.map((p) => [p.items, p.full_p50_ms.toFixed(2), p.full_p99_ms.toFixed(2), p.two_stage_p50_ms.toFixed(2), p.two_stage_p99_ms.toFixed(2), p.overlap_at_10.toFixed(3)]),
      }],
      notes,
    };
  },
};
