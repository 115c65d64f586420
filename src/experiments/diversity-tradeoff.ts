/**
 * diversity-tradeoff: how much relevance does diversity cost? MMR λ sweep, DPP θ sweep and a
 * per-category cap sweep over the same candidate pools, each point measured as NDCG@10 (against the
 * simulator's true click probabilities), expected clicks, intra-list diversity, category coverage,
 * catalogue coverage and the Gini of exposure. Also puts a number on the guide's "10–20% diversity
 * boost" sweet spot: the relevance lost when intra-list diversity is raised by 10% and by 20%.
 */
import { catalogCoverage } from '../core/metrics/index.js';
import { deriveReplicates, type Bootstrap } from '../core/resample.js';
import { recordTwoTowerEngine } from './two-tower-engine.js';
import { buildServingStack } from '../serving/build-components.js';
import { buildPools, evaluateSelectorPerUser, qualityAtDiversity, summarisePoint, type DiversityPoint, type PerUserPoint, type Selector } from '../serving/diversity-eval.js';
import type { Experiment, Series } from './types.js';
import type { Interval } from '../core/intervals.js';
import { percentileInterval } from '../core/intervals.js';
import { num, str } from './param-readers.js';

/** The sampled users as a bootstrap population: every selector is evaluated on the same users (paired). */
const USERS = 'users';
const PER_USER = ['ndcg_at_10', 'expected_clicks_at_10', 'intra_list_diversity', 'category_coverage'] as const;

/** Replicates of the per-user metrics of a point (means over resampled users), and of catalogue coverage when asked. */
function pointReplicates(boot: Bootstrap, per: PerUserPoint, items: number, categories: number, coverage = false): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const m of PER_USER) out[m] = boot.mean(USERS, per[m]);
  out.distinct_categories_at_10 = out.category_coverage.map((c) => c * categories);
  if (coverage) {
    // a resample repeats users, so it covers fewer distinct items than the sample did: the replicates are shifted
    // by that bias (their mean moved onto the point value), which keeps their spread and pairing
    const reps = boot.statistic(USERS, per.lists.length, (idx) => catalogCoverage(Array.from(idx, (u) => per.lists[u]), items));
    const shift = catalogCoverage(per.lists, items) - reps.reduce((a, v) => a + v, 0) / reps.length;
    out.catalog_coverage = reps.map((v) => v + shift);
  }
  return out;
}

const LAMBDAS = [1, 0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.3, 0];
const THETAS = [0.99, 0.95, 0.9, 0.8, 0.7, 0.5, 0.3, 0];
const CAPS = [10, 5, 3, 2, 1];

function round(p: DiversityPoint): Record<string, number> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Math.round(v * 1e6) / 1e6]));
}

