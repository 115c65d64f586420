/**
 * A world that moves within a day: a few simulated days after the world's history, at second resolution, where a
 * user's engagements come from three sources — their long-term taste (the leaf categories of their history in the
 * world), the intent of the current session (a leaf that sticks for a session and is redrawn now and then), and
 * trending items (bursts that rise over `burstHours` and decay over a few more). Each event records which source
 * produced it, so evaluation can show the trending cohort and the users whose intent just switched apart.
 *
 * Every draw comes from `Rng(world seed).fork('intraday')`: the world's own streams are untouched, so no existing
 * scenario's numbers move. O(users · history + events · trendingItems).
 */
import { UsageError } from '../core/errors.js';
import { AliasSampler, Rng } from '../core/rng.js';
import type { World } from './world-types.js';

export const SECONDS_PER_DAY = 86_400;
/** mean gap between two engagements of one session, seconds */
const MEAN_GAP_SECONDS = 60;
/** the source of an engagement */
export const CAUSE = { taste: 0, intent: 1, trend: 2 } as const;

export interface IntradayOptions {
  /** users simulated, drawn from the world's users with at least `minHistory` engagements */
  users: number;
  /** days simulated; the last is the evaluation day */
  days: number;
  sessionsPerDay: number;
  /** mean engagements per session (≥ 1) */
  eventsPerSession: number;
  /** share of non-trending engagements that follow the session's intent (the rest follow long-term taste) */
  intentShare: number;
  /** probability a new session keeps the previous session's intent */
  intentStickiness: number;
  /** share of engagements that go to trending items when the bursts under way add up to one at their peak */
  trendShare: number;
  /** bursts over the simulated days */
  trendingItems: number;
  /** hours from a burst's start to its peak; it decays on the same scale (x·e^(1−x), x = hours / burstHours) */
  burstHours: number;
}

export interface IntradayEvents {
  count: number;
  /** local user index into IntradayWorld.users */
  user: Int32Array;
  item: Int32Array;
  /** event time, seconds since the start of the simulated days (sorted ascending) */
  second: Int32Array;
  /** CAUSE of each engagement */
  cause: Uint8Array;
  /** 1 when the session's intent differs from the user's previous session's */
  intentSwitched: Uint8Array;
  /** the session's intent (a leaf category): ground truth of what the user wants now */
  intent: Int32Array;
  /** 1 for the first engagement of a session (its history holds nothing of the session's intent yet) */
  sessionStart: Uint8Array;
}

export interface IntradayWorld {
  options: IntradayOptions;
  /** world user id of each local user */
  users: Int32Array;
  events: IntradayEvents;
  /** each user's long-term leaf shares from the world's history: CSR (offsets, leaf, share) — a daily batch feature */
  longTerm: { offsets: Int32Array; leaf: Int32Array; share: Float32Array };
  trending: { item: Int32Array; startSecond: Float64Array };
  /** Σ popularity of each leaf's items (P(item | leaf) = popularity / leafMass) */
  leafMass: Float64Array;
}

const MIN_HISTORY = 3;

function check(o: IntradayOptions): void {
  const bad = (name: string, v: number, range: string): never => {
    throw new UsageError(`intraday: ${name} must be ${range}, got ${v}`);
  };
  if (!(Number.isInteger(o.users) && o.users >= 1)) bad('users', o.users, 'an integer ≥ 1');
  if (!(Number.isInteger(o.days) && o.days >= 1 && o.days <= 60)) bad('days', o.days, 'an integer in [1, 60]');
  if (!(o.sessionsPerDay > 0)) bad('sessionsPerDay', o.sessionsPerDay, '> 0');
  if (!(o.eventsPerSession >= 1)) bad('eventsPerSession', o.eventsPerSession, '≥ 1');
  for (const k of ['intentShare', 'intentStickiness', 'trendShare'] as const) if (!(o[k] >= 0 && o[k] <= 1)) bad(k, o[k], 'in [0, 1]');
  if (!(Number.isInteger(o.trendingItems) && o.trendingItems >= 0)) bad('trendingItems', o.trendingItems, 'an integer ≥ 0');
  if (!(o.burstHours > 0)) bad('burstHours', o.burstHours, '> 0');
}

