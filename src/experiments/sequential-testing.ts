/**
 * sequential-testing: the team looks at the test every day. The z-test read daily and stopped at the first p < α
 * (peeking) against an always-valid test read just as often (the mSPRT) and a group-sequential design with
 * O'Brien–Fleming boundaries planned for the same looks: false positives under A/A, and power and
 * time to a decision under the ranker's true lift — on the same simulated runs as the ab-test scenario draws.
 */
import { firstBoundaryCrossing, firstMsprtRejection, obrienFlemingBounds } from '../core/abtest/index.js';
import { UsageError } from '../core/errors.js';
import { deriveReplicates } from '../core/resample.js';
import { mean } from '../core/stats.js';
import { aaReplicates, abReplicates, simulateAb, type AnalysisUnit } from '../production/rollout/ab-simulation.js';
import { tasteRanker } from '../production/rollout/traffic.js';
import { round4 } from './drift-common.js';
import { num, str } from './param-readers.js';
import type { Experiment } from './types.js';

export const experiment: Experiment = {
  id: 'sequential-testing',
  description: 'Daily peeking at a z-test against the always-valid mSPRT and O\'Brien–Fleming boundaries: A/A false positives, power and days to a decision under a true lift',
  async run(ctx) {
    const days = num(ctx, 'days');
    const requestsPerDay = num(ctx, 'requestsPerDay');
    const alpha = num(ctx, 'alpha');
    const aaRuns = num(ctx, 'aaRuns');
    const abRuns = num(ctx, 'abRuns');
    const unit = str(ctx, 'unit') as AnalysisUnit;
    if (unit !== 'impression' && unit !== 'request') throw new UsageError(`sequential-testing: unit must be impression or request, got ${unit}`);
    const world = await ctx.world();
    const control = tasteRanker(world, 'control', num(ctx, 'controlNoise'), ctx.rng('control-model'));
    const treatment = tasteRanker(world, 'treatment', num(ctx, 'treatmentNoise'), ctx.rng('treatment-model'));
    const tick = () => ctx.tick();
    // the pools hold poolFactor tests' worth of requests: the lift the repeated tests sample is the pools' lift, and
    // on one test's worth of requests it swings with which requests fell to which arm (0.017 to 0.030 at small)
    const poolDays = days * num(ctx, 'poolFactor');
    const ab = await ctx.stage('request pools', () => simulateAb(world, control, treatment, { days: poolDays, requestsPerDay, candidates: num(ctx, 'candidates'), unit, tick }, ctx.rng('ab')));
    const baseRate = ab.control.successes[poolDays - 1] / ab.control.n[poolDays - 1];
    // τ: the spread of effects the mixture expects, as an absolute rate difference (the relative lift hoped for × the baseline)
    const tau = num(ctx, 'tauLift') * baseRate;
    if (!(tau > 0)) throw new UsageError(`sequential-testing: the control arm has no successes, so τ = tauLift × baseline is 0; raise requestsPerDay`);
    const bounds = await ctx.stage('O\'Brien–Fleming boundaries', () => obrienFlemingBounds(days, alpha));
    const aaMsprt = new Uint8Array(aaRuns);
    const aaObf = new Uint8Array(aaRuns);
    const aa = await ctx.stage('a/a runs', () =>
      aaReplicates(ab.controlPool, { days, requestsPerDay, runs: aaRuns, unit, alpha, tick, onRun: (run, cA, nA, cB, nB) => {
        aaMsprt[run] = firstMsprtRejection(cA, nA, cB, nB, alpha, tau) >= 0 ? 1 : 0;
        aaObf[run] = firstBoundaryCrossing(cA, nA, cB, nB, bounds) >= 0 ? 1 : 0;
        ctx.progress('a/a runs', (run + 1) / aaRuns);
      } }, ctx.rng('aa')),
    );
    const abMsprt = new Uint8Array(abRuns);
    const decisionDay = new Float64Array(abRuns);
    const abObf = new Uint8Array(abRuns);
    const obfHalf = new Uint8Array(abRuns);
    const rep = await ctx.stage('a/b runs', () =>
      abReplicates(ab.controlPool, ab.treatmentPool, { days, requestsPerDay, runs: abRuns, unit, alpha, tick, onRun: (run, cA, nA, cB, nB) => {
        const look = firstMsprtRejection(cA, nA, cB, nB, alpha, tau);
        abMsprt[run] = look >= 0 ? 1 : 0;
        decisionDay[run] = look >= 0 ? look + 1 : days; // no decision: the test runs to its horizon
        const obf = firstBoundaryCrossing(cA, nA, cB, nB, bounds);
        abObf[run] = obf >= 0 ? 1 : 0;
        obfHalf[run] = obf >= 0 && obf + 1 <= days / 2 ? 1 : 0;
        ctx.progress('a/b runs', (run + 1) / abRuns);
      } }, ctx.rng('ab-repeats')),
    );

    const bs = ctx.bootstrap;
    const r: Record<string, Float64Array> = {
      aa_fixed_fpr: bs.mean('aa-runs', aa.fixedSignificant),
      aa_peeking_fpr: bs.mean('aa-runs', aa.peekingSignificant),
      aa_msprt_fpr: bs.mean('aa-runs', aaMsprt),
      ab_fixed_power: bs.mean('ab-runs', rep.significant),
      ab_msprt_power: bs.mean('ab-runs', abMsprt),
      msprt_mean_decision_day: bs.mean('ab-runs', decisionDay),
      aa_obf_fpr: bs.mean('aa-runs', aaObf),
      ab_obf_power: bs.mean('ab-runs', abObf),
      obf_decided_by_half: bs.mean('ab-runs', obfHalf),
    };
    r.peeking_inflation = deriveReplicates([r.aa_peeking_fpr, r.aa_fixed_fpr], (p, f) => p / Math.max(f, 1 / aaRuns));
    r.msprt_share_of_horizon = deriveReplicates([r.msprt_mean_decision_day], (d) => d / days);
    const half = Float64Array.from(decisionDay, (d, i) => (abMsprt[i] === 1 && d <= days / 2 ? 1 : 0));
    r.msprt_decided_by_half = bs.mean('ab-runs', half);
    const metrics: Record<string, number> = {
      true_lift: round4(rep.trueLift),
      pool_requests: ab.controlPool.length + ab.treatmentPool.length,
      baseline_rate: round4(baseRate),
      tau: round4(tau),
      aa_fixed_fpr: round4(aa.fixedHorizonFalsePositiveRate),
      aa_peeking_fpr: round4(aa.peekingFalsePositiveRate),
      aa_msprt_fpr: round4(mean(aaMsprt)),
      peeking_inflation: round4(aa.peekingFalsePositiveRate / Math.max(aa.fixedHorizonFalsePositiveRate, 1 / aaRuns)),
      ab_fixed_power: round4(mean(rep.significant)),
      ab_msprt_power: round4(mean(abMsprt)),
      msprt_mean_decision_day: round4(mean(decisionDay)),
      msprt_share_of_horizon: round4(mean(decisionDay) / days),
      msprt_decided_by_half: round4(mean(half)),
      aa_obf_fpr: round4(mean(aaObf)),
      ab_obf_power: round4(mean(abObf)),
      obf_decided_by_half: round4(mean(obfHalf)),
      obf_first_bound: round4(bounds[0]),
      obf_last_bound: round4(bounds[days - 1]),
      days,
      alpha,
      aa_runs: aaRuns,
      ab_runs: abRuns,
    };
    const hist = Array.from({ length: days }, (_, d) => ({ day: d + 1, msprt_decided_share: round4(decisionDay.filter((x, i) => abMsprt[i] === 1 && x <= d + 1).length / abRuns) }));
    return {
      metrics,
      replicates: r,
      series: [{ name: 'msprt-decisions', x: 'day', points: hist }],
      tables: [{
        title: 'Looking every day: the z-test peeked at against the mSPRT and O\'Brien–Fleming',
        columns: ['quantity', 'z-test, fixed horizon', 'z-test, peeking daily', 'mSPRT, daily', "O'Brien–Fleming, daily (planned)"],
        rows: [
          [`A/A false-positive rate (${aaRuns} runs, α = ${alpha})`, metrics.aa_fixed_fpr, metrics.aa_peeking_fpr, metrics.aa_msprt_fpr, metrics.aa_obf_fpr],
          [`share of A/B tests detecting the true lift ${metrics.true_lift} (${abRuns} runs)`, metrics.ab_fixed_power, '', metrics.ab_msprt_power, metrics.ab_obf_power],
          ['mean days to a decision (no decision = the horizon)', days, '', metrics.msprt_mean_decision_day, ''],
          ['share of A/B tests decided by half the horizon', 0, '', metrics.msprt_decided_by_half, metrics.obf_decided_by_half],
        ],
      }],
      notes: [
        `The mSPRT mixes over effects N(0, τ²) with τ = ${metrics.tau} (tauLift × the control rate): a τ near the effect you expect decides fastest; any τ keeps the false-positive guarantee.`,
        'The guarantee holds for any number of looks, at any time, with no plan made in advance; the price is power at a fixed horizon against a z-test read once.',
        `O'Brien–Fleming plans the ${days} daily looks in advance: |z| must reach ${metrics.obf_first_bound} on day 1, falling as √(K/k) to ${metrics.obf_last_bound} on the last day (1.96 for one look).`,
        `The runs re-draw requests from the pools the two rankers really showed (${metrics.pool_requests} requests, ${num(ctx, 'poolFactor')} tests' worth), as the ab-test scenario's repeated tests do; the true lift is the pools' lift.`,
      ],
    };
  },
};