export const experiment: Experiment = {
  id: 'diversity-tradeoff',
  description: 'MMR λ, DPP θ and category-cap sweeps: NDCG@10 and expected clicks against intra-list diversity and coverage',
  async run(ctx) {
    const users = num(ctx, 'users');
    const pool = num(ctx, 'candidates');
    const k = num(ctx, 'k');
    const world = await ctx.stage('world', () => ctx.world());
    const stack = await ctx.stage('serving stack', () => buildServingStack(world, ctx.rng('stack'), {
        ann: 'exact',
        trees: 0,
        embeddings: str(ctx, 'embeddings') === 'two-tower' ? 'two-tower' : 'latent',
        seed: ctx.seed,
        signal: ctx.signal,
      }),
    );
    if (stack.twoTower) recordTwoTowerEngine(ctx, stack.twoTower);
    const rng = ctx.rng('users');
    const sample = Int32Array.from({ length: Math.min(users, world.users.count) }, () => rng.int(world.users.count));
    const pools = await ctx.stage('candidate pools', () => buildPools(world, stack.components, sample, pool));
    const series: Series[] = [];
    const boot = ctx.bootstrap;
    const items = world.items.count;
    const evaluate = (sel: Selector) => {
      const per = evaluateSelectorPerUser(world, stack.components, pools, sel, k);
      return { point: summarisePoint(world, per), per };
    };
    const evalCurve = async (name: string, x: string, values: number[], make: (v: number) => Selector) => {
      const points: Record<string, number>[] = [];
      const ci: Record<string, Interval>[] = [];
      const reps: Record<string, Float64Array>[] = [];
      for (const [i, v] of values.entries()) {
        await ctx.tick();
        const { point, per } = evaluate(make(v));
        const r = pointReplicates(boot, per, items, world.config.numCategories);
        points.push({ [x]: v, ...round(point) });
        ci.push(Object.fromEntries(Object.entries(r).map(([m, rep]) => [m, percentileInterval(rep)])));
        reps.push(r);
        ctx.progress(name, (i + 1) / values.length);
      }
      series.push({ name, x, points, ci });
      ctx.partial({ series: [...series] });
      return { points, reps };
    };
    const lambda = await ctx.stage('MMR λ sweep', () => evalCurve('lambda-sweep', 'lambda', LAMBDAS, (lambda) => ({ method: 'mmr', lambda })));
    const lambdaCurve = lambda.points;
    await ctx.stage('DPP θ sweep', () => evalCurve('theta-sweep', 'theta', THETAS, (theta) => ({ method: 'dpp', theta })));
    await ctx.stage('category cap sweep', () => evalCurve('cap-sweep', 'max_per_category', CAPS, (maxPerCategory) => ({ method: 'cap', maxPerCategory })));

    const baseRun = evaluate({ method: 'relevance' });
    const base = baseRun.point;
    const chosenRuns = {
      mmr: evaluate({ method: 'mmr', lambda: num(ctx, 'lambda') }),
      dpp: evaluate({ method: 'dpp', theta: num(ctx, 'theta') }),
      cap: evaluate({ method: 'cap', maxPerCategory: num(ctx, 'maxPerCategory') }),
    };
    const chosen = { mmr: chosenRuns.mmr.point, dpp: chosenRuns.dpp.point, cap: chosenRuns.cap.point };
    const metrics: Record<string, number> = { ...base };
    for (const [method, p] of Object.entries(chosen)) for (const [m, v] of Object.entries(p)) metrics[`${method}_${m}`] = v;
    // every selector ran on the same users: replicate b of each metric resamples the same users
    const baseReps = pointReplicates(boot, baseRun.per, items, world.config.numCategories, true);
    const replicates: Record<string, ArrayLike<number>> = { ...baseReps };
    for (const [method, run] of Object.entries(chosenRuns)) {
      for (const [m, rep] of Object.entries(pointReplicates(boot, run.per, items, world.config.numCategories, true))) replicates[`${method}_${m}`] = rep;
    }
    const lossPct = (ndcg: ArrayLike<number>) => deriveReplicates([ndcg, baseReps.ndcg_at_10], (q, b) => 100 * (1 - q / b));

    // the guide's "10–20% diversity boost": raise ILD@10 by 10% / 20% along the MMR curve, read off the cost
    const notes = [...stack.notes];
    const curve = lambdaCurve.map((p) => ({ diversity: p.intra_list_diversity, quality: p.ndcg_at_10, clicks: p.expected_clicks_at_10 }));
    const clickCurve = curve.map((p) => ({ diversity: p.diversity, quality: p.clicks }));
    metrics.ild_gain_pct_max = 100 * (Math.max(...curve.map((p) => p.diversity)) / base.intra_list_diversity - 1);
    // the far end of the λ curve (λ = 0: novelty only after the first pick)
    metrics.ndcg_loss_pct_at_lambda_0 = 100 * (1 - lambdaCurve[lambdaCurve.length - 1].ndcg_at_10 / base.ndcg_at_10);
    replicates.ndcg_loss_pct_at_lambda_0 = lossPct(lambda.reps[lambda.reps.length - 1].ndcg_at_10);
    metrics.mmr_ndcg_loss_pct = 100 * (1 - chosen.mmr.ndcg_at_10 / base.ndcg_at_10);
    replicates.mmr_ndcg_loss_pct = lossPct(replicates.mmr_ndcg_at_10);
    metrics.dpp_ndcg_loss_pct = 100 * (1 - chosen.dpp.ndcg_at_10 / base.ndcg_at_10);
    replicates.dpp_ndcg_loss_pct = lossPct(replicates.dpp_ndcg_at_10);
    for (const boost of [10, 20]) {
      const target = base.intra_list_diversity * (1 + boost / 100);
      const q = qualityAtDiversity(curve, target);
      const c = qualityAtDiversity(clickCurve, target);
      if (q === undefined || c === undefined) {
        notes.push(`MMR never raised intra-list diversity by ${boost}% on these pools (max ${metrics.ild_gain_pct_max.toFixed(1)}%)`);
        continue;
      }
      metrics[`ndcg_loss_pct_at_ild_plus_${boost}`] = 100 * (1 - q / base.ndcg_at_10);
      metrics[`clicks_loss_pct_at_ild_plus_${boost}`] = 100 * (1 - c / base.expected_clicks_at_10);
      // the same reading on every resample of the users: the curve, its target and the base all move together
      replicates[`ndcg_loss_pct_at_ild_plus_${boost}`] = Float64Array.from({ length: boot.B }, (_, b) => {
        const t = baseReps.intra_list_diversity[b] * (1 + boost / 100);
        const qb = qualityAtDiversity(lambda.reps.map((r) => ({ diversity: r.intra_list_diversity[b], quality: r.ndcg_at_10[b] })), t);
        return qb === undefined ? NaN : 100 * (1 - qb / baseReps.ndcg_at_10[b]);
      });
    }
    notes.push(
      `relevance only: NDCG@10 ${base.ndcg_at_10.toFixed(3)}, ILD ${base.intra_list_diversity.toFixed(3)}, ${base.distinct_categories_at_10.toFixed(1)} categories per list, catalogue coverage ${(100 * base.catalog_coverage).toFixed(1)}%`,
      'the simulated user has no taste for variety (clicks are independent per item): with a perfect ranker diversity could only cost relevance; with a noisy one, near-duplicates share the same scoring error, so mild diversification can hedge it (a negative loss below is a gain)',
    );
    metrics.users_evaluated = pools.length;
    return {
      metrics,
      replicates,
      series,
      tables: [
        {
          title: 'Chosen settings',
          columns: ['method', 'ndcg_at_10', 'expected_clicks_at_10', 'intra_list_diversity', 'distinct_categories_at_10', 'catalog_coverage', 'gini_exposure'],
          rows: [['relevance', base] as const, ...Object.entries(chosen)].map(([m, p]) => [
            m,
            ...(['ndcg_at_10', 'expected_clicks_at_10', 'intra_list_diversity', 'distinct_categories_at_10', 'catalog_coverage', 'gini_exposure'] as const).map((key) => Math.round(p[key] * 1e4) / 1e4),
          ]),
        },
      ],
      notes,
    };
  },
};
