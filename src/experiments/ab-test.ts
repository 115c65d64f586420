/**
 * ab-test: a new ranker against the current one on simulated users — the two-proportion z-test, the
 * lift and its interval, the sample size the power calculator asks for, the A/A false-positive
 * rate measured over replicates, and how much peeking every day inflates it. Repeated A/B tests on the
 * same request pools check the test itself: how often it detects the lift (against the power
 * calculation), how often its interval covers the truth, and what lift a peeking team reports.
 */
import { deriveReplicates } from '../core/resample.js';
import { firstSignificantLook, powerOfTest, sampleSizePerArm, twoProportionZTest, type ZTestResult } from '../core/abtest/index.js';
import { UsageError } from '../core/errors.js';
import { meanOfDefined as mean } from '../core/stats.js';
import { aaReplicates, abReplicates, simulateAb, type AbRun, type AnalysisUnit } from '../production/rollout/ab-simulation.js';
import { tasteRanker } from '../production/rollout/traffic.js';
import { round4 } from './drift-common.js';
import type { Experiment } from './types.js';
import { num, str } from './param-readers.js';

/** The fixed-horizon analysis of one A/B run: z-test, truth, power and sample size. */
function abMetrics(ab: AbRun, days: number, alpha: number, power: number): { metrics: Record<string, number>; z: ZTestResult; needed: number } {
  const last = days - 1;
  const [nA, cA, nB, cB] = [ab.control.n[last], ab.control.successes[last], ab.treatment.n[last], ab.treatment.successes[last]];
  const z = twoProportionZTest(cA, nA, cB, nB, 1 - alpha);
  const trueA = ab.control.expected / nA;
  const trueB = ab.treatment.expected / nB;
  const trueLift = trueB / trueA - 1;
  const firstLook = firstSignificantLook(ab.control.successes, ab.control.n, ab.treatment.successes, ab.treatment.n, alpha);
  let needed = NaN;
  let powerAtRun = NaN;
  if (Math.abs(trueLift) > 1e-9 && trueB > 0 && trueB < 1) {
    needed = sampleSizePerArm({ baseline: trueA, relativeLift: trueLift, alpha, power });
    powerAtRun = powerOfTest({ baseline: trueA, relativeLift: trueLift, nPerArm: nA, alpha });
  }
  const metrics: Record<string, number> = {
    ctr_control: round4(cA / nA),
    ctr_treatment: round4(cB / nB),
    true_ctr_control: round4(trueA),
    true_ctr_treatment: round4(trueB),
    true_lift: round4(trueLift),
    observed_lift: round4(z.lift),
    lift_ci_low: round4(z.liftCI[0]),
    lift_ci_high: round4(z.liftCI[1]),
    z: round4(z.z),
    p_value: z.pValue,
    significant: z.pValue < alpha ? 1 : 0,
    first_significant_day: firstLook >= 0 ? firstLook + 1 : -1,
    trials_per_arm: nA,
    required_trials_per_arm: Number.isFinite(needed) ? needed : -1,
    days_needed: Number.isFinite(needed) ? Math.ceil(needed / (nA / days)) : -1,
    power_at_run: Number.isFinite(powerAtRun) ? round4(powerAtRun) : -1,
    alpha,
  };
  return { metrics, z, needed };
}

