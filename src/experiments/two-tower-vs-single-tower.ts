/**
 * Two-tower versus single-tower (cross) serving cost as the catalog grows: per request, the two-tower
 * model encodes the user once and searches cached item vectors (HNSW, and exact inner products for
 * reference); the cross model runs its MLP on every (user, item) pair. The crossover is the smallest
 * catalog where the cross model is slower; the budget check finds the largest catalog a cross model
 * can score inside the latency budget (the guide says single tower only below ~10K items).
 */
import { UsageError } from '../core/errors.js';
import { normalizeRows } from '../core/vec.js';
import { summariseLatency } from '../core/stats.js';
import { getOrBuildHnsw } from '../retrieval/index.js';
import { createCrossModel, createExactScorer, createUserEncoder } from '../models/two-tower/serving-cost.js';
import { getTf } from '../models/tf-backend.js';
import { num } from './two-tower-common.js';
import type { Experiment, ExperimentContext, Series } from './types.js';
import { logCacheProblems } from '../data/cache.js';

const SCALE_CAP = { tiny: 10_000, small: 200_000, full: 1_000_000 } as const;
const K = 100;

function sizes(ctx: ExperimentContext): number[] {
  const cap = SCALE_CAP[ctx.scale];
  const wanted = ctx.sweep?.param === 'items' ? ctx.sweep.values.map(Number) : [num(ctx, 'items', 10_000)];
  for (const v of wanted) if (!Number.isInteger(v) || v < 100) throw new UsageError(`two-tower-vs-single-tower: items must be integers ≥ 100, got ${v}`);
  const kept = [...new Set(wanted.filter((v) => v <= cap))].sort((a, b) => a - b);
  if (wanted.some((v) => v > cap) && !kept.includes(cap)) kept.push(cap);
  return kept;
}

/** Time `fn` for up to `requests` calls or `seconds`, whichever ends first (at least 3 calls). */
async function timeRequests(ctx: ExperimentContext, requests: number, seconds: number, fn: (r: number) => void): Promise<number[]> {
  const ms: number[] = [];
  const start = performance.now();
  for (let r = 0; r < requests; r++) {
    const t = performance.now();
    fn(r);
    ms.push(performance.now() - t);
    await ctx.tick();
    if (r >= 2 && performance.now() - start > seconds * 1000) break;
  }
  return ms;
}

