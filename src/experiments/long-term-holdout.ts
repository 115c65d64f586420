/**
 * long-term-holdout: a quarter's launches, each shipped on a positive A/B test, against a small holdout kept on the
 * original ranker — the sum of the launches' readings next to the cumulative effect the holdout measures and the
 * truth the simulator knows.
 */
import { deriveReplicates } from '../core/resample.js';
import { mean } from '../core/stats.js';
import { simulateHoldout } from '../production/rollout/holdout-simulation.js';
import { tasteRanker } from '../production/rollout/traffic.js';
import { buildUserPanel } from '../production/rollout/user-panel.js';
import { round4 } from './drift-common.js';
import { num } from './param-readers.js';
import type { Experiment } from './types.js';

export const experiment: Experiment = {
  id: 'long-term-holdout',
  description: 'Many launches shipped on positive A/B tests against a permanent holdout: claimed, measured and true cumulative lift',
  async run(ctx) {
    const runs = num(ctx, 'runs');
    const launches = num(ctx, 'launches');
    const world = await ctx.world();
    const control = tasteRanker(world, 'control', num(ctx, 'controlNoise'), ctx.rng('control-model'));
    // the panel needs only the control ranker's clicks: each launch's effect is a multiplier on them
    const panel = await ctx.stage('user panel', () =>
      buildUserPanel(world, control, control, { users: num(ctx, 'users'), candidates: num(ctx, 'candidates'), requestsPerUser: num(ctx, 'requestsPerUser'), tick: () => ctx.tick(), progress: (f) => ctx.progress('user panel', f) }, ctx.rng('panel')),
    );
    const sim = await ctx.stage('launches and holdout', () =>
      simulateHoldout(panel, {
        launches, effectMean: num(ctx, 'effectMean'), effectSd: num(ctx, 'effectSd'), testDays: num(ctx, 'testDays'), holdoutShare: num(ctx, 'holdoutShare'),
        holdoutDays: num(ctx, 'holdoutDays'), alpha: num(ctx, 'alpha'), runs, tick: () => ctx.tick(), progress: (f) => ctx.progress('launches and holdout', f),
      }, ctx.rng('holdout')),
    );
    const bs = ctx.bootstrap;
    const r: Record<string, Float64Array> = {
      claimed_lift: bs.mean('holdout-runs', sim.claimedLift),
      true_cumulative_lift: bs.mean('holdout-runs', sim.trueLift),
      holdout_lift: bs.mean('holdout-runs', sim.holdoutLift),
      launches_shipped: bs.mean('holdout-runs', sim.shipped),
      harmful_shipped: bs.mean('holdout-runs', sim.shippedHarmful),
    };
    r.claimed_overstatement = deriveReplicates([r.claimed_lift, r.true_cumulative_lift], (c, t) => c - t);
    r.holdout_error = deriveReplicates([r.holdout_lift, r.true_cumulative_lift], (h, t) => h - t);
    const m = (v: Float64Array) => round4(mean(v));
    const metrics: Record<string, number> = {
      claimed_lift: m(sim.claimedLift),
      true_cumulative_lift: m(sim.trueLift),
      holdout_lift: m(sim.holdoutLift),
      claimed_overstatement: round4(mean(sim.claimedLift) - mean(sim.trueLift)),
      holdout_error: round4(mean(sim.holdoutLift) - mean(sim.trueLift)),
      launches_shipped: m(sim.shipped),
      harmful_shipped: m(sim.shippedHarmful),
      launches,
      runs,
    };
    return {
      metrics,
      replicates: r,
      tables: [{
        title: 'Cumulative lift of the shipped launches, three ways',
        columns: ['reading', 'cumulative lift in clicks per user'],
        rows: [
          ['the launches\' own A/B readings, compounded', metrics.claimed_lift],
          ['the holdout: everyone else against the users kept on the original ranker', metrics.holdout_lift],
          ['the truth: the shipped launches\' true effects, compounded', metrics.true_cumulative_lift],
          [`launches shipped of ${launches} (of which harmful)`, `${metrics.launches_shipped} (${metrics.harmful_shipped})`],
        ],
      }],
      notes: [
        `${runs} simulated sequences of ${launches} launches on the same ${panel.users.length} users; each launch's true effect is drawn from N(${num(ctx, 'effectMean')}, ${num(ctx, 'effectSd')}²) and multiplies the clicks per session of everyone outside the holdout once shipped.`,
        'A launch ships when its test gives p < α with a positive lift: the selection keeps the launches whose noise was favourable, so their readings overstate them.',
      ],
    };
  },
};
