/**
 * retraining-policy: the same drifting traffic served by five policies — never retrain, retrain
 * every N days, retrain when feature PSI passes a threshold, blend a fresh model into the old one with
 * shifting weights, and online SGD updates — with true NDCG@10 per day and the training each spent.
 */
import { DriftWorld } from '../production/drift/drift-schedule.js';
import type { PolicySpec } from '../production/drift/retrain-policies.js';
import { runTimeline } from '../production/drift/timeline.js';
import { checkTimelineFits, dayHook, round4, scheduleFromParams, timelineFromParams } from './drift-common.js';
import type { Experiment } from './types.js';
import { num } from './param-readers.js';

export const experiment: Experiment = {
  id: 'retraining-policy',
  description: 'Never / periodic / PSI-triggered / blended / online retraining of a logistic ranker on a drifting world: quality over time and training cost',
  async run(ctx) {
    const everyDays = num(ctx, 'everyDays');
    const policies: PolicySpec[] = [
      { kind: 'never' },
      { kind: 'periodic', everyDays },
      { kind: 'psi', threshold: num(ctx, 'psiThreshold'), minGapDays: num(ctx, 'psiMinGapDays') },
      { kind: 'blend', everyDays, blendDays: num(ctx, 'blendDays'), initialNewWeight: num(ctx, 'initialNewWeight') },
      { kind: 'online' },
    ];
    const opts = timelineFromParams(ctx, policies);
    const world = await ctx.world();
    const dw = new DriftWorld(world, scheduleFromParams(ctx), ctx.rng('drift-world'));
    checkTimelineFits(dw, opts);
    const res = await ctx.stage('timeline', () => runTimeline(dw, { ...opts, onDay: dayHook(ctx, 'timeline', opts.days) }, ctx.rng('timeline')));

    const metrics: Record<string, number> = {};
    // every policy serves the same requests each day: per-day figures, resampled as paired units (population 'days')
    const replicates: Record<string, Float64Array> = {};
    const rows: (string | number)[][] = [];
    const lastWeek = Math.max(0, res.days.length - 7);
    for (const pol of res.policies) {
      const ndcg = pol.days.map((d) => d.ndcgAt10);
      const mean = ndcg.reduce((s, v) => s + v, 0) / ndcg.length;
      const tail = ndcg.slice(lastWeek).reduce((s, v) => s + v, 0) / (ndcg.length - lastWeek);
      const ctr = pol.days.reduce((s, d) => s + d.ctr, 0) / pol.days.length;
      metrics[`ndcg_at_10_${pol.name}`] = round4(mean);
      metrics[`ndcg_at_10_last_week_${pol.name}`] = round4(tail);
      metrics[`ctr_${pol.name}`] = round4(ctr);
      replicates[`ndcg_at_10_${pol.name}`] = ctx.bootstrap.mean('days', ndcg);
      replicates[`ndcg_at_10_last_week_${pol.name}`] = ctx.bootstrap.mean('last-week', ndcg.slice(lastWeek));
      replicates[`ctr_${pol.name}`] = ctx.bootstrap.mean('days', pol.days.map((d) => d.ctr));
      metrics[`retrains_${pol.name}`] = pol.retrains;
      metrics[`train_examples_${pol.name}`] = pol.trainExamples;
      rows.push([pol.name, round4(mean), round4(tail), round4(ctr), pol.retrains, pol.trainExamples, Math.round(pol.trainMs)]);
    }
    metrics.ndcg_at_10_warmup = round4(res.warmupNdcg);
    const best = res.policies.reduce((a, b) => (metrics[`ndcg_at_10_${b.name}`] > metrics[`ndcg_at_10_${a.name}`] ? b : a));
    return {
      metrics,
      replicates,
      series: [{
        name: 'quality',
        x: 'day',
        points: res.days.map((day, t) => {
          const point: Record<string, number> = { day };
          for (const pol of res.policies) point[`ndcg_${pol.name}`] = round4(pol.days[t].ndcgAt10);
          for (const pol of res.policies) point[`retrained_${pol.name}`] = pol.days[t].retrained ? 1 : 0;
          return point;
        }),
      }],
      tables: [{
        title: 'Retraining policies on the same traffic',
        columns: ['policy', 'mean NDCG@10', 'last-week NDCG@10', 'CTR', 'retrains', 'example-updates', 'train ms'],
        rows,
      }],
      notes: [
        `Best mean NDCG@10: ${best.name}. Every policy starts from the same model, trained on ${opts.warmupDays} warm-up days of exploration logs.`,
        `Intervals resample the ${res.days.length} days (every policy on the same day's traffic, so differences are paired); the seed decides the drifts' draws and the logged clicks — run with --seeds for that spread.`,
        'Example-updates = examples × epochs processed by SGD: the compute a policy spends. Online learning touches each logged example once.',
        'Blend: a fresh model joins at the initial weight and takes over linearly; blending two logistic models\' logits is one logistic model with blended weights.',
      ],
    };
  },
};
