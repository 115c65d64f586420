/**
 * Label delay: a purchase (the world's graded engagement, label 3) lands days after the click that led to it. The
 * delay grows with the item's price (cheap items are bought at once, expensive ones after some thought): mean
 * delayDays·(tercile + 1)/3 by price tercile, exponential. The treatment promotes pricier items, so more of its
 * purchases are slow; read at the end of the test, its slow purchases have not landed yet. Two right readings:
 * wait `waitDays` after the end before reading, or weight each landed purchase by 1/F(age), the delay model's chance
 * that a purchase of that age has landed (the delayed-feedback correction; here with the true delay model, which in
 * production is estimated from past conversions). The correction reads only clicks at least minAgeDays old: a click
 * of the last hour would carry a weight in the hundreds, and one such purchase would swing the whole reading.
 */
import type { Rng } from '../../core/rng.js';
import type { World } from '../../data/world-types.js';
import { serveRequest, TrafficSource, type Ranker } from './traffic.js';

/** Shown slates of one arm: per request, each slot's click probability, purchase probability given a click, mean delay. */
export interface DelayPool {
  click: Float64Array[];
  purchase: Float64Array[];
  delay: Float64Array[];
}

/** The world's purchase share among engagements, by item price tercile, and each item's tercile. O(items + interactions). */
export function purchaseByPriceTercile(world: World): { tercile: Uint8Array; purchaseShare: Float64Array } {
  const price = world.items.price;
  const sorted = Float32Array.from(price).sort();
  const q1 = sorted[Math.floor(sorted.length / 3)];
  const q2 = sorted[Math.floor((2 * sorted.length) / 3)];
  const tercile = Uint8Array.from(price, (p) => (p <= q1 ? 0 : p <= q2 ? 1 : 2));
  const engaged = new Float64Array(3);
  const bought = new Float64Array(3);
  const it = world.interactions;
  for (let k = 0; k < it.count; k++) {
    const t = tercile[it.item[k]];
    engaged[t]++;
    if (it.label[k] === 3) bought[t]++;
  }
  return { tercile, purchaseShare: Float64Array.from(bought, (b, t) => (engaged[t] ? b / engaged[t] : 0)) };
}

/** Ranker that adds boost·ln(price) to a base ranker's scores (a "promote premium items" change). */
export function priceBoostRanker(world: World, base: Ranker, boost: number): Ranker {
  return {
    name: `${base.name} + ${boost}·ln price`,
    score(u, items, out) {
      base.score(u, items, out);
      for (let c = 0; c < items.length; c++) out[c] += boost * Math.log(world.items.price[items[c]]);
    },
  };
}

/** `requests` requests, each served by both rankers on the same candidates. O(requests · candidates · dim). */
export async function buildDelayPools(
  world: World,
  control: Ranker,
  treatment: Ranker,
  o: { requests: number; candidates: number; delayDays: number; tick?: () => Promise<void> },
  rng: Rng,
): Promise<[DelayPool, DelayPool]> {
  const { tercile, purchaseShare } = purchaseByPriceTercile(world);
  const source = new TrafficSource(world, o.candidates);
  const scratch = new Float64Array(o.candidates);
  const pools: [DelayPool, DelayPool] = [{ click: [], purchase: [], delay: [] }, { click: [], purchase: [], delay: [] }];
  for (let r = 0; r < o.requests; r++) {
    const req = source.request(rng);
    [control, treatment].forEach((ranker, a) => {
      const out = serveRequest(world, req, ranker, scratch);
      pools[a].click.push(out.p);
      pools[a].purchase.push(Float64Array.from(out.shown, (i) => purchaseShare[tercile[i]]));
      pools[a].delay.push(Float64Array.from(out.shown, (i) => (o.delayDays * (tercile[i] + 1)) / 3));
    });
    if (o.tick && r % 500 === 0) await o.tick();
  }
  return pools;
}

export interface DelayRuns {
  /** expected purchases per request, treatment over control, minus 1: what every reading estimates */
  trueLift: number;
  naiveLift: Float64Array;
  waitedLift: Float64Array;
  correctedLift: Float64Array;
  /** per run: share of the purchases made during the test that had landed by its end */
  landedShare: Float64Array;
}

/**
 * Each run: `requestsPerArm` requests per arm drawn from its pool, clicked on a uniform day of the test, purchases
 * drawn with their delays, and three readings of purchases per request (the corrected one per request at least
 * minAgeDays old). O(runs · requestsPerArm · slate).
 */
export async function simulateLabelDelay(
  pools: [DelayPool, DelayPool],
  o: { testDays: number; waitDays: number; minAgeDays: number; requestsPerArm: number; runs: number; tick?: () => Promise<void>; progress?: (fraction: number) => void },
  rng: Rng,
): Promise<DelayRuns> {
  const expected = pools.map((pool) => {
    let s = 0;
    for (let r = 0; r < pool.click.length; r++) for (let k = 0; k < pool.click[r].length; k++) s += pool.click[r][k] * pool.purchase[r][k];
    return s / pool.click.length;
  });
  const out: DelayRuns = {
    trueLift: expected[1] / expected[0] - 1,
    naiveLift: new Float64Array(o.runs),
    waitedLift: new Float64Array(o.runs),
    correctedLift: new Float64Array(o.runs),
    landedShare: new Float64Array(o.runs),
  };
  const T = o.testDays;
  for (let run = 0; run < o.runs; run++) {
    const naive = [0, 0];
    const waited = [0, 0];
    const corrected = [0, 0];
    const eligible = [0, 0];
    let made = 0;
    let landed = 0;
    for (let a = 0; a < 2; a++) {
      const pool = pools[a];
      for (let q = 0; q < o.requestsPerArm; q++) {
        const r = rng.int(pool.click.length);
        const day = rng.next() * T;
        const mature = T - day >= o.minAgeDays;
        if (mature) eligible[a]++;
        const p = pool.click[r];
        for (let k = 0; k < p.length; k++) {
          if (rng.next() >= p[k] || rng.next() >= pool.purchase[r][k]) continue;
          const mean = pool.delay[r][k];
          const lands = day + rng.exponential(1 / mean);
          made++;
          if (lands <= T) {
            naive[a]++;
            landed++;
            if (mature) corrected[a] += 1 / (1 - Math.exp(-(T - day) / mean)); // 1/F(age): the chance it had landed by now
          }
          if (lands <= T + o.waitDays) waited[a]++;
        }
      }
      if (o.tick) await o.tick();
    }
    const lift = (v: number[]) => (v[0] > 0 ? v[1] / v[0] - 1 : NaN);
    out.naiveLift[run] = lift(naive);
    out.waitedLift[run] = lift(waited);
    out.correctedLift[run] = eligible[0] && eligible[1] ? lift([corrected[0] / eligible[0], corrected[1] / eligible[1]]) : NaN;
    out.landedShare[run] = made ? landed / made : NaN;
    o.progress?.((run + 1) / o.runs);
  }
  return out;
}
