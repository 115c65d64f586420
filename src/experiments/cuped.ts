/**
 * cuped: the same A/B tests read plainly and with CUPED (the users' pre-period clicks as the covariate) — the
 * variance removed, the users it saves, the tests it turns significant, and how all of that rests on the
 * correlation a longer pre-period buys.
 */
import { cupedSampleSize } from '../core/abtest/index.js';
import { deriveReplicates } from '../core/resample.js';
import { mean } from '../core/stats.js';
import { simulateCuped } from '../production/rollout/cuped-simulation.js';
import { tasteRanker } from '../production/rollout/traffic.js';
import { buildUserPanel } from '../production/rollout/user-panel.js';
import { round4 } from './drift-common.js';
import { num } from './param-readers.js';
import type { Experiment } from './types.js';

/** Pre-period lengths of the curve "variance removed against days of history". */
const PRE_DAYS_CURVE = [0, 1, 2, 4, 7, 14, 28];

export const experiment: Experiment = {
  id: 'cuped',
  description: 'CUPED with the pre-period metric as covariate: variance reduction, users saved and detection rate against the plain test, on the same simulated tests',
  async run(ctx) {
    const runs = num(ctx, 'runs');
    const preDays = num(ctx, 'preDays');
    const testDays = num(ctx, 'testDays');
    const alpha = num(ctx, 'alpha');
    const world = await ctx.world();
    const control = tasteRanker(world, 'control', num(ctx, 'controlNoise'), ctx.rng('control-model'));
    const treatment = tasteRanker(world, 'treatment', num(ctx, 'treatmentNoise'), ctx.rng('treatment-model'));
    const panel = await ctx.stage('user panel', () =>
      buildUserPanel(world, control, treatment, { users: num(ctx, 'users'), candidates: num(ctx, 'candidates'), requestsPerUser: num(ctx, 'requestsPerUser'), tick: () => ctx.tick(), progress: (f) => ctx.progress('user panel', f) }, ctx.rng('panel')),
    );
    const tick = () => ctx.tick();
    const sim = await ctx.stage('plain and CUPED tests', () => simulateCuped(panel, { preDays, testDays, alpha, runs, tick, progress: (f) => ctx.progress('plain and CUPED tests', f) }, ctx.rng('cuped')));
    const curveRuns = Math.max(2, Math.min(10, runs));
    const curve = await ctx.stage('pre-period curve', async () => {
      const points: Record<string, number>[] = [];
      for (const p of PRE_DAYS_CURVE) {
        const s = await simulateCuped(panel, { preDays: p, testDays, alpha, runs: curveRuns, tick }, ctx.rng(`cuped-curve-${p}`));
        const vr = mean(s.varianceReduction);
        points.push({ pre_days: p, variance_reduction: round4(vr), users_needed_share: round4(1 - vr) });
      }
      return points;
    });

    const bs = ctx.bootstrap;
    const seRatio = Float64Array.from(sim.cupedSe, (c, i) => c / sim.plainSe[i]);
    const rel = (d: Float64Array) => Float64Array.from(d, (v) => (v - sim.trueDiff) / Math.abs(sim.trueDiff));
    const r: Record<string, Float64Array> = {
      variance_reduction: bs.mean('cuped-runs', sim.varianceReduction),
      se_ratio: bs.mean('cuped-runs', seRatio),
      plain_detection_rate: bs.mean('cuped-runs', sim.plainSignificant),
      cuped_detection_rate: bs.mean('cuped-runs', sim.cupedSignificant),
      plain_relative_bias: bs.mean('cuped-runs', rel(sim.plainDiff)),
      cuped_relative_bias: bs.mean('cuped-runs', rel(sim.cupedDiff)),
    };
    r.users_needed_share = deriveReplicates([r.variance_reduction], (v) => 1 - v);
    r.detection_gain = deriveReplicates([r.cuped_detection_rate, r.plain_detection_rate], (c, p) => c - p);
    const vr = mean(sim.varianceReduction);
    const plainN = panel.users.length / 2;
    const metrics: Record<string, number> = {
      true_diff: round4(sim.trueDiff),
      variance_reduction: round4(vr),
      users_needed_share: round4(1 - vr),
      se_ratio: round4(mean(seRatio)),
      plain_detection_rate: round4(mean(sim.plainSignificant)),
      cuped_detection_rate: round4(mean(sim.cupedSignificant)),
      detection_gain: round4(mean(sim.cupedSignificant) - mean(sim.plainSignificant)),
      plain_relative_bias: round4(mean(rel(sim.plainDiff))),
      cuped_relative_bias: round4(mean(rel(sim.cupedDiff))),
      users_per_arm: plainN,
      runs,
      alpha,
    };
    return {
      metrics,
      replicates: r,
      series: [{ name: 'pre-period-curve', x: 'pre_days', points: curve }],
      tables: [{
        title: 'The same tests, plain and with CUPED',
        columns: ['quantity', 'plain', 'CUPED'],
        rows: [
          ['mean difference in clicks per user (true: ' + metrics.true_diff + ')', round4(mean(sim.plainDiff)), round4(mean(sim.cupedDiff))],
          ['standard error (mean over tests)', round4(mean(sim.plainSe)), round4(mean(sim.cupedSe))],
          [`share of tests significant at α = ${alpha}`, metrics.plain_detection_rate, metrics.cuped_detection_rate],
          ['users per arm for the same precision', plainN, vr > 0 && vr < 1 ? cupedSampleSize(plainN, vr) : plainN],
        ],
      }],
      notes: [
        `${runs} simulated tests on the same ${panel.users.length} users; the covariate is each user's clicks over ${preDays} pre-period days under control, the metric their clicks over ${testDays} test days.`,
        'θ is estimated once from both arms pooled, so the adjustment is the same in both arms and the difference in means stays unbiased; the variance removed equals the squared correlation between pre-period and test-period clicks.',
      ],
    };
  },
};
