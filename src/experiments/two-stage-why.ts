/**
 * Why two stages: score the WHOLE catalog with a heavy per-pair model, versus ANN top-N then the heavy model on
 * those N only. Latency per request is measured as the catalog grows, against the 100 ms budget; the quality
 * cost of the shortcut is the overlap of the two final top-10 lists.
 */
import { annRecallAtK } from '../core/metrics/index.js';
import { mean } from '../core/stats.js';
import { topK } from '../core/vec.js';
import { measure, measureInterleaved, type Measurement } from '../measure/index.js';
import { getOrBuildHnsw, type AnnIndex } from '../retrieval/index.js';
import { catalogVectors, userVectors } from './two-stage-catalog.js';
import { createPairScorer, type PairScorer } from './two-stage-scorer.js';
import { deriveReplicates } from '../core/resample.js';
import { timingQuantile } from './timing-replicates.js';
import type { Experiment, ExperimentContext, Series } from './types.js';
import { num } from './param-readers.js';
import { logCacheProblems } from '../data/cache.js';

const K = 10;
const USERS = 'two-stage-users';

interface Knobs {
  items: number; maxItems: number; candidates: number; hidden: number; requests: number; overlapUsers: number;
  samples: number; pointSeconds: number; budgetMs: number; M: number; efConstruction: number;
}

function knobs(ctx: ExperimentContext): Knobs {
  return {
    items: num(ctx, 'items'), maxItems: num(ctx, 'max_items'), candidates: num(ctx, 'candidates'), hidden: num(ctx, 'hidden'),
    requests: num(ctx, 'requests'), overlapUsers: num(ctx, 'overlap_users'), samples: num(ctx, 'samples'), pointSeconds: num(ctx, 'point_seconds'),
    budgetMs: num(ctx, 'budget_ms'), M: num(ctx, 'M'), efConstruction: num(ctx, 'efConstruction'),
  };
}

/** Sweep catalog sizes up to the scale's cap; the cap itself is added when it lies between sweep values. */
export function catalogSizes(sweep: number[] | undefined, single: number, cap: number): number[] {
  const wanted = sweep && sweep.length ? sweep : [single];
  const kept = [...new Set(wanted.filter((v) => v <= cap))].sort((a, b) => a - b);
  if (wanted.some((v) => v > cap) && !kept.includes(cap)) kept.push(cap);
  return kept;
}

interface PointResult {
  items: number;
  full: Measurement;
  twoStage: Measurement;
  ann: Measurement;
  /** overlap@10 of the two final lists, per overlap user */
  overlap: Float64Array;
  buildSeconds: number;
}

/**
 * One catalog size. The two-stage path, and its ANN and ranking halves, are interleaved with enough calls for a
 * p99. The full scan is too heavy for that at large catalogs: it gets what the time cap allows (at least 3 calls),
 * its p99 is then the maximum with its n, and the claims read its median. Overlap is measured after the timing, on
 * its own fixed set of users (untimed full scans and two-stage lists), so raising their number changes nothing timed.
 */
async function measurePoint(ctx: ExperimentContext, k: Knobs, scorer: PairScorer, items: Float32Array, users: Float32Array, overlapUsers: Float32Array, index: AnnIndex): Promise<Omit<PointResult, 'buildSeconds'>> {
  const dim = scorer.dim;
  const n = items.length / dim;
  const nu = users.length / dim;
  const user = (i: number): Float32Array => users.subarray((i % nu) * dim, ((i % nu) + 1) * dim);
  const cand = Math.min(k.candidates, n);
  const scratch = new Float32Array(n);
  const candScores = new Float32Array(cand);
  const fullTopOf = (u: Float32Array): Int32Array => {
    scorer.score(u, items, null, n, scratch);
    return topK(scratch, K);
  };
  const retrieve = (u: Float32Array) => index.search(u, cand, { ef: cand });
  const rankOf = (u: Float32Array, ids: Int32Array): Int32Array => {
    scorer.score(u, items, ids, ids.length, candScores);
    return Int32Array.from(topK(candScores.subarray(0, ids.length), K), (r) => ids[r]);
  };
  const tick = () => ctx.tick();
  // the ANN half interleaved with the whole path (it costs little); the ranking half is their difference
  const paths = await measureInterleaved({
    twoStage: (i) => rankOf(user(i), retrieve(user(i)).ids),
    ann: (i) => retrieve(user(i)),
  }, { label: `two-stage ${n} items`, quantile: 0.99, minSamples: k.samples, maxSamples: 4 * k.samples, budgetMs: 500, trials: 10, tick, signal: ctx.signal });
  const full = await measure((i) => fullTopOf(user(i)), {
    // one trial: with a few long calls a trial is a call or two, and re-taking a 'slow first trial' would chase the
    // machine's noise, not a JIT tier (the warm-up covers those)
    label: `full scan ${n} items`, quantile: 0.5, minSamples: 3, maxSamples: 200, budgetMs: k.pointSeconds * 1000, trials: 1,
    warmup: { minCalls: 2, maxCalls: 10, window: 1, maxMs: (k.pointSeconds * 1000) / 2 }, tick, signal: ctx.signal,
  });
  const ou = overlapUsers.length / dim;
  const overlap = new Float64Array(ou);
  for (let j = 0; j < ou; j++) {
    const u = overlapUsers.subarray(j * dim, (j + 1) * dim);
    overlap[j] = annRecallAtK(rankOf(u, retrieve(u).ids), fullTopOf(u), K);
    await ctx.tick();
  }
  return { items: n, full, twoStage: paths.twoStage, ann: paths.ann, overlap };
}