export const experiment: Experiment = {
  id: 'ab-test',
  description: 'Two-proportion z-test of a new ranker on simulated users, power and sample size, A/A false positives and the cost of peeking',
  async run(ctx) {
    const days = num(ctx, 'days');
    const requestsPerDay = num(ctx, 'requestsPerDay');
    const candidates = num(ctx, 'candidates');
    const alpha = num(ctx, 'alpha');
    const power = num(ctx, 'power');
    const unit = str(ctx, 'unit') as AnalysisUnit;
    if (unit !== 'impression' && unit !== 'request') throw new UsageError(`ab-test: unit must be impression or request, got ${unit}`);
    const aaRuns = num(ctx, 'aaRuns');
    const abRuns = num(ctx, 'abRuns');
    const world = await ctx.world();
    const control = tasteRanker(world, 'control', num(ctx, 'controlNoise'), ctx.rng('control-model'));
    const treatment = tasteRanker(world, 'treatment', num(ctx, 'treatmentNoise'), ctx.rng('treatment-model'));

    const ab = await ctx.stage('a/b test', () => simulateAb(world, control, treatment, { days, requestsPerDay, candidates, unit, tick: () => ctx.tick() }, ctx.rng('ab')));
    const aa = await ctx.stage('a/a replicates', () => aaReplicates(ab.controlPool, { days, requestsPerDay, runs: aaRuns, unit, alpha, tick: () => ctx.tick() }, ctx.rng('aa')));
    const rep = await ctx.stage('a/b repeats', () => abReplicates(ab.controlPool, ab.treatmentPool, { days, requestsPerDay, runs: abRuns, unit, alpha, tick: () => ctx.tick() }, ctx.rng('ab-repeats')));
    // the single test above is what a team sees: its p-value and interval are the test's own output (exact here).
    // The repeated runs are the lab's measurement of the test itself; their per-run outcomes are the replicates.
    const { metrics, z, needed } = abMetrics(ab, days, alpha, power);
    const inflation = (peek: number, fixed: number): number => peek / Math.max(fixed, 1 / aaRuns);
    Object.assign(metrics, {
      aa_false_positive_rate: round4(aa.fixedHorizonFalsePositiveRate),
      peeking_false_positive_rate: round4(aa.peekingFalsePositiveRate),
      peeking_inflation: round4(inflation(aa.peekingFalsePositiveRate, aa.fixedHorizonFalsePositiveRate)),
      aa_runs: aaRuns,
      ab_runs: abRuns,
      repeat_true_lift: round4(rep.trueLift),
      detection_rate: round4(mean(rep.significant)),
      ci_coverage: round4(mean(rep.ciCovers)),
      peeking_lift_mean: round4(mean(rep.peekingLift)),
      peeking_lift_bias: round4(mean(rep.peekingLift) - rep.trueLift),
    });
    const fixedR = ctx.bootstrap.mean('aa-runs', aa.fixedSignificant);
    const peekR = ctx.bootstrap.mean('aa-runs', aa.peekingSignificant);
    const liftR = ctx.bootstrap.mean('ab-runs', rep.peekingLift);
    const replicates: Record<string, Float64Array> = {
      aa_false_positive_rate: fixedR,
      peeking_false_positive_rate: peekR,
      peeking_inflation: deriveReplicates([peekR, fixedR], inflation),
      detection_rate: ctx.bootstrap.mean('ab-runs', rep.significant),
      ci_coverage: ctx.bootstrap.mean('ab-runs', rep.ciCovers),
      peeking_lift_mean: liftR,
      peeking_lift_bias: deriveReplicates([liftR], (l) => l - rep.trueLift),
    };
    const last = days - 1;
    const [nA, cA, nB, cB] = [ab.control.n[last], ab.control.successes[last], ab.treatment.n[last], ab.treatment.successes[last]];
    const trueLift = metrics.true_lift;
    const daily = Array.from({ length: days }, (_, d) => {
      const t = twoProportionZTest(ab.control.successes[d], ab.control.n[d], ab.treatment.successes[d], ab.treatment.n[d], 1 - alpha);
      return { day: d + 1, p_value: t.pValue, observed_lift: round4(t.lift), lift_ci_low: round4(t.liftCI[0]), lift_ci_high: round4(t.liftCI[1]) };
    });
    return {
      metrics,
      replicates,
      series: [{ name: 'daily-look', x: 'day', points: daily }],
      tables: [{
        title: 'A/B result and A/A false positives',
        columns: ['quantity', 'value'],
        rows: [
          [`CTR control / treatment (per ${unit})`, `${round4(cA / nA)} / ${round4(cB / nB)}`],
          ['true lift (expected clicks)', round4(trueLift)],
          ['observed lift [CI]', `${round4(z.lift)} [${round4(z.liftCI[0])}, ${round4(z.liftCI[1])}]`],
          ['z, p-value', `${round4(z.z)}, ${z.pValue.toExponential(2)}`],
          ['trials per arm: run / needed for the power', `${nA} / ${Number.isFinite(needed) ? needed : 'n/a'}`],
          [`A/A false-positive rate, fixed horizon (${aaRuns} runs)`, round4(aa.fixedHorizonFalsePositiveRate)],
          [`A/A false-positive rate, peeking daily for ${days} days`, round4(aa.peekingFalsePositiveRate)],
          [`repeated A/B tests (${abRuns}): share significant / power calculated`, `${metrics.detection_rate} / ${metrics.power_at_run}`],
          ['repeated A/B tests: share of lift intervals covering the true lift', metrics.ci_coverage],
          ['repeated A/B tests: mean lift reported when peeking / true lift', `${metrics.peeking_lift_mean} / ${metrics.repeat_true_lift}`],
        ],
      }],
      notes: [
        'The first rows are one test, as a team would read it: its p-value and lift interval are the z-test\'s own, exact for this run. The repeated tests re-draw that experiment\'s requests and clicks; their rates carry intervals over the runs.',
        'True CTRs come from the choice model\'s click probabilities of the slates actually shown (no sampling noise): the simulator knows the answer the test estimates.',
        `The A/A binomial standard error with ${aaRuns} runs is about ${round4(Math.sqrt(alpha * (1 - alpha) / aaRuns))}.`,
        unit === 'impression'
          ? 'Per-impression analysis treats the slots of one request as independent trials although they share a user; the A/A rate above measures whether that matters here (unit=request is the safe choice).'
          : 'Per-request analysis: the unit of analysis is the unit of randomisation (a request), so the z-test\'s independence holds.',
      ],
    };
  },
};