/** Burst intensity at `second` of a burst that started at `start`: x·e^(1−x), 1 at the peak. */
export function burstIntensity(second: number, start: number, burstSeconds: number): number {
  if (second < start) return 0;
  const x = (second - start) / burstSeconds;
  return x * Math.exp(1 - x);
}

/** Each selected user's leaf counts over the world's history, as shares (CSR). O(interactions). */
function longTermLeaves(world: World, users: Int32Array): IntradayWorld['longTerm'] {
  const local = new Int32Array(world.users.count).fill(-1);
  users.forEach((u, k) => { local[u] = k; });
  const counts = Array.from({ length: users.length }, () => new Map<number, number>());
  const { user, item } = world.interactions;
  for (let r = 0; r < world.interactions.count; r++) {
    const k = local[user[r]];
    if (k < 0) continue;
    const leaf = world.items.category[item[r]];
    counts[k].set(leaf, (counts[k].get(leaf) ?? 0) + 1);
  }
  const offsets = new Int32Array(users.length + 1);
  counts.forEach((m, k) => { offsets[k + 1] = offsets[k] + m.size; });
  const leaf = new Int32Array(offsets[users.length]);
  const share = new Float32Array(offsets[users.length]);
  counts.forEach((m, k) => {
    let total = 0;
    for (const c of m.values()) total += c;
    let o = offsets[k];
    for (const [l, c] of [...m.entries()].sort((a, b) => a[0] - b[0])) {
      leaf[o] = l;
      share[o++] = c / total;
    }
  });
  return { offsets, leaf, share };
}

/** Generate the intraday days for `world`. Throws UsageError for bad options. */
export function generateIntraday(world: World, options: IntradayOptions): IntradayWorld {
  check(options);
  const rng = new Rng(world.config.seed).fork('intraday');
  const { items } = world;
  const L = world.config.numCategories;
  // users with enough history to have a long-term taste
  const history = new Int32Array(world.users.count);
  for (let r = 0; r < world.interactions.count; r++) history[world.interactions.user[r]]++;
  const eligible: number[] = [];
  for (let u = 0; u < world.users.count; u++) if (history[u] >= MIN_HISTORY) eligible.push(u);
  const n = Math.min(options.users, eligible.length);
  const users = Int32Array.from(rng.sampleWithoutReplacement(eligible.length, n), (k) => eligible[k]).sort();
  const longTerm = longTermLeaves(world, users);

  // P(item | leaf) ∝ popularity
  const byLeaf: number[][] = Array.from({ length: L }, () => []);
  for (let i = 0; i < items.count; i++) byLeaf[items.category[i]].push(i);
  const leafMass = new Float64Array(L);
  const leafSampler = byLeaf.map((list, l) => {
    for (const i of list) leafMass[l] += items.popularity[i];
    return list.length ? new AliasSampler(list.map((i) => items.popularity[i])) : null;
  });
  const leafPick = new AliasSampler(Array.from(leafMass, (m) => m + 1e-12));
  const itemOfLeaf = (l: number, r: Rng): number => {
    const s = leafSampler[l];
    return s ? byLeaf[l][s.sample(r)] : byLeaf[leafPick.sample(r)][0];
  };

  const span = options.days * SECONDS_PER_DAY;
  const burstSeconds = options.burstHours * 3600;
  const trending = { item: new Int32Array(options.trendingItems), startSecond: new Float64Array(options.trendingItems) };
  for (let k = 0; k < options.trendingItems; k++) {
    trending.item[k] = rng.int(items.count);
    trending.startSecond[k] = rng.uniform(-burstSeconds, span - burstSeconds);
  }
  const K = options.trendingItems;
  const intensity = new Float64Array(K);

  const rows: { u: number; i: number; s: number; c: number; sw: number; in: number; st: number }[] = [];
  for (let k = 0; k < n; k++) {
    const ur = rng.fork(k);
    const sessions = ur.poisson(options.sessionsPerDay * options.days);
    const starts = Float64Array.from({ length: sessions }, () => Math.floor(ur.next() * span)).sort();
    const lo = longTerm.offsets[k];
    const hi = longTerm.offsets[k + 1];
    const tasteLeaf = (): number => {
      let r = ur.next();
      for (let o = lo; o < hi; o++) if ((r -= longTerm.share[o]) < 0) return longTerm.leaf[o];
      return longTerm.leaf[hi - 1];
    };
    let intent = -1;
    for (let s = 0; s < sessions; s++) {
      const previous = intent;
      if (intent < 0 || ur.next() >= options.intentStickiness) intent = leafPick.sample(ur);
      const switched = intent !== previous ? 1 : 0;
      const length = 1 + ur.poisson(options.eventsPerSession - 1);
      let t = starts[s];
      for (let e = 0; e < length && t < span; e++) {
        let total = 0;
        for (let b = 0; b < K; b++) total += intensity[b] = burstIntensity(t, trending.startSecond[b], burstSeconds);
        const pTrend = options.trendShare * Math.min(1, total);
        const r = ur.next();
        let item: number;
        let cause: number;
        if (r < pTrend) {
          let x = ur.next() * total;
          let b = 0;
          while (b < K - 1 && (x -= intensity[b]) >= 0) b++;
          item = trending.item[b];
          cause = CAUSE.trend;
        } else if (ur.next() < options.intentShare) {
          item = itemOfLeaf(intent, ur);
          cause = CAUSE.intent;
        } else {
          item = itemOfLeaf(tasteLeaf(), ur);
          cause = CAUSE.taste;
        }
        rows.push({ u: k, i: item, s: t, c: cause, sw: switched, in: intent, st: e === 0 ? 1 : 0 });
        t += 1 + Math.floor(ur.exponential(1 / MEAN_GAP_SECONDS));
      }
    }
  }
  // stable by time: users were generated in order, so ties keep user order
  rows.sort((a, b) => a.s - b.s || a.u - b.u);
  const m = rows.length;
  const events: IntradayEvents = {
    count: m, user: new Int32Array(m), item: new Int32Array(m), second: new Int32Array(m), cause: new Uint8Array(m), intentSwitched: new Uint8Array(m),
    intent: new Int32Array(m), sessionStart: new Uint8Array(m),
  };
  rows.forEach((r, j) => {
    events.user[j] = r.u;
    events.item[j] = r.i;
    events.second[j] = r.s;
    events.cause[j] = r.c;
    events.intentSwitched[j] = r.sw;
    events.intent[j] = r.in;
    events.sessionStart[j] = r.st;
  });
  return { options, users, events, longTerm, trending, leafMass };
}

