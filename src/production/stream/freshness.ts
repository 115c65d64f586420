/**
 * What fresh features buy: the same recommender, reading features as of `cutoff(request time)` — one second ago,
 * an hour ago, last midnight's batch — on the same requests. The events reach the consumer in arrival order
 * (delivery.ts); a request sees every event that arrived by its cutoff and nothing after.
 *
 * The recommender is fixed (not learned), so only the features' age changes between runs: an item's score is
 * P(leaf | user) · P(item | leaf) + trendWeight · (the item's share of engagements in the recent windows), where
 * P(leaf | user) mixes the user's leaf shares in the recent windows (weight recentWeight) with their long-term
 * shares from the world's history (a daily batch feature, the same at every lag), and P(item | leaf) is the item's
 * popularity within its leaf. O(requests · (leaves · k + trending entries) + events) per lag.
 */
import type { IntradayWorld } from '../../data/intraday.js';
import type { World } from '../../data/world-types.js';
import { StreamConsumer, type ConsumerOptions } from './consumer.js';
import type { Delivery } from './delivery.js';

/** the windows a feature sums: the current (partial) window and the one before it */
export const FEATURE_WINDOWS = 2;
/** leaves of a user's mixture whose top items become candidates */
const CANDIDATE_LEAVES = 6;

export interface FreshnessModel {
  k: number;
  recentWeight: number;
  trendWeight: number;
}

export interface FreshRequests {
  /** index of the request's event in the intraday events (its user, time and true next item) */
  event: Int32Array;
}

/** Items of each leaf by popularity, descending, at most `k` per leaf. O(items log items). */
export function topItemsByLeaf(world: World, k: number): Int32Array[] {
  const byLeaf: number[][] = Array.from({ length: world.config.numCategories }, () => []);
  for (let i = 0; i < world.items.count; i++) byLeaf[world.items.category[i]].push(i);
  const pop = world.items.popularity;
  return byLeaf.map((list) => Int32Array.from(list.sort((a, b) => pop[b] - pop[a] || a - b).slice(0, k)));
}

/** The user's recent leaf shares as the consumer holds them at `cutoff` (empty when nothing recent). */
export function recentLeafShares(consumer: StreamConsumer, user: number, cutoff: number): Map<number, number> {
  const counts = consumer.userLeafCounts(user, consumer.windowOf(cutoff), FEATURE_WINDOWS);
  let total = 0;
  for (const c of counts.values()) total += c;
  for (const [l, c] of counts) counts.set(l, c / total);
  return counts;
}

/**
 * Replay the stream once and rank each request's items with features as of `cutoffOf(request second)`.
 * Returns each request's 0-based rank of its true item in the top k (−1 when outside), each request's top k
 * (requests × k, −1 where fewer), and the consumer at the end.
 */
export function rankWithFeaturesAsOf(
  world: World, day: IntradayWorld, delivery: Delivery, requests: FreshRequests, cutoffOf: (second: number) => number,
  consumerOptions: Omit<ConsumerOptions, 'users' | 'leafOf'>, model: FreshnessModel, topByLeaf: Int32Array[],
): { rank: Int32Array; top: Int32Array; consumer: StreamConsumer } {
  const ev = day.events;
  const consumer = new StreamConsumer({ ...consumerOptions, users: day.users.length, leafOf: world.items.category });
  const n = requests.event.length;
  const cutoff = Float64Array.from(requests.event, (e) => cutoffOf(ev.second[e]));
  const order = Array.from({ length: n }, (_, q) => q).sort((a, b) => cutoff[a] - cutoff[b] || a - b);
  const rank = new Int32Array(n).fill(-1);
  const top = new Int32Array(n * model.k).fill(-1);
  let next = 0;
  let trendKey = '';
  let trend: { share: Map<number, number>; top: number[] } = { share: new Map(), top: [] };
  const leaf = world.items.category;
  const pop = world.items.popularity;
  const scores = new Map<number, number>();
  for (const q of order) {
    const c = cutoff[q];
    while (next < delivery.order.length && delivery.arrival[delivery.order[next]] <= c) {
      const e = delivery.order[next++];
      consumer.apply(ev.user[e], ev.item[e], ev.second[e]);
    }
    const toWindow = consumer.windowOf(c);
    const key = `${toWindow}:${consumer.applied}`;
    if (key !== trendKey) {
      trendKey = key;
      trend = trendingShares(consumer.itemCounts(toWindow, FEATURE_WINDOWS), model.k);
    }
    const e = requests.event[q];
    const u = ev.user[e];
    const recent = recentLeafShares(consumer, u, c);
    const mix = new Map<number, number>();
    const wRecent = recent.size ? model.recentWeight : 0;
    for (const [l, s] of recent) mix.set(l, wRecent * s);
    for (let o = day.longTerm.offsets[u]; o < day.longTerm.offsets[u + 1]; o++) {
      const l = day.longTerm.leaf[o];
      mix.set(l, (mix.get(l) ?? 0) + (1 - wRecent) * day.longTerm.share[o]);
    }
    scores.clear();
    const leaves = [...mix.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, CANDIDATE_LEAVES);
    for (const [l] of leaves) for (const i of topByLeaf[l]) scores.set(i, 0);
    for (const i of trend.top) scores.set(i, 0);
    for (const i of scores.keys()) {
      const l = leaf[i];
      scores.set(i, ((mix.get(l) ?? 0) * pop[i]) / day.leafMass[l] + model.trendWeight * (trend.share.get(i) ?? 0));
    }
    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const truth = ev.item[e];
    for (let r = 0; r < Math.min(model.k, ranked.length); r++) {
      top[q * model.k + r] = ranked[r][0];
      if (ranked[r][0] === truth) rank[q] = r;
    }
  }
  return { rank, top, consumer };
}

/** Each item's share of the engagements counted, and the k items with the largest counts. */
function trendingShares(counts: Map<number, number>, k: number): { share: Map<number, number>; top: number[] } {
  let total = 0;
  for (const c of counts.values()) total += c;
  const share = new Map<number, number>();
  for (const [i, c] of counts) share.set(i, c / total);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k).map(([i]) => i);
  return { share, top };
}
