/**
 * Two-tower versus single-tower (cross) serving cost as the catalog grows: per request, the two-tower
 * model encodes the user once and searches cached item vectors (HNSW, and exact inner products for
 * reference); the cross model runs its MLP on every (user, item) pair.
 *
 * Two different numbers answer "when is a single tower too slow?", and the guide's "single tower below ~10K items"
 * mixes them up:
 * - the crossover: the smallest catalog where the cross model is already slower than two-tower + ANN. Both pay a
 *   fixed cost per request, the cross model also a cost per item, so this comes at tens to hundreds of items —
 *   the sweep starts low enough to see it from below;
 * - the budget limit: the largest catalog whose cross-model request still fits the latency budget, budget ÷ cost
 *   per item, measured from the median at the largest catalog (the full scan is too heavy for a p99 there).
 * Every timed call goes through the protocol: two-tower and exact interleaved with ≥ 100 calls, the cross model
 * interleaved with them while it is cheap enough, else alone within its time cap (its p99 is then the maximum of n).
 */
import { UsageError } from '../core/errors.js';
import { normalizeRows } from '../core/vec.js';
import { limitedBudgetMs, measure, measureInterleaved, type Measurement } from '../measure/index.js';
import { getOrBuildHnsw } from '../retrieval/index.js';
import { createCrossModel, createExactScorer, createUserEncoder } from '../models/two-tower/serving-cost.js';
import { getTf } from '../models/tf-backend.js';
import { num } from './param-readers.js';
import { deriveReplicates } from '../core/resample.js';
import { timingQuantile } from './timing-replicates.js';
import type { Experiment, ExperimentContext, Series } from './types.js';
import { logCacheProblems } from '../data/cache.js';

const K = 100;
const TIMES = 'serving-cost-calls';
/** Cross-model calls at one size needed before its median sets the cost per item (the busy-machine twin needs 20). */
const COST_MIN_CALLS = 20;

function sizes(ctx: ExperimentContext): number[] {
  const cap = num(ctx, 'max_items');
  const wanted = ctx.sweep?.param === 'items' ? ctx.sweep.values.map(Number) : [num(ctx, 'items')];
  for (const v of wanted) if (!Number.isInteger(v) || v < 1) throw new UsageError(`two-tower-vs-single-tower: items must be integers ≥ 1, got ${v}`);
  const kept = [...new Set(wanted.filter((v) => v <= cap))].sort((a, b) => a - b);
  if (wanted.some((v) => v > cap) && !kept.includes(cap)) kept.push(cap);
  return kept;
}

interface Point {
  items: number;
  two: Measurement;
  exact: Measurement;
  cross: Measurement;
  interleaved: boolean;
  buildSeconds: number;
  fromCache: boolean;
}

/** The first size where the cross model's median is above two-tower's (-1: none), from per-size medians. */
function crossoverIndex(points: { items: number }[], twoP50: (i: number) => number, crossP50: (i: number) => number): number {
  return points.findIndex((_, i) => crossP50(i) > twoP50(i));
}

/**
 * The catalog size where the cross model's median passes two-tower's: between the last size where it was not slower
 * and the first where it was, the ratio cross ÷ two-tower interpolated on log–log axes (each cost is close to a power
 * of the size between two neighbouring points), so the figure is not snapped to the sweep's grid. The first size when
 * the cross model is slower there already (the sweep starts above the crossover); `never` when it never is.
 */
export function crossoverItems(points: { items: number }[], twoP50: (i: number) => number, crossP50: (i: number) => number, never: number): number {
  const at = crossoverIndex(points, twoP50, crossP50);
  if (at < 0) return never;
  if (at === 0) return points[0].items;
  const below = Math.log(crossP50(at - 1) / twoP50(at - 1)); // ≤ 0
  const above = Math.log(crossP50(at) / twoP50(at)); // > 0
  const t = -below / (above - below);
  const [a, b] = [Math.log(points[at - 1].items), Math.log(points[at].items)];
  return Math.exp(a + t * (b - a));
}