/**
 * Ground truth: the probability that `user`'s engagement at `second`, in a session with intent `intent`, is each of
 * `items`, summed — the chance a recommended list holds what the user engages with next, under the generator's own
 * mixture (trending bursts, then the session's intent or long-term taste, then popularity within the leaf). A
 * lower-variance sibling of the hit rate. O(|items| · (trendingItems + user's leaves)).
 */
export function listProbability(day: IntradayWorld, world: World, user: number, second: number, intent: number, items: ArrayLike<number>): number {
  const o = day.options;
  const burstSeconds = o.burstHours * 3600;
  let total = 0;
  for (let b = 0; b < day.trending.item.length; b++) total += burstIntensity(second, day.trending.startSecond[b], burstSeconds);
  const pTrend = o.trendShare * Math.min(1, total);
  const { offsets, leaf: ltLeaf, share } = day.longTerm;
  let p = 0;
  for (let r = 0; r < items.length; r++) {
    const i = items[r];
    if (i < 0) continue;
    if (pTrend > 0) {
      for (let b = 0; b < day.trending.item.length; b++) {
        if (day.trending.item[b] === i) p += (pTrend * burstIntensity(second, day.trending.startSecond[b], burstSeconds)) / total;
      }
    }
    const leaf = world.items.category[i];
    let long = 0;
    for (let q = offsets[user]; q < offsets[user + 1]; q++) if (ltLeaf[q] === leaf) long = share[q];
    const withinLeaf = world.items.popularity[i] / day.leafMass[leaf];
    p += (1 - pTrend) * (o.intentShare * (leaf === intent ? 1 : 0) + (1 - o.intentShare) * long) * withinLeaf;
  }
  return p;
}