const TIMES = 'two-stage-calls';
/** Full scans at one size needed before its median sets the cost per item (the busy-machine twin needs 20). */
const COST_MIN_CALLS = 20;

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
    // the users whose two lists are compared: a stream of their own, apart from the timed users
    const overlapUsers = userVectors(world, k.overlapUsers, ctx.rng('overlap-users'));
    const sizes = catalogSizes(ctx.sweep?.param === 'items' ? ctx.sweep.values.map(Number) : undefined, k.items, k.maxItems);
    const results: PointResult[] = [];
    const notes: string[] = [];
    const bs = ctx.bootstrap;
    const points: Record<string, number>[] = [];
    const ci: NonNullable<Series['ci']> = [];
    for (const size of sizes) {
      const { vectors, synthetic } = catalogVectors(world, size, ctx.rng(`catalog-${size}`));
      if (synthetic > 0) notes.push(`${size.toLocaleString('en-US')} items: ${synthetic.toLocaleString('en-US')} are jittered copies of the world's ${world.items.count.toLocaleString('en-US')} items`);
      const built = await ctx.stage('build hnsw', () => getOrBuildHnsw({
        options: { dim, metric: 'ip', maxElements: size, M: k.M, efConstruction: k.efConstruction, seed: ctx.seed },
        vectors, shards: 1, source: { from: 'two-stage-catalog', scale: ctx.scale, seed: ctx.seed, size },
        onProgress: (f) => ctx.progress('build hnsw', f, `${size.toLocaleString('en-US')} items`), onTick: () => ctx.tick(), signal: ctx.signal, onEvent: logCacheProblems((m) => ctx.log(m)),
      }));
      const res: PointResult = { ...(await ctx.stage('requests', () => measurePoint(ctx, k, scorer, vectors, users, overlapUsers, built.index))), buildSeconds: built.buildSeconds };
      results.push(res);
      const f = res.full.summary;
      const t = res.twoStage.summary;
      points.push({
        items: size, full_p50_ms: f.p50_ms, full_p99_ms: f.p99_ms, full_n: f.n, two_stage_p50_ms: t.p50_ms, two_stage_p99_ms: t.p99_ms,
        ann_p50_ms: res.ann.summary.p50_ms, rank_p50_ms: t.p50_ms - res.ann.summary.p50_ms, overlap_at_10: mean(res.overlap), budget_ms: k.budgetMs,
      });
      ci.push({ full_p50_ms: f.ci!.p50, ...(f.tail ? {} : { full_p99_ms: f.ci!.p99 }), two_stage_p50_ms: t.ci!.p50, two_stage_p99_ms: t.ci!.p99 });
      ctx.partial({ series: [{ name: 'items-sweep', x: 'items', points: [...points], ci: [...ci] }] });
    }
    const last = results.at(-1)!;
    const lastPoint = points.at(-1)!;
    const full = last.full.summary;
    const two = last.twoStage.summary;
    const overBudget = points.find((p) => p.full_p50_ms > k.budgetMs);
    const withinFull = points.filter((p) => p.full_p50_ms <= k.budgetMs).at(-1);
    // the cost per item from the largest catalog whose full scan got enough calls to tell its work from waiting for
    // a core (the scorer's cost is per pair, so it does not depend on the catalog's size), else from the largest
    const costAt = results.filter((r) => r.full.samples.length >= COST_MIN_CALLS).at(-1) ?? last;
    const perItemMs = costAt.full.summary.p50_ms / costAt.items;

    const fullP50 = bs.quantile(last.full.samples, 0.5);
    const twoP50 = bs.quantile(last.twoStage.samples, 0.5, TIMES);
    const twoP99s = results.map((r) => timingQuantile(bs, r.twoStage.samples, 0.99, TIMES));
    const annP50 = bs.quantile(last.ann.samples, 0.5, TIMES);
    const replicates: Record<string, ArrayLike<number>> = {
      two_stage_p50_ms: twoP50,
      ann_p50_ms: annP50,
      rank_p50_ms: deriveReplicates([twoP50, annP50], (t, a) => t - a),
      overlap_at_10: bs.mean(USERS, last.overlap),
    };
    if (twoP99s.at(-1)) replicates.two_stage_p99_ms = twoP99s.at(-1)!;
    if (twoP99s.every((r) => r)) {
      replicates.two_stage_within_budget_everywhere = deriveReplicates(twoP99s as Float64Array[], (...p) => (p.every((x) => x <= k.budgetMs) ? 1 : 0));
      replicates.two_stage_worst_p99_ms = deriveReplicates(twoP99s as Float64Array[], (...p) => Math.max(...p));
    }
    replicates.full_p50_ms = fullP50;
    replicates.full_ms_per_1m_items = deriveReplicates([costAt === last ? fullP50 : bs.quantile(costAt.full.samples, 0.5)], (p) => (p / costAt.items) * 1e6);
    replicates.speedup_p50 = deriveReplicates([fullP50, twoP50], (f, t) => f / t);
    const fullP99 = timingQuantile(bs, last.full.samples, 0.99);
    if (fullP99) replicates.full_p99_ms = fullP99;
    const budgetText = (p: Record<string, number>): string => `p50 ${p.full_p50_ms.toFixed(1)} ms over ${p.full_n} request(s)`;
    notes.unshift(
      `heavy scorer: MLP [u, v, u⊙v] → ${k.hidden} → ${k.hidden} → 1 plus u·v, ${scorer.flopsPerPair.toLocaleString('en-US')} multiply-adds per pair; ` +
        `two-stage = HNSW top-${k.candidates} (ef = ${k.candidates}) then the same scorer on those; its ranking half (rank_p50_ms) is the two-stage median minus the ANN median`,
      overBudget
        ? overBudget === points[0]
          ? `full-catalog scoring exceeds the ${k.budgetMs} ms budget at the median already at the smallest catalog measured, ${overBudget.items.toLocaleString('en-US')} items (${budgetText(overBudget)}): the crossover lies at or below it`
          : `full-catalog scoring first exceeds the ${k.budgetMs} ms budget at the median at ${overBudget.items.toLocaleString('en-US')} items (${budgetText(overBudget)})`
        : `full-catalog scoring stayed within ${k.budgetMs} ms at the median up to ${lastPoint.items.toLocaleString('en-US')} items; extrapolated 1M-item cost ${(perItemMs * 1e6).toFixed(0)} ms`,
      `cost per item from the full scan at ${costAt.items.toLocaleString('en-US')} items (${costAt.full.summary.n} calls, median ${costAt.full.summary.p50_ms.toFixed(2)} ms): ${(perItemMs * 1000).toFixed(2)} µs per item, ${(perItemMs * 1e6).toFixed(0)} ms for 1M items`,
      `at the largest catalog: the full scan was timed on ${full.n} request(s) (time cap ${k.pointSeconds} s)${full.tail === 'max' ? `, too few for a p99: its "p99" is the maximum of ${full.n}` : ''}; ` +
        `two-stage on ${two.n} requests (p99 ${two.p99_ms.toFixed(2)} ms, 95% interval ${two.ci!.p99[0].toFixed(2)}–${two.ci!.p99[1].toFixed(2)}); overlap over ${last.overlap.length} users`,
    );
    return {
      metrics: {
        full_p50_ms: full.p50_ms, full_p99_ms: full.p99_ms, full_n: full.n, two_stage_p50_ms: two.p50_ms,
        two_stage_p99_ms: two.p99_ms, ann_p50_ms: last.ann.summary.p50_ms, rank_p50_ms: lastPoint.rank_p50_ms,
        overlap_at_10: lastPoint.overlap_at_10, speedup_p50: full.p50_ms / two.p50_ms,
        items: lastPoint.items, full_ms_per_1m_items: perItemMs * 1e6, crossover_items: overBudget ? overBudget.items : 0,
        largest_full_within_budget: withinFull ? withinFull.items : 0,
        two_stage_within_budget_everywhere: points.every((p) => p.two_stage_p99_ms <= k.budgetMs) ? 1 : 0,
        two_stage_worst_p99_ms: Math.max(...points.map((p) => p.two_stage_p99_ms)),
        build_seconds: last.buildSeconds, budget_ms: k.budgetMs,
      },
      replicates,
      series: [{ name: 'items-sweep', x: 'items', points, ci }],
      latency: { 'full catalog': full, 'two-stage total': two, 'ANN top-N': last.ann.summary },
      tables: [{
        title: 'latency per request by catalog size',
        columns: ['items', 'full p50 ms', 'full p99 ms (n)', 'two-stage p50 ms', 'two-stage p99 ms', 'overlap@10'],
        rows: results.map((r, i) => {
          const p = points[i];
          const f = r.full.summary;
          return [p.items, p.full_p50_ms.toFixed(2), `${f.tail === 'max' ? 'max ' : ''}${p.full_p99_ms.toFixed(2)} (${f.n})`, p.two_stage_p50_ms.toFixed(2), p.two_stage_p99_ms.toFixed(2), p.overlap_at_10.toFixed(3)];
        }),
      }],
      notes,
    };
  },
};