export const experiment: Experiment = {
  id: 'two-tower-vs-single-tower',
  description: 'Serving cost per request: two-tower (user tower + ANN over cached item vectors) vs a cross model scoring every pair, as the catalog grows; the crossover and the budget limit',
  handlesSweep: true,
  async run(ctx) {
    const d = num(ctx, 'dim');
    const hidden = num(ctx, 'hidden');
    const requests = num(ctx, 'requests');
    const samples = num(ctx, 'samples');
    const budget = num(ctx, 'budget_ms');
    const seconds = num(ctx, 'point_seconds');
    const rng = ctx.rng('serving-cost');
    const ns = sizes(ctx);
    const maxN = ns[ns.length - 1];
    const all = normalizeRows(Float32Array.from({ length: maxN * d }, () => rng.normal()), d);
    const users = Float32Array.from({ length: requests * d }, () => rng.normal());
    const user = (i: number): Float32Array => users.subarray((i % requests) * d, ((i % requests) + 1) * d);
    ctx.setEnvironment('tfjsBackend', (await getTf({ gradients: false })).backend);
    const encoder = await createUserEncoder(d, hidden, rng.fork('user-tower'));
    const tick = () => ctx.tick();
    const base = { quantile: 0.99, minSamples: samples, maxSamples: 4 * samples, budgetMs: 500, trials: 10, tick, signal: ctx.signal };
    const points: Point[] = [];
    let crossMsPerItem = 0;
    for (const n of ns) {
      const items = all.subarray(0, n * d);
      const built = await ctx.stage(`hnsw ${n}`, () => getOrBuildHnsw({
        options: { dim: d, metric: 'ip', maxElements: n, M: 16, efConstruction: 64, seed: ctx.seed },
        vectors: items, shards: 1, source: { synthetic: 'two-tower-vs-single-tower', seed: ctx.seed, n, d },
        onTick: () => ctx.tick(), signal: ctx.signal, onEvent: logCacheProblems((m) => ctx.log(m)),
      }));
      const exact = await createExactScorer(items, d);
      const cross = await createCrossModel(items, d, hidden, rng.fork(`cross-${n}`));
      try {
        const fns = {
          two: (i: number) => built.index.search(encoder.encode(user(i)), Math.min(K, n), { ef: K }),
          exact: (i: number) => exact.topK(encoder.encode(user(i)), K),
          cross: (i: number) => cross.topK(user(i), K),
        };
        // the cross model joins the interleaving while `samples` of its calls fit the time cap (from the last size's cost),
        // as measure limits cut it (a test's run): past it the cross model gets what the cap allows, not `samples` calls
        const interleaved = crossMsPerItem * n * samples <= limitedBudgetMs(seconds * 1000);
        const m = await ctx.stage(`requests ${n}`, async () => {
          if (interleaved) return measureInterleaved(fns, { ...base, label: `serving cost ${n}` });
          const pair = await measureInterleaved({ two: fns.two, exact: fns.exact }, { ...base, label: `serving cost ${n}` });
          const alone = await measure(fns.cross, {
            // one trial, as for two-stage-why's full scan: a few long calls, and the warm-up covers the JIT tiers
            label: `cross model ${n}`, quantile: 0.5, minSamples: 3, maxSamples: 4 * samples, budgetMs: seconds * 1000, trials: 1,
            warmup: { minCalls: 2, maxCalls: 10, window: 1, maxMs: (seconds * 1000) / 2 }, tick, signal: ctx.signal,
          });
          return { ...pair, cross: alone };
        });
        crossMsPerItem = m.cross.summary.p50_ms / n;
        points.push({ items: n, two: m.two, exact: m.exact, cross: m.cross, interleaved, buildSeconds: built.buildSeconds, fromCache: built.source === 'disk' });
      } finally {
        exact.dispose();
        cross.dispose();
      }
      ctx.partial({ series: [seriesOf(points)] });
    }
    encoder.dispose();

    const bs = ctx.bootstrap;
    const rep = (m: Measurement, q: number) => timingQuantile(bs, m.samples, q, TIMES);
    const twoP50 = points.map((p) => rep(p.two, 0.5)!);
    const crossP50 = points.map((p) => rep(p.cross, 0.5)!);
    const last = points.at(-1)!;
    const at = crossoverIndex(points, (i) => points[i].two.summary.p50_ms, (i) => points[i].cross.summary.p50_ms);
    // the crossover from the sizes where all three were interleaved (cheap calls, many of them) when it lies there;
    // derived from their medians, so that the busy-machine twin survives
    const cheap = points.findIndex((p) => !p.interleaved);
    const span = at >= 0 && (cheap < 0 || at < cheap) ? (cheap < 0 ? points.length : cheap) : points.length;
    const crossoverReps = deriveReplicates([...twoP50.slice(0, span), ...crossP50.slice(0, span)], (...v) =>
      crossoverItems(points.slice(0, span), (j) => v[j], (j) => v[span + j], maxN),
    );
    // the cost per item from the largest catalog whose cross model got 20 or more calls (enough for the busy-machine
    // twin; past its fixed cost per request the cross model's cost is per pair), else from the largest
    const costAt = points.filter((p) => p.cross.samples.length >= COST_MIN_CALLS).at(-1) ?? last;
    const costCross = crossP50[points.indexOf(costAt)];
    const lastCross = crossP50.at(-1)!;
    const lastTwoP99 = rep(last.two, 0.99);
    const crossMsPer1k = (costAt.cross.summary.p50_ms / costAt.items) * 1000;
    // flops per request: cross scores N pairs at (2d·h + h·h + h) each; two-tower encodes one user (d·h + h·d)
    const crossFlops = maxN * (2 * d * hidden + hidden * hidden + hidden);
    const metrics = {
      // when the cross model never became slower, the crossover lies beyond the sweep: report the largest size and flag it
      crossover_found: at >= 0 ? 1 : 0,
      crossover_items: crossoverItems(points, (i) => points[i].two.summary.p50_ms, (i) => points[i].cross.summary.p50_ms, maxN),
      sweep_min_items: points[0].items,
      cross_ms_per_1k_items: crossMsPer1k,
      cross_budget_items: budget / (crossMsPer1k / 1000),
      largest_items: maxN,
      two_tower_p50_ms_at_largest: last.two.summary.p50_ms,
      two_tower_p99_ms_at_largest: last.two.summary.p99_ms,
      cross_p50_ms_at_largest: last.cross.summary.p50_ms,
      cross_p99_ms_at_largest: last.cross.summary.p99_ms,
      cross_over_two_tower_at_largest: last.cross.summary.p50_ms / last.two.summary.p50_ms,
      cross_mflops_per_request_at_largest: crossFlops / 1e6,
      budget_ms: budget,
    };
    const replicates: Record<string, ArrayLike<number>> = {
      crossover_items: crossoverReps,
      cross_ms_per_1k_items: deriveReplicates([costCross], (c) => (c / costAt.items) * 1000),
      cross_budget_items: deriveReplicates([costCross], (c) => budget / (c / costAt.items)),
      two_tower_p50_ms_at_largest: twoP50.at(-1)!,
      cross_p50_ms_at_largest: lastCross,
      cross_over_two_tower_at_largest: deriveReplicates([lastCross, twoP50.at(-1)!], (c, t) => c / t),
    };
    if (lastTwoP99) replicates.two_tower_p99_ms_at_largest = lastTwoP99;
    const crossNote = (p: Point) => (p.cross.summary.tail === 'max' ? `max of ${p.cross.summary.n}` : `n ${p.cross.summary.n}`);
    return {
      metrics,
      replicates,
      series: [seriesOf(points)],
      notes: [
        `dim ${d}, hidden ${hidden}; two-tower = user tower + HNSW top-${K} (M 16, ef ${K}); cross = MLP [u ‖ v] → ${hidden} → ${hidden} → 1 over every item, batched in tfjs, then top-${K}`,
        at >= 0
          ? at === 0
            ? `the cross model is already slower at the smallest catalog swept, ${points[0].items} item(s): the crossover lies at or below it (start the sweep lower)`
            : `crossover: the cross model is faster up to ${points[at - 1].items.toLocaleString('en-US')} items and slower from ${points[at].items.toLocaleString('en-US')} (p50 ${points[at].cross.summary.p50_ms.toFixed(3)} ms vs ${points[at].two.summary.p50_ms.toFixed(3)} ms), at about ${Math.round(metrics.crossover_items).toLocaleString('en-US')} items interpolated between them: both pay a fixed cost per request, the cross model also one per item`
          : 'the cross model stayed faster over the whole sweep',
        `budget limit: at ${costAt.items.toLocaleString('en-US')} items (the largest catalog with ${COST_MIN_CALLS} or more cross-model calls) the cross model costs ${crossMsPer1k.toFixed(4)} ms per 1,000 items at the median (${crossNote(costAt)}), so ${budget} ms fits about ${Math.round(metrics.cross_budget_items).toLocaleString('en-US')} items — a different number from the crossover: ${(metrics.cross_budget_items / metrics.crossover_items).toFixed(0)} times it`,
        `two-tower and exact were timed on ${last.two.summary.n} interleaved calls per size; the cross model ${points.filter((p) => p.interleaved).length === points.length ? 'with them at every size' : `with them up to ${(points.filter((p) => p.interleaved).at(-1)?.items ?? 0).toLocaleString('en-US')} items, then alone within ${seconds} s per size`}`,
        'vectors and weights are seeded random: this measures cost, not quality (two-tower-negatives and mf-vs-two-tower measure quality)',
      ],
    };
  },
};

function seriesOf(points: Point[]): Series {
  return {
    name: 'items-sweep',
    x: 'items',
    points: points.map((p) => ({
      items: p.items, two_tower_p50_ms: p.two.summary.p50_ms, two_tower_p99_ms: p.two.summary.p99_ms, exact_p50_ms: p.exact.summary.p50_ms,
      cross_p50_ms: p.cross.summary.p50_ms, cross_p99_ms: p.cross.summary.p99_ms, cross_n: p.cross.summary.n,
      cross_over_two_tower: p.cross.summary.p50_ms / p.two.summary.p50_ms, build_seconds: p.buildSeconds, from_cache: p.fromCache ? 1 : 0,
    })),
    ci: points.map((p) => ({ two_tower_p50_ms: p.two.summary.ci!.p50, cross_p50_ms: p.cross.summary.ci!.p50, exact_p50_ms: p.exact.summary.ci!.p50 })),
  };
}
