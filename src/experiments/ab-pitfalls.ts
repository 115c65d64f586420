/**
 * ab-pitfalls: three reasons not to trust a +x % A/B result, each simulated on the world's users with a known true
 * effect so the wrong reading stands next to the right one — a sample ratio mismatch (treatment loses its light
 * users), novelty (the effect fades with exposure), and interference (a shared inventory lets treatment take what
 * control would have bought; cluster and switchback randomisation remove the bias at a cost in power), and label delay
 * (purchases land days after the click, slow ones on expensive items; reading at the test's end misses them).
 */
import { deriveReplicates } from '../core/resample.js';
import { meanOfDefined as mean, std } from '../core/stats.js';
import { simulateInterference } from '../production/rollout/interference-simulation.js';
import { buildDelayPools, priceBoostRanker, simulateLabelDelay } from '../production/rollout/label-delay-simulation.js';
import { simulateNovelty } from '../production/rollout/novelty-simulation.js';
import { simulateSrm } from '../production/rollout/srm-simulation.js';
import { tasteRanker } from '../production/rollout/traffic.js';
import { buildUserPanel, panelTrueLift } from '../production/rollout/user-panel.js';
import { round4 } from './drift-common.js';
import { num } from './param-readers.js';
import type { Experiment } from './types.js';

/** Replicates of sd(a)/sd(b) over resampled runs (paired: the same runs in both). */
function spreadRatio(bootstrap: { statistic(p: string, n: number, f: (idx: Int32Array) => number): Float64Array }, a: Float64Array, b: Float64Array): Float64Array {
  return bootstrap.statistic('interference-runs', a.length, (idx) => std(Array.from(idx, (i) => a[i])) / std(Array.from(idx, (i) => b[i])));
}

