/**
 * cold-start-items: new items launch; over a few simulated days users are served slates and click
 * through the world's choice model. The same requests (users, click draws) are replayed for each way
 * of treating new items: content vectors from the item tower only, similar-by-metadata vectors, a
 * freshness boost, and reserved exploration slots filled by Thompson sampling. We watch exposure,
 * time to first click and what the exploration costs overall.
 */
import { ThompsonBeta } from '../core/bandits/index.js';
import type { Rng } from '../core/rng.js';
import { topK } from '../core/vec.js';
import { clickProbability } from '../data/choice-model.js';
import { itemCounts } from '../data/cohorts.js';
import type { World } from '../data/world-types.js';
import { metadataNeighbourVectors } from '../models/cold-start/content-vectors.js';
import { buildEvalSet } from '../models/eval/eval-set.js';
import { gatherRows } from '../models/eval/baselines.js';
import { retrieveExact } from '../models/eval/retrieve.js';
import { MetricSet } from './metric-set.js';
import { num, trainStage, twoTowerOptions } from './two-tower-common.js';
import type { Experiment, ExperimentContext, Table } from './types.js';

const METHODS = ['content', 'metadata', 'freshness', 'explore-slots'] as const;
type Method = (typeof METHODS)[number];
const SLATE = 10;
const POOL = 100;

interface Setup {
  world: World;
  users: Int32Array;
  /** per simulated user: POOL warm candidates from exact search */
  pools: Int32Array;
  userVecs: Float32Array;
  itemVecs: Float32Array;
  metaVecs: Float32Array;
  dim: number;
  launched: Int32Array;
}

/** What one method's launch window produced, per simulated user and per launched item (the bootstrap's units). */
interface Outcome {
  /** per simulated user (row of Setup.users): impressions, clicks, and impressions of new items */
  impressions: Float64Array;
  clicks: Float64Array;
  coldImpressions: Float64Array;
  /** per launched item: impressions, clicks, and the (fractional) day of its first click (Infinity: none) */
  itemImpressions: Float64Array;
  itemClicks: Float64Array;
  firstClickDay: Float64Array;
}

/** Populations of the bootstrap: every method replays the same users and the same launched items (paired). */
const SIM_USERS = 'simulated-users';
const NEW_ITEMS = 'launched-items';

function dotAt(a: Float32Array, ra: number, b: Float32Array, rb: number, d: number): number {
  let s = 0;
  for (let e = 0; e < d; e++) s += a[ra * d + e] * b[rb * d + e];
  return s;
}

/** One slate: the best SLATE of the user's warm pool and the launched items, under the method's scoring. */
function slateFor(s: Setup, method: Method, r: number, day: number, opts: { boost: number; halfLife: number; slots: number }, bandit: ThompsonBeta, rng: Rng): number[] {
  const d = s.dim;
  const cand: number[] = Array.from(s.pools.subarray(r * POOL, (r + 1) * POOL));
  const scores: number[] = cand.map((i) => dotAt(s.userVecs, r, s.itemVecs, i, d));
  const reserved = method === 'explore-slots' ? opts.slots : 0;
  if (method !== 'explore-slots') {
    const vecs = method === 'metadata' ? s.metaVecs : s.itemVecs;
    const boost = method === 'freshness' ? opts.boost * Math.pow(0.5, day / opts.halfLife) : 0;
    for (const i of s.launched) {
      cand.push(i);
      scores.push(dotAt(s.userVecs, r, vecs, i, d) + boost);
    }
  }
  const order = Array.from(topK(scores, SLATE - reserved), (p) => cand[p]);
  for (let k = 0; k < reserved; k++) {
    // Thompson picks a launched item not already on the slate; it takes the middle slot of the slate
    let pick = s.launched[bandit.select(rng)];
    for (let tries = 0; order.includes(pick) && tries < 10; tries++) pick = s.launched[bandit.select(rng)];
    order.splice(Math.min(order.length, 4 + k), 0, pick);
  }
  return order;
}

function simulate(ctx: ExperimentContext, s: Setup, method: Method, days: number, perDay: number, opts: { boost: number; halfLife: number; slots: number }): Outcome {
  const launchedIndex = new Map<number, number>();
  s.launched.forEach((i, a) => launchedIndex.set(i, a));
  const bandit = new ThompsonBeta(s.launched.length);
  // common random numbers: every method replays the same users and the same uniform click draws
  const users = ctx.rng('requests');
  const clicksRng = ctx.rng('clicks');
  const banditRng = ctx.rng('bandit');
  const U = s.users.length;
  const L = s.launched.length;
  const o: Outcome = {
    impressions: new Float64Array(U), clicks: new Float64Array(U), coldImpressions: new Float64Array(U),
    itemImpressions: new Float64Array(L), itemClicks: new Float64Array(L), firstClickDay: new Float64Array(L).fill(Infinity),
  };
  for (let day = 0; day < days; day++) {
    for (let q = 0; q < perDay; q++) {
      const r = users.int(s.users.length);
      const u = s.users[r];
      const slate = slateFor(s, method, r, day, opts, bandit, banditRng);
      for (let p = 0; p < SLATE; p++) {
        const item = slate[p];
        const draw = clicksRng.next();
        if (item === undefined) continue;
        const click = draw < clickProbability(s.world, u, item, p);
        o.impressions[r]++;
        o.clicks[r] += click ? 1 : 0;
        const a = launchedIndex.get(item);
        if (a === undefined) continue;
        o.coldImpressions[r]++;
        o.itemImpressions[a]++;
        if (click) {
          o.itemClicks[a]++;
          o.firstClickDay[a] = Math.min(o.firstClickDay[a], day + q / perDay);
        }
        bandit.update(a, click ? 1 : 0);
      }
    }
  }
  return o;
}

