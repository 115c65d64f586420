// The pitfall simulations on a small world: each pitfall appears when its knob is on, vanishes when it is off, and
// the right reading recovers the truth the panel knows.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { mean } from '../../src/core/stats.js';
import { generateWorld } from '../../src/data/world.js';
import { simulateCuped } from '../../src/production/rollout/cuped-simulation.js';
import { simulateHoldout } from '../../src/production/rollout/holdout-simulation.js';
import { simulateInterference } from '../../src/production/rollout/interference-simulation.js';
import { buildDelayPools, priceBoostRanker, purchaseByPriceTercile, simulateLabelDelay } from '../../src/production/rollout/label-delay-simulation.js';
import { simulateNovelty } from '../../src/production/rollout/novelty-simulation.js';
import { simulateSrm } from '../../src/production/rollout/srm-simulation.js';
import { tasteRanker } from '../../src/production/rollout/traffic.js';
import { buildUserPanel, panelTrueLift, type UserPanel } from '../../src/production/rollout/user-panel.js';

const world = generateWorld({ scale: 'tiny', seed: 11, overrides: { numUsers: 1500, numItems: 1500 } });
const control = tasteRanker(world, 'control', 1.0, new Rng(1));
const treatment = tasteRanker(world, 'treatment', 0.6, new Rng(2));
const panel = await buildUserPanel(world, control, treatment, { users: 1500, candidates: 30, requestsPerUser: 2 }, new Rng(3));

/** A panel where both arms earn the same clicks: every true effect is 0. */
const same: UserPanel = { ...panel, clicksTreatment: panel.clicksControl };

describe('the user panel', () => {
  it('knows its true lift: expected clicks per user under treatment over control', () => {
    let c = 0;
    let t = 0;
    for (let i = 0; i < panel.users.length; i++) {
      c += panel.sessionsPerDay[i] * panel.clicksControl[i];
      t += panel.sessionsPerDay[i] * panel.clicksTreatment[i];
    }
    expect(panelTrueLift(panel)).toBeCloseTo(t / c - 1, 12);
    expect(panelTrueLift(panel)).toBeGreaterThan(0); // less noise in the taste estimate ranks better
    expect(panelTrueLift(same)).toBe(0);
  });

  it('names a panel larger than the world', async () => {
    await expect(buildUserPanel(world, control, treatment, { users: 2000, candidates: 30, requestsPerUser: 1 }, new Rng(1))).rejects.toThrow(/users must be an integer in \[4, 1500\]/);
  });
});

describe('sample ratio mismatch', () => {
  it('without the timeout every user is logged: the readings agree and the check stays quiet', async () => {
    const r = await simulateSrm(panel, { days: 14, timeoutRate: 0, srmAlpha: 0.001, runs: 20 }, new Rng(4));
    expect(Array.from(r.loggedLift)).toEqual(Array.from(r.ittLift));
    expect(mean(r.flagged)).toBeLessThanOrEqual(0.05); // 1 false alarm in 20 is already 50× α
  });

  it('a heavy timeout loses treatment users, lifts the logged reading above the intent-to-treat one, and fires the check', async () => {
    const r = await simulateSrm(panel, { days: 14, timeoutRate: 0.8, srmAlpha: 0.001, runs: 20 }, new Rng(4));
    expect(mean(r.loggedRatio)).toBeLessThan(0.9);
    expect(mean(r.loggedLift) - mean(r.ittLift)).toBeGreaterThan(0.02);
    expect(mean(r.flagged)).toBeGreaterThan(0.5);
  });
});

describe('novelty', () => {
  it('with no novelty the first week and the late cohort read the same lift within noise', async () => {
    const r = await simulateNovelty(panel, { days: 28, novelty: 0, decayDays: 4, lateAge: 14, runs: 20 }, new Rng(5));
    // per-run lift sd at 1,500 users is ~0.06; over 20 runs the means differ by < 0.05 (about 3.7 SE of the difference)
    expect(Math.abs(mean(r.firstWeekLift) - mean(r.lateCohortLift))).toBeLessThan(0.05);
  });

  it('novelty inflates the first week; primacy deflates it; the lift by exposure age fades toward the truth', async () => {
    const up = await simulateNovelty(panel, { days: 28, novelty: 0.5, decayDays: 3, lateAge: 14, runs: 20 }, new Rng(5));
    const down = await simulateNovelty(panel, { days: 28, novelty: -0.5, decayDays: 3, lateAge: 14, runs: 20 }, new Rng(5));
    const truth = panelTrueLift(panel);
    expect(mean(up.firstWeekLift)).toBeGreaterThan(truth + 0.1);
    expect(mean(down.firstWeekLift)).toBeLessThan(truth - 0.1);
    expect(up.liftByAge[0]).toBeGreaterThan(up.liftByAge[10] + 0.2);
    expect(Math.abs(mean(up.lateCohortLift) - truth)).toBeLessThan(0.05);
  });

  it('names a test too short for two weeks', async () => {
    await expect(simulateNovelty(panel, { days: 10, novelty: 0, decayDays: 4, lateAge: 14, runs: 2 }, new Rng(1))).rejects.toThrow(/days must be an integer ≥ 14/);
  });
});