export const experiment: Experiment = {
  id: 'two-tower-vs-single-tower',
  description: 'Serving cost per request: two-tower (user tower + ANN over cached item vectors) vs a cross model scoring every pair, as the catalog grows; crossover and budget',
  handlesSweep: true,
  async run(ctx) {
    const d = num(ctx, 'dim', 64);
    const hidden = num(ctx, 'hidden', 64);
    const requests = num(ctx, 'requests', 50);
    const budget = num(ctx, 'budget_ms', 100);
    const seconds = num(ctx, 'point_seconds', 2);
    const rng = ctx.rng('serving-cost');
    const ns = sizes(ctx);
    const maxN = ns[ns.length - 1];
    const all = normalizeRows(Float32Array.from({ length: maxN * d }, () => rng.normal()), d);
    const users = Float32Array.from({ length: requests * d }, () => rng.normal());
    ctx.setEnvironment('tfjsBackend', (await getTf({ gradients: false })).backend);
    const encoder = await createUserEncoder(d, hidden, rng.fork('user-tower'));
    const points: Series['points'] = [];
    for (const n of ns) {
      const items = all.subarray(0, n * d);
      const built = await ctx.stage(`hnsw ${n}`, () => getOrBuildHnsw({
        options: { dim: d, metric: 'ip', maxElements: n, M: 16, efConstruction: 64, seed: ctx.seed },
        vectors: items, shards: 1, source: { synthetic: 'two-tower-vs-single-tower', seed: ctx.seed, n, d },
        onTick: () => ctx.tick(), signal: ctx.signal, onEvent: logCacheProblems((m) => ctx.log(m)),
      }));
      const two = await timeRequests(ctx, requests, seconds, (r) => {
        built.index.search(encoder.encode(users.subarray(r * d, (r + 1) * d)), K, { ef: K });
      });
      const exact = await createExactScorer(items, d);
      const exactMs = await timeRequests(ctx, requests, seconds, (r) => exact.topK(encoder.encode(users.subarray(r * d, (r + 1) * d)), K));
      exact.dispose();
      const cross = await createCrossModel(items, d, hidden, rng.fork(`cross-${n}`));
      const crossMs = await ctx.stage(`cross ${n}`, () => timeRequests(ctx, requests, seconds, (r) => cross.topK(users.subarray(r * d, (r + 1) * d), K)));
      cross.dispose();
      const t = summariseLatency(two);
      const e = summariseLatency(exactMs);
      const c = summariseLatency(crossMs);
      points.push({
        items: n, two_tower_p50_ms: t.p50_ms, two_tower_p99_ms: t.p99_ms, exact_p50_ms: e.p50_ms,
        cross_p50_ms: c.p50_ms, cross_p99_ms: c.p99_ms, cross_over_two_tower: c.p50_ms / t.p50_ms,
        build_seconds: built.buildSeconds, from_cache: built.source === 'disk' ? 1 : 0,
      });
      ctx.partial({ series: [{ name: 'items-sweep', x: 'items', points: [...points] }] });
    }
    encoder.dispose();
    const crossover = points.find((p) => Number(p.cross_p50_ms) > Number(p.two_tower_p50_ms));
    const inBudget = points.filter((p) => Number(p.cross_p99_ms) <= budget).map((p) => Number(p.items));
    const last = points[points.length - 1];
    // flops per request: cross scores N pairs at (2d·h + h·h + h) each; two-tower encodes one user (d·h + h·d)
    const crossFlops = maxN * (2 * d * hidden + hidden * hidden + hidden);
    return {
      metrics: {
        // when the cross model never became slower, the crossover lies beyond the sweep: report the largest size and flag it
        crossover_found: crossover ? 1 : 0,
        crossover_items: crossover ? Number(crossover.items) : maxN,
        cross_max_items_in_budget: inBudget.length ? Math.max(...inBudget) : 0,
        largest_items: maxN,
        two_tower_p99_ms_at_largest: Number(last.two_tower_p99_ms),
        cross_p99_ms_at_largest: Number(last.cross_p99_ms),
        cross_over_two_tower_at_largest: Number(last.cross_over_two_tower),
        cross_mflops_per_request_at_largest: crossFlops / 1e6,
        budget_ms: budget,
      },
      series: [{ name: 'items-sweep', x: 'items', points }],
      notes: [
        `dim ${d}, hidden ${hidden}; two-tower = user tower + HNSW top-${K} (M 16, ef ${K}); cross = MLP [u ‖ v] → ${hidden} → ${hidden} → 1 over every item, batched in tfjs, then top-${K}`,
        crossover ? `the cross model is ${crossover === points[0] ? 'already ' : ''}slower from ${Number(crossover.items).toLocaleString('en-US')} items (p50 ${Number(crossover.cross_p50_ms).toFixed(2)} ms vs ${Number(crossover.two_tower_p50_ms).toFixed(2)} ms)` : 'the cross model stayed faster over the whole sweep',
        `largest catalog the cross model scores within the ${budget} ms p99 budget here: ${inBudget.length ? Math.max(...inBudget).toLocaleString('en-US') : 'none of the swept sizes'} items (sweep capped at ${SCALE_CAP[ctx.scale].toLocaleString('en-US')} for scale ${ctx.scale})`,
        'vectors and weights are seeded random: this measures cost, not quality (two-tower-negatives and mf-vs-two-tower measure quality)',
      ],
    };
  },
};