async function setUp(ctx: ExperimentContext): Promise<Setup> {
  const world = await ctx.stage('world', () => ctx.world());
  const model = await trainStage(ctx, world, twoTowerOptions(ctx), 'train two-tower');
  try {
    const counts = itemCounts(world, 'train');
    const cold: number[] = [];
    for (let i = 0; i < world.items.count; i++) if (counts[i] === 0) cold.push(i);
    const rng = ctx.rng('launch');
    const n = Math.min(num(ctx, 'newItems'), cold.length);
    const launched = Int32Array.from(rng.sampleWithoutReplacement(cold.length, n), (p) => cold[p]).sort();
    const set = buildEvalSet(world, num(ctx, 'users'), ctx.rng('users'));
    // launched items are excluded from the warm pools: they enter only through each method
    set.exclude.forEach((ex) => launched.forEach((i) => ex.add(i)));
    const itemVecs = model.itemEmbeddings();
    const userVecs = gatherRows(model.userEmbeddings(), set.users, model.dim);
    const pools = await ctx.stage('warm candidates', () => retrieveExact(set, userVecs, itemVecs, model.dim, POOL));
    const isCold = Uint8Array.from(counts, (c) => (c === 0 ? 1 : 0));
    const metaVecs = metadataNeighbourVectors(world, itemVecs, model.dim, isCold);
    return { world, users: set.users, pools, userVecs, itemVecs, metaVecs, dim: model.dim, launched };
  } finally {
    model.dispose();
  }
}

/** Σ num / Σ den over the resampled units: a ratio of totals (click-through, exposure share). */
const ratio = (num: Float64Array, den: Float64Array) => (idx: Int32Array): number => {
  let a = 0;
  let b = 0;
  for (const i of idx) {
    a += num[i];
    b += den[i];
  }
  return b ? a / b : 0;
};

/** The median (upper, for an even count) of the resampled values. */
const median = (values: Float64Array) => (idx: Int32Array): number => {
  const v = Float64Array.from(idx, (i) => values[i]).sort();
  return v[Math.floor(v.length / 2)];
};

export const experiment: Experiment = {
  id: 'cold-start-items',
  description: 'New items: content vectors, similar-by-metadata, freshness boost and Thompson exploration slots — exposure, time to first click, cost',
  async run(ctx) {
    const s = await setUp(ctx);
    const days = num(ctx, 'days');
    const perDay = num(ctx, 'requestsPerDay');
    const opts = { boost: num(ctx, 'freshnessBoost'), halfLife: num(ctx, 'boostHalfLifeDays'), slots: num(ctx, 'exploreSlots') };
    const out = new MetricSet(ctx).exact('new_items', s.launched.length).exact('requests', days * perDay);
    const U = s.users.length;
    const L = s.launched.length;
    const rows: (string | number)[][] = [];
    for (const method of METHODS) {
      await ctx.tick();
      const o = await ctx.stage(`simulate ${method}`, () => simulate(ctx, s, method, days, perDay, opts));
      const key = method.replace('-', '_');
      // items never clicked are censored at the end of the window (days)
      const censored = Float64Array.from(o.firstClickDay, (t) => (Number.isFinite(t) ? t : days));
      const clicked = Float64Array.from(o.firstClickDay, (t) => (Number.isFinite(t) ? 1 : 0));
      out.statistic(`ctr_${key}`, SIM_USERS, U, ratio(o.clicks, o.impressions));
      out.statistic(`new_item_exposure_share_${key}`, SIM_USERS, U, ratio(o.coldImpressions, o.impressions));
      out.mean(`new_items_clicked_share_${key}`, clicked, NEW_ITEMS);
      out.statistic(`days_to_first_click_p50_${key}`, NEW_ITEMS, L, median(censored));
      // the restricted mean (never-clicked items count as the window's length) stays decidable when about half the
      // items are clicked, where the median jumps between the last click days and the censoring point
      out.mean(`days_to_first_click_mean_${key}`, censored, NEW_ITEMS);
      out.statistic(`new_item_ctr_${key}`, NEW_ITEMS, L, ratio(o.itemClicks, o.itemImpressions));
      const m = out.metrics;
      rows.push([method, m[`ctr_${key}`], m[`new_item_exposure_share_${key}`], m[`new_items_clicked_share_${key}`], m[`days_to_first_click_p50_${key}`], m[`new_item_ctr_${key}`]]);
    }
    const table: Table = { title: 'new items by method', columns: ['method', 'ctr', 'new-item exposure', 'new items clicked', 'days to first click p50', 'new-item ctr'], rows };
    return {
      metrics: out.metrics,
      replicates: out.replicates,
      tables: [table],
      notes: [
        `${s.launched.length} items with no train engagement launch on day 0; ${s.users.length} users make ${perDay} requests a day for ${days} days; slates of ${SLATE} from each user's ${POOL} best warm items plus the new items`,
        'content = the item tower\'s vector from category, brand, price and tags only; metadata = mean vector of warm items in the same leaf category; freshness = content + a boost halving every boostHalfLifeDays; explore-slots = content for the rest, exploreSlots slot(s) given to a new item chosen by Thompson sampling',
        `days to first click: items never clicked count as ${days} (the window's end); intervals resample the simulated users (click-through, exposure) and the launched items (first clicks), the same ones for every method`,
      ],
    };
  },
};
