/**
 * canary-rollout: the same candidate ranker rolled out three ways on the same simulated traffic —
 * a canary (1 % → 10 % → 50 % → 100 %) with guardrails and automatic rollback, a blue/green switch
 * with instant rollback, and shadow mode — with how many users each exposed and what it cost them.
 * Canary and blue/green are repeated on fresh traffic (trials): a rollout's outcome is one draw of a
 * random process, so the rates and costs are means over trials, and the trials are their replicates.
 */
import { deriveReplicates } from '../core/resample.js';
import { UsageError } from '../core/errors.js';
import { meanOfDefined as mean } from '../core/stats.js';
import { runBlueGreen, runCanary, runShadow, type RolloutOptions, type RolloutResult } from '../production/rollout/deployments.js';
import { invertedRanker, serveRequest, tasteRanker, TrafficSource, type Ranker } from '../production/rollout/traffic.js';
import { measureInterleaved } from '../measure/index.js';
import type { World } from '../data/world-types.js';
import { round4 } from './drift-common.js';
import type { Experiment, ExperimentContext } from './types.js';
import { num, str } from './param-readers.js';

const CANDIDATES = ['better', 'worse', 'broken'] as const;

function greenRanker(kind: string, blue: Ranker, make: (noise: number) => Ranker): Ranker {
  if (kind === 'better') return make(0.6);
  if (kind === 'worse') return make(1.6);
  if (kind === 'broken') return invertedRanker(blue);
  throw new UsageError(`canary-rollout: candidate must be one of ${CANDIDATES.join(', ')}, got ${kind}`);
}

function row(name: string, rs: RolloutResult[]): (string | number)[] {
  const back = rs.filter((r) => r.rolledBack);
  const hours = back.map((r) => r.rollbackHour).sort((a, b) => a - b);
  const reasons = [...new Set(rs.map((r) => r.reason))].join('; ');
  const outcome = `${back.length} of ${rs.length} rolled back${hours.length ? ` (hours ${hours[0]}–${hours[hours.length - 1]})` : ''}`;
  return [name, outcome, reasons, round4(mean(rs.map((r) => r.greenImpressions))), round4(mean(rs.map((r) => r.expectedClicksLost)))];
}

const maxFraction = (r: RolloutResult): number => r.hours.reduce((m, h) => Math.max(m, h.fraction), 0);

/**
 * Per-trial figures of a strategy as metrics (mean over trials) and replicates (the trials resampled; one
 * population for both strategies, so trial t of the canary and of blue/green — the same traffic — stay paired).
 */
function perTrial(ctx: ExperimentContext, prefix: string, rs: RolloutResult[], metrics: Record<string, number>, replicates: Record<string, Float64Array>): void {
  const figures: Record<string, number[]> = {
    rollback_rate: rs.map((r) => (r.rolledBack ? 1 : 0)),
    // the mean over rolled-back trials only: NaN (skipped) for the others
    rollback_hour: rs.map((r) => (r.rolledBack ? r.rollbackHour : NaN)),
    green_impressions: rs.map((r) => r.greenImpressions),
    clicks_lost: rs.map((r) => r.expectedClicksLost),
  };
  if (prefix === 'canary') {
    figures.max_fraction = rs.map(maxFraction);
    figures.final_fraction = rs.map((r) => r.finalFraction);
    figures.stopped_below_half_rate = rs.map((r) => (r.rolledBack && maxFraction(r) < 0.5 ? 1 : 0));
  }
  for (const [name, values] of Object.entries(figures)) {
    const key = `${prefix}_${name}`;
    const m = mean(values);
    metrics[key] = Number.isFinite(m) ? round4(m) : -1; // −1: no trial rolled back
    if (rs.length >= 2 && Number.isFinite(m)) replicates[key] = ctx.bootstrap.mean('rollout-trials', values);
  }
}

/** Serving cost of shadow mode: the live path alone against live + shadow scoring, interleaved, same requests. */
async function shadowCost(ctx: ExperimentContext, world: World, blue: Ranker, green: Ranker, candidates: number) {
  const src = new TrafficSource(world, candidates);
  const rng = ctx.rng('shadow-timing');
  const requests = Array.from({ length: 256 }, () => src.request(rng));
  const sb = new Float64Array(candidates);
  const sg = new Float64Array(candidates);
  return measureInterleaved({
    live: (i) => serveRequest(world, requests[i % requests.length], blue, sb),
    shadow: (i) => {
      const req = requests[i % requests.length];
      return [serveRequest(world, req, blue, sb), serveRequest(world, req, green, sg)];
    },
  }, { label: 'serving', quantile: 0.5, minSamples: 200, maxSamples: 2000, budgetMs: 400, warmup: { minCalls: 50, maxMs: 500 }, tick: () => ctx.tick(), signal: ctx.signal });
}

