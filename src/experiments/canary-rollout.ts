/**
 * canary-rollout: the same candidate ranker rolled out three ways on the same simulated traffic —
 * a canary (1 % → 10 % → 50 % → 100 %) with guardrails and automatic rollback, a blue/green switch
 * with instant rollback, and shadow mode — with how many users each exposed and what it cost them.
 */
import { UsageError } from '../core/errors.js';
import { runBlueGreen, runCanary, runShadow, type RolloutOptions, type RolloutResult } from '../production/rollout/deployments.js';
import { invertedRanker, tasteRanker, type Ranker } from '../production/rollout/traffic.js';
import { round4 } from './drift-common.js';
import type { Experiment } from './types.js';
import { num, str } from './param-readers.js';

const CANDIDATES = ['better', 'worse', 'broken'] as const;

function greenRanker(kind: string, blue: Ranker, make: (noise: number) => Ranker): Ranker {
  if (kind === 'better') return make(0.6);
  if (kind === 'worse') return make(1.6);
  if (kind === 'broken') return invertedRanker(blue);
  throw new UsageError(`canary-rollout: candidate must be one of ${CANDIDATES.join(', ')}, got ${kind}`);
}

function row(r: RolloutResult): (string | number)[] {
  return [r.strategy, r.rolledBack ? `rolled back at hour ${r.rollbackHour}` : `ended at ${r.finalFraction * 100} %`, r.reason, r.greenImpressions, round4(r.expectedClicksLost)];
}

export const experiment: Experiment = {
  id: 'canary-rollout',
  description: 'Canary 1→10→50→100 % with guardrails and automatic rollback, against blue/green and shadow mode, on simulated users',
  async run(ctx) {
    const kind = str(ctx, 'candidate', 'worse');
    const world = await ctx.world();
    const blue = tasteRanker(world, 'blue', num(ctx, 'blueNoise', 1.0), ctx.rng('blue-model'));
    const green = greenRanker(kind, blue, (noise) => tasteRanker(world, 'green', noise, ctx.rng('green-model')));
    const o: RolloutOptions = {
      stages: [0.01, 0.1, 0.5, 1],
      hoursPerStage: num(ctx, 'hoursPerStage', 6),
      requestsPerHour: num(ctx, 'requestsPerHour', 1000),
      candidates: num(ctx, 'candidates', 50),
      greenErrorRate: num(ctx, 'greenErrorRate', 0),
      guardrails: { alpha: num(ctx, 'guardrailAlpha', 0.01), maxErrorRate: num(ctx, 'maxErrorRate', 0.01), minImpressions: num(ctx, 'minImpressions', 500) },
      tick: () => ctx.tick(),
    };
    const canary = await ctx.stage('canary', () => runCanary(world, blue, green, o, ctx.rng('traffic')));
    const blueGreen = await ctx.stage('blue/green', () => runBlueGreen(world, blue, green, o, ctx.rng('traffic')));
    const shadow = await ctx.stage('shadow', () => runShadow(world, blue, green, o.requestsPerHour * o.hoursPerStage, o.candidates, ctx.rng('traffic')));
    const metrics: Record<string, number> = {
      canary_rolled_back: canary.rolledBack ? 1 : 0,
      canary_rollback_hour: canary.rollbackHour,
      canary_final_fraction: canary.finalFraction,
      canary_max_fraction: canary.hours.reduce((m, h) => Math.max(m, h.fraction), 0),
      canary_green_impressions: canary.greenImpressions,
      canary_clicks_lost: round4(canary.expectedClicksLost),
      blue_green_rolled_back: blueGreen.rolledBack ? 1 : 0,
      blue_green_rollback_hour: blueGreen.rollbackHour,
      blue_green_green_impressions: blueGreen.greenImpressions,
      blue_green_clicks_lost: round4(blueGreen.expectedClicksLost),
      shadow_users_exposed: shadow.usersExposedToGreen,
      shadow_clicks_observed: shadow.greenClicksObserved,
      shadow_top_slate_overlap: round4(shadow.topSlateOverlap),
      shadow_counterfactual_ctr_green: round4(shadow.counterfactualCtrGreen),
      shadow_ctr_blue: round4(shadow.ctrBlue),
    };
    return {
      metrics,
      series: [{
        name: 'canary-hours',
        x: 'hour',
        points: canary.hours.map((h) => ({ hour: h.hour, traffic_percent: h.fraction * 100, z: Number.isFinite(h.z) ? round4(h.z) : 0 })),
      }],
      tables: [
        { title: 'Rollout strategies for the same candidate', columns: ['strategy', 'outcome', 'why', 'impressions served by green', 'expected clicks lost'], rows: [row(canary), row(blueGreen), ['shadow', 'never shown', 'scores logged only', 0, 0]] },
        {
          title: 'Shadow mode: what it can and cannot tell you',
          columns: ['quantity', 'value'],
          rows: [
            ['top-10 overlap with blue (observable)', round4(shadow.topSlateOverlap)],
            ['serving time with the shadow ÷ without (observable; noisy, wall clock)', round4(shadow.scoringCostRatio)],
            ['clicks observed on green (observable)', 0],
            ['green CTR had it been shown (simulator only)', round4(shadow.counterfactualCtrGreen)],
            ['blue CTR', round4(shadow.ctrBlue)],
          ],
        },
      ],
      notes: [
        `Candidate "${kind}". Guardrails after every hour: one-sided z-test of green's CTR against blue's at α = ${o.guardrails.alpha}, and error rate > ${o.guardrails.maxErrorRate}.`,
        'Expected clicks lost uses the simulator\'s counterfactual: for each request green served, what blue would have earned on the same request.',
        'Blue/green has no concurrent control: its guardrail compares green now with blue before the switch, which any time-of-day or news effect would confound.',
      ],
    };
  },
};
