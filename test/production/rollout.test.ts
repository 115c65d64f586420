// Rollout strategies and the A/B simulator on a small world: behaviour that must hold whatever the seed.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { generateWorld } from '../../src/data/world.js';
import { aaReplicates, abReplicates, simulateAb } from '../../src/production/rollout/ab-simulation.js';
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

  it('shadow mode\'s per-request figures average to its summary (they are the units its intervals resample)', () => {
    const s = runShadow(world, blue, invertedRanker(blue), 80, 30, new Rng(4));
    const mean = (v: Float64Array) => v.reduce((a, x) => a + x, 0) / v.length;
    expect(s.perRequest.overlap).toHaveLength(80);
    expect(mean(s.perRequest.overlap)).toBeCloseTo(s.topSlateOverlap, 12);
    expect(mean(s.perRequest.ctrGreen)).toBeCloseTo(s.counterfactualCtrGreen, 12);
    expect(s.counterfactualCtrGreen).toBeLessThan(s.ctrBlue); // the inverted model shows the worst candidates
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
    for (let run = 0; run < aa.runs; run++) expect(aa.peekingSignificant[run]).toBeGreaterThanOrEqual(aa.fixedSignificant[run]);
    expect(aa.fixedSignificant.reduce((s, x) => s + x, 0) / aa.runs).toBe(aa.fixedHorizonFalsePositiveRate);
  });

  it('repeated A/B tests of a clearly better ranker detect it almost always, and their intervals cover the pools\' true lift', async () => {
    // control: a sign error (the worst candidates first); treatment: the working model
    const r = await simulateAb(world, invertedRanker(blue), blue, { days: 2, requestsPerDay: 400, candidates: 30, unit: 'request' }, new Rng(9));
    expect(r.treatmentPool.length + r.controlPool.length).toBe(800);
    const rep = await abReplicates(r.controlPool, r.treatmentPool, { days: 7, requestsPerDay: 1000, runs: 60, unit: 'request', alpha: 0.05 }, new Rng(10));
    expect(rep.trueLift).toBeGreaterThan(0.1);
    const share = (v: Uint8Array) => v.reduce((s, x) => s + x, 0) / v.length;
    // power ≈ 1 for a lift this size over 3,500 requests per arm; 95 % intervals: coverage below 0.8 in 60 runs has p < 1e-5
    expect(share(rep.significant)).toBeGreaterThan(0.9);
    expect(share(rep.ciCovers)).toBeGreaterThan(0.8);
  });

  it('stopping at the first significant daily look overstates a real positive lift on average (the winner\'s curse)', async () => {
    const oracle = tasteRanker(world, 'oracle', 0, new Rng(11));
    const r = await simulateAb(world, blue, oracle, { days: 2, requestsPerDay: 400, candidates: 30, unit: 'impression' }, new Rng(12));
    const rep = await abReplicates(r.controlPool, r.treatmentPool, { days: 10, requestsPerDay: 100, runs: 120, unit: 'impression', alpha: 0.05 }, new Rng(13));
    const mean = rep.peekingLift.reduce((s, x) => s + x, 0) / rep.peekingLift.length;
    // the winner's curse: an underpowered test stopped at its first p < 0.05 overstates a positive lift
    expect(rep.trueLift).toBeGreaterThan(0);
    expect(mean).toBeGreaterThan(rep.trueLift);
  });
});