export const experiment: Experiment = {
  id: 'canary-rollout',
  description: 'Canary 1→10→50→100 % with guardrails and automatic rollback, against blue/green and shadow mode, on simulated users',
  async run(ctx) {
    const kind = str(ctx, 'candidate');
    const trials = num(ctx, 'trials');
    if (!(Number.isInteger(trials) && trials >= 1)) throw new UsageError(`canary-rollout: trials must be an integer ≥ 1, got ${trials}`);
    const world = await ctx.world();
    const blue = tasteRanker(world, 'blue', num(ctx, 'blueNoise'), ctx.rng('blue-model'));
    const green = greenRanker(kind, blue, (noise) => tasteRanker(world, 'green', noise, ctx.rng('green-model')));
    const o: RolloutOptions = {
      stages: [0.01, 0.1, 0.5, 1],
      hoursPerStage: num(ctx, 'hoursPerStage'),
      requestsPerHour: num(ctx, 'requestsPerHour'),
      candidates: num(ctx, 'candidates'),
      greenErrorRate: num(ctx, 'greenErrorRate'),
      guardrails: { alpha: num(ctx, 'guardrailAlpha'), maxErrorRate: num(ctx, 'maxErrorRate'), minImpressions: num(ctx, 'minImpressions') },
      tick: () => ctx.tick(),
    };
    const canary: RolloutResult[] = [];
    const blueGreen: RolloutResult[] = [];
    await ctx.stage('rollouts', async () => {
      for (let t = 0; t < trials; t++) {
        // trial t's canary and blue/green see the same traffic stream; trial 0 is the run the hourly chart shows
        const traffic = t === 0 ? 'traffic' : `traffic-${t}`;
        canary.push(await runCanary(world, blue, green, o, ctx.rng(traffic)));
        blueGreen.push(await runBlueGreen(world, blue, green, o, ctx.rng(traffic)));
        ctx.progress('rollouts', (t + 1) / trials);
      }
    });
    const shadow = await ctx.stage('shadow', () => runShadow(world, blue, green, o.requestsPerHour * o.hoursPerStage, o.candidates, ctx.rng('traffic')));
    const timing = await ctx.stage('shadow serving cost', () => shadowCost(ctx, world, blue, green, o.candidates));

    const metrics: Record<string, number> = { trials };
    const replicates: Record<string, Float64Array> = {};
    perTrial(ctx, 'canary', canary, metrics, replicates);
    perTrial(ctx, 'blue_green', blueGreen, metrics, replicates);
    Object.assign(metrics, {
      shadow_users_exposed: shadow.usersExposedToGreen,
      shadow_clicks_observed: shadow.greenClicksObserved,
      shadow_top_slate_overlap: round4(shadow.topSlateOverlap),
      shadow_counterfactual_ctr_green: round4(shadow.counterfactualCtrGreen),
      shadow_ctr_blue: round4(shadow.ctrBlue),
      shadow_serving_cost_x: round4(timing.shadow.summary.p50_ms / timing.live.summary.p50_ms),
    });
    replicates.shadow_top_slate_overlap = ctx.bootstrap.mean('shadow-requests', shadow.perRequest.overlap);
    replicates.shadow_counterfactual_ctr_green = ctx.bootstrap.mean('shadow-requests', shadow.perRequest.ctrGreen);
    replicates.shadow_ctr_blue = ctx.bootstrap.mean('shadow-requests', shadow.perRequest.ctrBlue);
    // equal n, one population: the two interleaved variants' samples are resampled together
    const liveP50 = ctx.bootstrap.quantile(timing.live.samples, 0.5, 'shadow-timing');
    const shadowP50 = ctx.bootstrap.quantile(timing.shadow.samples, 0.5, 'shadow-timing');
    replicates.shadow_serving_cost_x = deriveReplicates([shadowP50, liveP50], (s, l) => s / l);
    const first = canary[0];
    return {
      metrics,
      replicates,
      latency: { 'serve (live ranker)': timing.live.summary, 'serve (live + shadow ranker)': timing.shadow.summary },
      series: [{
        name: 'canary-hours',
        x: 'hour',
        points: first.hours.map((h) => ({ hour: h.hour, traffic_percent: h.fraction * 100, z: Number.isFinite(h.z) ? round4(h.z) : 0 })),
      }],
      tables: [
        {
          title: 'Rollout strategies for the same candidate',
          columns: ['strategy', `outcome over ${trials} trial(s)`, 'why', 'impressions served by green (mean)', 'expected clicks lost (mean)'],
          rows: [row('canary', canary), row('blue-green', blueGreen), ['shadow', 'never shown', 'scores logged only', 0, 0]],
        },
        {
          title: 'Shadow mode: what it can and cannot tell you',
          columns: ['quantity', 'value'],
          rows: [
            ['top-10 overlap with blue (observable)', round4(shadow.topSlateOverlap)],
            ['serving time with the shadow ÷ without, p50 (observable)', metrics.shadow_serving_cost_x],
            ['clicks observed on green (observable)', 0],
            ['green CTR had it been shown (simulator only)', round4(shadow.counterfactualCtrGreen)],
            ['blue CTR', round4(shadow.ctrBlue)],
          ],
        },
      ],
      notes: [
        `Candidate "${kind}". Guardrails after every hour: one-sided z-test of green's CTR against blue's at α = ${o.guardrails.alpha}, and error rate > ${o.guardrails.maxErrorRate}.`,
        `Canary and blue/green ran ${trials} time(s) on fresh traffic; rates and costs are means over those trials, and their intervals resample the trials. The hourly chart is trial 1.`,
        'Expected clicks lost uses the simulator\'s counterfactual: for each request green served, what blue would have earned on the same request.',
        'Blue/green has no concurrent control: its guardrail compares green now with blue before the switch, which any time-of-day or news effect would confound.',
      ],
    };
  },
};