export const experiment: Experiment = {
  id: 'ab-pitfalls',
  description: 'Sample ratio mismatch, novelty, interference and label delay simulated on the world, each read wrongly and rightly against the known true effect',
  async run(ctx) {
    const runs = num(ctx, 'runs');
    const days = num(ctx, 'days');
    const world = await ctx.world();
    const control = tasteRanker(world, 'control', num(ctx, 'controlNoise'), ctx.rng('control-model'));
    const treatment = tasteRanker(world, 'treatment', num(ctx, 'treatmentNoise'), ctx.rng('treatment-model'));
    const panel = await ctx.stage('user panel', () =>
      buildUserPanel(world, control, treatment, { users: num(ctx, 'users'), candidates: num(ctx, 'candidates'), requestsPerUser: num(ctx, 'requestsPerUser'), tick: () => ctx.tick(), progress: (f) => ctx.progress('user panel', f) }, ctx.rng('panel')),
    );
    const trueLift = panelTrueLift(panel);
    const tick = () => ctx.tick();
    const srm = await ctx.stage('sample ratio mismatch', () =>
      simulateSrm(panel, { days, timeoutRate: num(ctx, 'timeoutRate'), srmAlpha: num(ctx, 'srmAlpha'), runs, tick, progress: (f) => ctx.progress('sample ratio mismatch', f) }, ctx.rng('srm')),
    );
    const novelty = await ctx.stage('novelty', () =>
      simulateNovelty(panel, { days: num(ctx, 'noveltyDays'), novelty: num(ctx, 'novelty'), decayDays: num(ctx, 'decayDays'), lateAge: num(ctx, 'lateAge'), runs, tick, progress: (f) => ctx.progress('novelty', f) }, ctx.rng('novelty')),
    );
    const inter = await ctx.stage('interference', () => simulateInterference(panel, { days, supply: num(ctx, 'supply'), runs, tick, progress: (f) => ctx.progress('interference', f) }, ctx.rng('interference')));
    const delayRequests = num(ctx, 'delayRequests');
    const delay = await ctx.stage('label delay', async () => {
      const premium = priceBoostRanker(world, control, num(ctx, 'priceBoost'));
      const pools = await buildDelayPools(world, control, premium, { requests: delayRequests, candidates: num(ctx, 'candidates'), delayDays: num(ctx, 'delayDays'), tick }, ctx.rng('delay-pools'));
      return simulateLabelDelay(pools, { testDays: days, waitDays: num(ctx, 'waitDays'), minAgeDays: 1, requestsPerArm: delayRequests, runs, tick, progress: (f) => ctx.progress('label delay', f) }, ctx.rng('label-delay'));
    });

    const bs = ctx.bootstrap;
    const r: Record<string, Float64Array> = {};
    r.srm_flag_rate = bs.mean('srm-runs', srm.flagged);
    r.srm_logged_lift = bs.mean('srm-runs', srm.loggedLift);
    r.srm_itt_lift = bs.mean('srm-runs', srm.ittLift);
    r.srm_logged_ratio = bs.mean('srm-runs', srm.loggedRatio);
    r.srm_logged_bias = deriveReplicates([r.srm_logged_lift], (l) => l - trueLift);
    r.srm_itt_bias = deriveReplicates([r.srm_itt_lift], (l) => l - trueLift);
    r.novelty_first_week_lift = bs.mean('novelty-runs', novelty.firstWeekLift);
    r.novelty_last_week_lift = bs.mean('novelty-runs', novelty.lastWeekLift);
    r.novelty_late_cohort_lift = bs.mean('novelty-runs', novelty.lateCohortLift);
    r.novelty_first_week_bias = deriveReplicates([r.novelty_first_week_lift], (l) => l - trueLift);
    r.novelty_late_cohort_bias = deriveReplicates([r.novelty_late_cohort_lift], (l) => l - trueLift);
    const biasOf = (est: Float64Array) => Float64Array.from(est, (v, i) => v - inter.trueLift[i]);
    r.interference_true_lift = bs.mean('interference-runs', inter.trueLift);
    r.user_split_lift = bs.mean('interference-runs', inter.userSplitLift);
    r.cluster_lift = bs.mean('interference-runs', inter.clusterLift);
    r.switchback_lift = bs.mean('interference-runs', inter.switchbackLift);
    r.user_split_bias = bs.mean('interference-runs', biasOf(inter.userSplitLift));
    r.cluster_bias = bs.mean('interference-runs', biasOf(inter.clusterLift));
    r.switchback_bias = bs.mean('interference-runs', biasOf(inter.switchbackLift));
    r.delay_naive_lift = bs.mean('delay-runs', delay.naiveLift);
    r.delay_waited_lift = bs.mean('delay-runs', delay.waitedLift);
    r.delay_corrected_lift = bs.mean('delay-runs', delay.correctedLift);
    r.delay_landed_share = bs.mean('delay-runs', delay.landedShare);
    r.delay_naive_bias = deriveReplicates([r.delay_naive_lift], (l) => l - delay.trueLift);
    r.delay_waited_bias = deriveReplicates([r.delay_waited_lift], (l) => l - delay.trueLift);
    r.delay_corrected_bias = deriveReplicates([r.delay_corrected_lift], (l) => l - delay.trueLift);
    r.switchback_spread_ratio = spreadRatio(bs, inter.switchbackLift, inter.userSplitLift);
    r.cluster_spread_ratio = spreadRatio(bs, inter.clusterLift, inter.userSplitLift);

    const point: Record<string, number> = {
      srm_flag_rate: mean(srm.flagged),
      srm_logged_lift: mean(srm.loggedLift),
      srm_itt_lift: mean(srm.ittLift),
      srm_logged_ratio: mean(srm.loggedRatio),
      novelty_first_week_lift: mean(novelty.firstWeekLift),
      novelty_last_week_lift: mean(novelty.lastWeekLift),
      novelty_late_cohort_lift: mean(novelty.lateCohortLift),
      interference_true_lift: mean(inter.trueLift),
      user_split_lift: mean(inter.userSplitLift),
      cluster_lift: mean(inter.clusterLift),
      switchback_lift: mean(inter.switchbackLift),
      user_split_bias: mean(biasOf(inter.userSplitLift)),
      cluster_bias: mean(biasOf(inter.clusterLift)),
      switchback_bias: mean(biasOf(inter.switchbackLift)),
      switchback_spread_ratio: std(inter.switchbackLift) / std(inter.userSplitLift),
      cluster_spread_ratio: std(inter.clusterLift) / std(inter.userSplitLift),
      delay_naive_lift: mean(delay.naiveLift),
      delay_waited_lift: mean(delay.waitedLift),
      delay_corrected_lift: mean(delay.correctedLift),
      delay_landed_share: mean(delay.landedShare),
    };
    point.delay_naive_bias = point.delay_naive_lift - delay.trueLift;
    point.delay_waited_bias = point.delay_waited_lift - delay.trueLift;
    point.delay_corrected_bias = point.delay_corrected_lift - delay.trueLift;
    point.srm_logged_bias = point.srm_logged_lift - trueLift;
    point.srm_itt_bias = point.srm_itt_lift - trueLift;
    point.novelty_first_week_bias = point.novelty_first_week_lift - trueLift;
    point.novelty_late_cohort_bias = point.novelty_late_cohort_lift - trueLift;
    const metrics: Record<string, number> = { true_lift: round4(trueLift), delay_true_lift: round4(delay.trueLift), panel_users: panel.users.length, runs };
    for (const [k, v] of Object.entries(point)) metrics[k] = round4(v);

    const ageSeries = Array.from(novelty.liftByAge, (l, age) => ({ days_since_first_exposure: age, lift: round4(l), true_long_run_lift: round4(trueLift) })).filter((p) => Number.isFinite(p.lift));
    const design = (name: string, key: string, lifts: Float64Array) => [name, metrics[`${key}_lift`], metrics[`${key}_bias`], round4(std(lifts))];
    return {
      metrics,
      replicates: r,
      series: [{ name: 'novelty-by-exposure-age', x: 'days_since_first_exposure', points: ageSeries }],
      tables: [
        {
          title: 'Sample ratio mismatch: logged users against assigned users',
          columns: ['reading', 'lift in clicks per user', 'bias against the true lift'],
          rows: [
            ['true lift (the panel\'s expected clicks)', metrics.true_lift, 0],
            ['logged users only (what the dashboard shows)', metrics.srm_logged_lift, metrics.srm_logged_bias],
            ['every assigned user with a session (intent to treat)', metrics.srm_itt_lift, metrics.srm_itt_bias],
            [`runs where the SRM check fired (p < ${num(ctx, 'srmAlpha')})`, metrics.srm_flag_rate, ''],
          ],
        },
        {
          title: 'Novelty: the lift by when you read it',
          columns: ['reading', 'lift', 'bias against the long-run lift'],
          rows: [
            ['first calendar week', metrics.novelty_first_week_lift, metrics.novelty_first_week_bias],
            ['last calendar week', metrics.novelty_last_week_lift, round4(point.novelty_last_week_lift - trueLift)],
            [`sessions ≥ ${num(ctx, 'lateAge')} days after first exposure`, metrics.novelty_late_cohort_lift, metrics.novelty_late_cohort_bias],
          ],
        },
        {
          title: 'Interference: designs against the global effect',
          columns: ['design', 'mean lift', 'bias against everyone-on-treatment', 'spread over runs (sd)'],
          rows: [
            ['everyone on treatment vs everyone on control (truth)', metrics.interference_true_lift, 0, round4(std(inter.trueLift))],
            design('users split 50/50', 'user_split', inter.userSplitLift),
            design('markets randomised (cluster)', 'cluster', inter.clusterLift),
            design('market-days randomised (switchback)', 'switchback', inter.switchbackLift),
          ],
        },
        {
          title: 'Label delay: purchases per request, by when they are read',
          columns: ['reading', 'lift in purchases per request', 'bias against the true lift'],
          rows: [
            ['true lift (expected purchases of the slates shown)', metrics.delay_true_lift, 0],
            [`at the end of the test (${metrics.delay_landed_share} of purchases landed)`, metrics.delay_naive_lift, metrics.delay_naive_bias],
            [`${num(ctx, 'waitDays')} days after the end`, metrics.delay_waited_lift, metrics.delay_waited_bias],
            ['at the end, purchases of clicks ≥ 1 day old weighted by 1/P(landed by their age)', metrics.delay_corrected_lift, metrics.delay_corrected_bias],
          ],
        },
      ],
      notes: [
        `Each pitfall is ${runs} simulated tests on the same ${panel.users.length} users (fresh assignment, sessions and clicks each run); intervals are over the runs.`,
        'Clicks per session are drawn as Poisson around the expected clicks of the slates each ranker shows the user (the choice model), sessions per day as Poisson around the user\'s activity.',
        `Label delay: the treatment adds ${num(ctx, 'priceBoost')}·ln(price) to the control's scores; purchase chances by price tercile are the world's share of purchases among engagements; delays are exponential with means ${num(ctx, 'delayDays')}·(1, 2, 3)/3 days from cheap to expensive (an assumption of the simulation, not of the world).`,
        'Interference: stock resets daily, so the switchback here has no carry-over between periods; a real one needs washout periods between switches.',
        'This world\'s demand has no day-to-day shocks, so a market-day switchback compares each market with itself (a crossover) and can spread less than the user split; its cost in power shows against the cluster design, and grows with daily shocks and with fewer, longer periods.',
      ],
    };
  },
};
