// Rollout strategies and the A/B simulator on a small world: behaviour that must hold whatever the seed.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { generateWorld } from '../../src/data/world.js';
import { aaReplicates, simulateAb } from '../../src/production/rollout/ab-simulation.js';
import { runCanary, runShadow, type RolloutOptions } from '../../src/production/rollout/deployments.js';
import { invertedRanker, tasteRanker, topSlate } from '../../src/production/rollout/traffic.js';

const world = generateWorld({ scale: 'tiny', seed: 11, overrides: { numUsers: 500, numItems: 1500 } });
const blue = tasteRanker(world, 'blue', 1.0, new Rng(1));

const opts = (over: Partial<RolloutOptions> = {}): RolloutOptions => ({
  stages: [0.01, 0.1, 0.5, 1], hoursPerStage: 3, requestsPerHour: 200, candidates: 30, greenErrorRate: 0,
  guardrails: { alpha: 0.01, maxErrorRate: 0.01, minImpressions: 200 }, ...over,
});

describe('rollouts', () => {
  it('a broken model is rolled back by the canary and never reaches full traffic', async () => {
    const r = await runCanary(world, blue, invertedRanker(blue), opts(), new Rng(2));
    expect(r.rolledBack).toBe(true);
    expect(r.hours.at(-1)!.fraction).toBeLessThan(1);
    expect(r.expectedClicksLost).toBeGreaterThan(0);
  });

  it('a failing model trips the error-rate guardrail in the first stage', async () => {
    const r = await runCanary(world, blue, blue, opts({ greenErrorRate: 0.5, requestsPerHour: 1000 }), new Rng(3));
    expect(r.rolledBack).toBe(true);
    expect(r.reason).toMatch(/error-rate guardrail at 1 %/);
  });

  it('shadow mode of a copy of the model agrees on every slate and exposes nobody', () => {
    const s = runShadow(world, blue, blue, 100, 30, new Rng(4));
    expect(s.topSlateOverlap).toBe(1);
    expect(s.counterfactualCtrGreen).toBeCloseTo(s.ctrBlue, 12);
    expect(s.usersExposedToGreen).toBe(0);
  });

  it('topSlate is the order of a full sort', () => {
    const scores = Float64Array.from([0.3, 0.9, 0.1, 0.9, 0.5]);
    expect(Array.from(topSlate(scores, 3))).toEqual([1, 3, 4]);
  });
});

describe('A/B simulation', () => {
  it('identical arms have equal expected CTR up to the noise of which requests each arm drew', async () => {
    const r = await simulateAb(world, blue, blue, { days: 3, requestsPerDay: 600, candidates: 30, unit: 'impression' }, new Rng(5));
    const a = r.control.expected / r.control.n[2];
    const b = r.treatment.expected / r.treatment.n[2];
    // ~900 requests per arm; the per-request expected CTR has sd ≈ 0.1, so the arms' means differ by ≲ 0.015 (3 SE)
    expect(Math.abs(a - b)).toBeLessThan(0.015);
    expect(r.controlPool.length).toBeGreaterThan(0);
  });

  it('peeking never lowers the A/A false-positive rate of the same replicates', async () => {
    const r = await simulateAb(world, blue, blue, { days: 2, requestsPerDay: 200, candidates: 30, unit: 'request' }, new Rng(6));
    const aa = await aaReplicates(r.controlPool, { days: 10, requestsPerDay: 100, runs: 60, unit: 'request', alpha: 0.05 }, new Rng(7));
    // every run that is significant at the last look is significant at some look
    expect(aa.peekingFalsePositiveRate).toBeGreaterThanOrEqual(aa.fixedHorizonFalsePositiveRate);
  });
});