describe('interference', () => {
  it('with stock to spare the user split reads the global effect', async () => {
    const r = await simulateInterference(panel, { days: 7, supply: 100, runs: 10 }, new Rng(6));
    expect(mean(r.trueLift)).toBeCloseTo(panelTrueLift(panel), 1);
    expect(Math.abs(mean(r.userSplitLift) - mean(r.trueLift))).toBeLessThan(0.04);
  });

  it('when stock binds, the launch gains nothing while the user split reports the demand lift', async () => {
    const r = await simulateInterference(panel, { days: 7, supply: 0.5, runs: 10 }, new Rng(6));
    expect(Math.abs(mean(r.trueLift))).toBeLessThan(0.01); // both worlds sell out every market-day
    expect(mean(r.userSplitLift)).toBeGreaterThan(panelTrueLift(panel) / 2);
    expect(Math.abs(mean(r.switchbackLift))).toBeLessThan(0.02);
  });

  it('with no true effect every design reads about 0', async () => {
    const r = await simulateInterference(same, { days: 7, supply: 0.9, runs: 10 }, new Rng(7));
    for (const v of [r.trueLift, r.userSplitLift, r.switchbackLift]) expect(Math.abs(mean(v))).toBeLessThan(0.05);
  });
});

describe('CUPED on the panel', () => {
  it('with no pre-period the adjusted test is the plain test', async () => {
    const r = await simulateCuped(panel, { preDays: 0, testDays: 7, alpha: 0.05, runs: 5 }, new Rng(8));
    expect(Array.from(r.varianceReduction)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(r.cupedDiff)).toEqual(Array.from(r.plainDiff));
  });

  it('a two-week history shrinks the standard error in every run', async () => {
    const r = await simulateCuped(panel, { preDays: 14, testDays: 14, alpha: 0.05, runs: 5 }, new Rng(8));
    for (let i = 0; i < 5; i++) expect(r.cupedSe[i]).toBeLessThan(r.plainSe[i]);
    expect(mean(r.varianceReduction)).toBeGreaterThan(0.3);
  });
});

describe('label delay', () => {
  it('reads the world\'s purchase shares by price tercile from its graded engagements', () => {
    const { tercile, purchaseShare } = purchaseByPriceTercile(world);
    const it = world.interactions;
    let bought = 0;
    let engaged = 0;
    for (let k = 0; k < it.count; k++) {
      if (tercile[it.item[k]] !== 2) continue;
      engaged++;
      if (it.label[k] === 3) bought++;
    }
    expect(purchaseShare[2]).toBeCloseTo(bought / engaged, 12);
    for (const s of purchaseShare) expect(s).toBeGreaterThan(0);
  });

  it('with no price boost the arms are the same ranker and every reading is near 0', async () => {
    const pools = await buildDelayPools(world, control, priceBoostRanker(world, control, 0), { requests: 500, candidates: 30, delayDays: 6 }, new Rng(9));
    const r = await simulateLabelDelay(pools, { testDays: 14, waitDays: 21, minAgeDays: 1, requestsPerArm: 4000, runs: 10 }, new Rng(10));
    expect(r.trueLift).toBe(0);
    expect(Math.abs(mean(r.naiveLift))).toBeLessThan(0.05);
  });

  it('purchases that land at once leave nothing for the end-of-test reading to miss', async () => {
    const pools = await buildDelayPools(world, control, priceBoostRanker(world, control, 1.5), { requests: 500, candidates: 30, delayDays: 0.001 }, new Rng(9));
    const r = await simulateLabelDelay(pools, { testDays: 14, waitDays: 21, minAgeDays: 0, requestsPerArm: 2000, runs: 5 }, new Rng(10));
    expect(mean(r.landedShare)).toBeGreaterThan(0.999);
    expect(Array.from(r.naiveLift)).toEqual(Array.from(r.waitedLift));
  });

  it('when the treatment sells slower items, the end-of-test reading understates it and waiting recovers it', async () => {
    const pools = await buildDelayPools(world, control, priceBoostRanker(world, control, 1.5), { requests: 2000, candidates: 30, delayDays: 8 }, new Rng(9));
    const r = await simulateLabelDelay(pools, { testDays: 14, waitDays: 40, minAgeDays: 1, requestsPerArm: 20000, runs: 10 }, new Rng(10));
    expect(mean(r.naiveLift)).toBeLessThan(r.trueLift - 0.02);
    expect(Math.abs(mean(r.waitedLift) - r.trueLift)).toBeLessThan(Math.abs(mean(r.naiveLift) - r.trueLift));
  });
});

describe('long-term holdout', () => {
  it('with launches that cannot fail to ship, the readings and the truth agree and the holdout measures them', async () => {
    const r = await simulateHoldout(panel, { launches: 3, effectMean: 0.3, effectSd: 0, testDays: 14, holdoutShare: 0.3, holdoutDays: 28, alpha: 0.05, runs: 4 }, new Rng(11));
    expect(Array.from(r.shipped)).toEqual([3, 3, 3, 3]);
    for (const t of r.trueLift) expect(t).toBeCloseTo(1.3 ** 3 - 1, 10);
    expect(Math.abs(mean(r.claimedLift) - mean(r.trueLift))).toBeLessThan(0.15);
    expect(Math.abs(mean(r.holdoutLift) - mean(r.trueLift))).toBeLessThan(0.2);
  });

  it('launches with no true effect that ship anyway were picked for their noise: their readings claim a lift that is not there', async () => {
    const r = await simulateHoldout(panel, { launches: 10, effectMean: 0, effectSd: 0, testDays: 7, holdoutShare: 0.1, holdoutDays: 7, alpha: 0.2, runs: 4 }, new Rng(12));
    expect(Array.from(r.trueLift)).toEqual([0, 0, 0, 0]);
    expect(mean(r.shipped)).toBeGreaterThan(0);
    expect(mean(r.claimedLift)).toBeGreaterThan(0.02);
  });
});
