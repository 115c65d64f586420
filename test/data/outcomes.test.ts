// Outcomes that disagree: the clickbait cohort, dwell time and purchases, drawn on their own fork of the world seed.
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { quantile } from '../../src/core/stats.js';
import { affinityUnchecked } from '../../src/data/choice-model.js';
import { loadWorld } from '../../src/data/load-world.js';
import {
  expectedDwell, generateOutcomes, gradeImpression, loadOutcomes, outcomeClickProbability, purchaseGivenClick, type OutcomeConfig, type WorldOutcomes,
} from '../../src/data/outcomes.js';
import type { World } from '../../src/data/world-types.js';

const CONFIG: OutcomeConfig = { clickbaitShare: 0.1, clickbaitLift: 1.5, clickbaitPenalty: 1.5 };
let w: World;
let o: WorldOutcomes;
beforeAll(async () => {
  w = await loadWorld({ scale: 'tiny', seed: 42 });
  o = generateOutcomes(w, CONFIG);
});

/** Grade one (user, item) pair `n` times on a seeded stream: clicks, dwell per click, purchases. */
function simulate(u: number, i: number, n: number, seed: number) {
  const rng = new Rng(seed);
  let clicks = 0;
  let buys = 0;
  const dwell: number[] = [];
  // an impression not clicked must have dwell exactly 0 (Object.is, as toBe compares): checked in plain code, the
  // offending draws (with their index) collected for one expect after the loop
  const dwellWithoutClick: { t: number; dwell: number }[] = [];
  for (let t = 0; t < n; t++) {
    const g = gradeImpression(w, o, u, i, 0, rng);
    clicks += g.click;
    buys += g.purchase;
    if (g.click) dwell.push(g.dwell);
    else if (!Object.is(g.dwell, 0)) dwellWithoutClick.push({ t, dwell: g.dwell });
  }
  expect(dwellWithoutClick).toEqual([]);
  return { clicks, buys, dwell };
}

describe('world outcomes', () => {
  it('are the same for the same world and config, and another seed gives another cohort', async () => {
    const again = generateOutcomes(w, CONFIG);
    expect(again.clickbait).toEqual(o.clickbait);
    expect(again.dwell).toEqual(o.dwell);
    const other = generateOutcomes(await loadWorld({ scale: 'tiny', seed: 43 }), CONFIG);
    expect(other.clickbait).not.toEqual(o.clickbait);
  });

  it('put about clickbaitShare of the items in the cohort', () => {
    const share = o.clickbait.reduce((s, v) => s + v, 0) / o.clickbait.length;
    // binomial sd at 5,000 items and p = 0.1 is 0.0042; 0.02 is about 5 sd
    expect(Math.abs(share - CONFIG.clickbaitShare)).toBeLessThan(0.02);
  });

  it('give every stored engagement a positive dwell, heavy-tailed (mean well above median)', () => {
    expect(o.dwell.length).toBe(w.interactions.count);
    expect(o.dwell.every((d) => d > 0)).toBe(true);
    const mean = o.dwell.reduce((s, v) => s + v, 0) / o.dwell.length;
    // log-normal with σ = 0.8 on top of spread affinities: mean/median ≥ e^(0.32) ≈ 1.38 before the spread adds more
    expect(mean / quantile(o.dwell, 0.5)).toBeGreaterThan(1.3);
  });

  it('make a clickbait item clicked more and dwelt on less than the same item without the cohort flag', () => {
    const i = o.clickbait.indexOf(1);
    const u = 3;
    const bait = simulate(u, i, 20_000, 1);
    o.clickbait[i] = 0;
    try {
      const plain = simulate(u, i, 20_000, 1);
      expect(bait.clicks).toBeGreaterThan(plain.clicks);
      expect(quantile(Float64Array.from(bait.dwell), 0.5)).toBeLessThan(quantile(Float64Array.from(plain.dwell), 0.5));
      expect(bait.buys / bait.clicks).toBeLessThan(plain.buys / plain.clicks);
    } finally {
      o.clickbait[i] = 1;
    }
  });

  it('grade impressions as their expected values say (Monte Carlo against the formulas)', () => {
    const u = 11;
    const i = 42;
    const n = 40_000;
    const { clicks, buys, dwell } = simulate(u, i, n, 2);
    const a = affinityUnchecked(w.users.taste, u, w.items.latent, i, w.config.latentDim);
    const p = outcomeClickProbability(w, o, u, i, 0);
    // binomial sd of the click rate at n = 40,000 is ≤ 0.0025; 0.01 is 4 sd
    expect(Math.abs(clicks / n - p)).toBeLessThan(0.01);
    // purchase per click: sd ≤ sqrt(0.25 / clicks) — 0.02 covers ≥ 4 sd once there are ≥ 10,000 clicks or the rate is small
    expect(Math.abs(buys / clicks - purchaseGivenClick(o, i, a))).toBeLessThan(0.02);
    // mean of a log-normal with σ = 0.8 over ≥ 5,000 clicks: relative sd ≈ 1.1/√5000 ≈ 0.016; 6% is ~4 sd
    const mean = dwell.reduce((s, v) => s + v, 0) / dwell.length;
    expect(Math.abs(mean / expectedDwell(o, i, a) - 1)).toBeLessThan(0.06);
  });

  it('load through the artefact cache and equal freshly generated arrays', async () => {
    const config = { ...CONFIG, clickbaitShare: 0.07 };
    const events: string[] = [];
    const first = await loadOutcomes(w, config, { onCacheEvent: (e) => events.push(e.type) });
    expect(first.clickbait).toEqual(generateOutcomes(w, config).clickbait);
    expect(first.titleHype).toEqual(generateOutcomes(w, config).titleHype);
    expect(events.some((e) => e === 'built' || e === 'hit')).toBe(true);
  });

  it('reject a share, lift or penalty out of range, naming it', () => {
    expect(() => generateOutcomes(w, { ...CONFIG, clickbaitShare: 0.9 })).toThrow(/clickbaitShare must be in \[0, 0.5\], got 0.9/);
    expect(() => generateOutcomes(w, { ...CONFIG, clickbaitLift: -1 })).toThrow(/clickbaitLift must be ≥ 0/);
  });
});
