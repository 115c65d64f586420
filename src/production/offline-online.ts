/**
 * Offline metrics against online outcomes for the same rankers. Offline: NDCG@10 on logged clicks —
 * the world's test split with sampled negatives, logs collected by a deployed ranker, or logs of
 * randomised slates. Online: the expected CTR when the ranker itself serves, from the choice model.
 * Logs carry the biases of whoever collected them (which items were shown, and at which position),
 * which is where offline and online part ways.
 */
import { ndcgAtK } from '../core/metrics/index.js';
import { meanOfDefined } from '../core/stats.js';
import type { Rng } from '../core/rng.js';
import type { World } from '../data/world-types.js';
import { expectedClicks, serveRequest, TrafficSource, type Ranker, type Request } from './rollout/traffic.js';

export interface LoggedRequests {
  users: Int32Array;
  /** requests × slate shown items, best slot first */
  shown: Int32Array;
  /** requests × slate clicks (0/1) */
  clicks: Uint8Array;
  slate: number;
}

/**
 * Offline NDCG@10 on the world's test split, one value per sampled test user: their engaged test items
 * (relevance = engagement grade) among `negatives` uniformly drawn items (relevance 0). The common
 * "sampled negatives" protocol. The same `rng` state gives the same users and negatives for every ranker.
 * O(users · (positives + negatives) · dim).
 */
export function ndcgPerTestUser(world: World, ranker: Ranker, users: number, negatives: number, rng: Rng): Float64Array {
  const { interactions, split } = world;
  const byUser = new Map<number, Map<number, number>>();
  for (let k = split.trainCount; k < interactions.count; k++) {
    const u = interactions.user[k];
    const m = byUser.get(u) ?? new Map<number, number>();
    m.set(interactions.item[k], Math.max(m.get(interactions.item[k]) ?? 0, interactions.label[k]));
    byUser.set(u, m);
  }
  const ids = [...byUser.keys()].sort((a, b) => a - b);
  const sampleRng = rng.fork('users');
  const chosen = ids.length <= users ? ids : Array.from(sampleRng.sampleWithoutReplacement(ids.length, users), (k) => ids[k]);
  const out = new Float64Array(chosen.length);
  chosen.forEach((u, c) => {
    const positives = byUser.get(u)!;
    const items = [...positives.keys()];
    const rel = items.map((i) => positives.get(i)!);
    for (let n = 0; n < negatives; n++) {
      const i = rng.int(world.items.count);
      if (positives.has(i)) continue;
      items.push(i);
      rel.push(0);
    }
    const scores = new Float64Array(items.length);
    ranker.score(u, Int32Array.from(items), scores);
    out[c] = ndcgAtK(rel, scores, 10);
  });
  return out;
}

/** Offline NDCG@10 on the test split with sampled negatives: the mean of ndcgPerTestUser. */
export function offlineNdcgOnTestSplit(world: World, ranker: Ranker, users: number, negatives: number, rng: Rng): number {
  return meanOfDefined(ndcgPerTestUser(world, ranker, users, negatives, rng)) || 0;
}

/** Logs of `requests` requests served by `logger` (or random slates when logger is null). */
export function collectLogs(world: World, source: TrafficSource, logger: Ranker | null, requests: number, rng: Rng): LoggedRequests {
  const S = world.config.slateSize;
  const logs: LoggedRequests = { users: new Int32Array(requests), shown: new Int32Array(requests * S), clicks: new Uint8Array(requests * S), slate: S };
  const scratch = new Float64Array(source.candidates);
  const random: Ranker = { name: 'random', score: (_u, items, out) => { for (let c = 0; c < items.length; c++) out[c] = rng.next(); } };
  for (let r = 0; r < requests; r++) {
    const req = source.request(rng);
    const out = serveRequest(world, req, logger ?? random, scratch);
    logs.users[r] = req.user;
    for (let s = 0; s < out.shown.length; s++) {
      logs.shown[r * S + s] = out.shown[s];
      logs.clicks[r * S + s] = rng.next() < out.p[s] ? 1 : 0;
    }
  }
  return logs;
}

/**
 * NDCG@10 of `ranker` re-ranking each logged slate, clicks as relevance, one value per logged request (NaN for a
 * request without a click: it ranks nothing). O(requests · slate).
 */
export function ndcgPerLoggedRequest(logs: LoggedRequests, ranker: Ranker): Float64Array {
  const S = logs.slate;
  const scores = new Float64Array(S);
  const out = new Float64Array(logs.users.length).fill(NaN);
  for (let r = 0; r < logs.users.length; r++) {
    const rel = logs.clicks.subarray(r * S, r * S + S);
    if (!rel.some((c) => c > 0)) continue;
    ranker.score(logs.users[r], logs.shown.subarray(r * S, r * S + S), scores);
    out[r] = ndcgAtK(rel, scores, 10);
  }
  return out;
}

/** Offline NDCG@10 on logs: the mean over the logged requests that got a click. */
export function offlineNdcgOnLogs(logs: LoggedRequests, ranker: Ranker): number {
  return meanOfDefined(ndcgPerLoggedRequest(logs, ranker)) || 0;
}

/** Expected CTR per impression of each request when `ranker` serves it (the same requests for every ranker). */
export function ctrPerRequest(world: World, requests: Request[], ranker: Ranker): Float64Array {
  const scratch = new Float64Array(requests[0]?.items.length ?? 0);
  return Float64Array.from(requests, (req) => {
    const out = serveRequest(world, req, ranker, scratch);
    return out.p.length ? expectedClicks(out) / out.p.length : 0;
  });
}

/** Expected CTR per impression over `requests` (every request shows a full slate, so the mean of ctrPerRequest). */
export function onlineCtr(world: World, requests: Request[], ranker: Ranker): number {
  return meanOfDefined(ctrPerRequest(world, requests, ranker)) || 0;
}

export interface LoopRound {
  round: number;
  onlineCtr: number;
  /** NDCG@10 of the loop's model on the logs it collected this round */
  offlineOwnLogs: number;
  /** the same per logged request (NaN without a click): the round's resampling units */
  offlinePerRequest: Float64Array;
  /** share of the catalog shown at least once this round */
  coverage: number;
}

/**
 * Popularity feedback loop: a ranker by accumulated click counts serves a round, and its own clicks
 * are added to the counts it ranks by next round (rich get richer). Returns per-round online CTR,
 * its offline NDCG on its own logs, and coverage. O(rounds · requests · candidates · dim).
 */
export function popularityFeedbackLoop(world: World, source: TrafficSource, initial: Float64Array, rounds: number, requestsPerRound: number, rng: Rng): LoopRound[] {
  const counts = Float64Array.from(initial);
  const model: Ranker = { name: 'popularity-loop', score: (_u, items, out) => { for (let c = 0; c < items.length; c++) out[c] = counts[items[c]]; } };
  const out: LoopRound[] = [];
  for (let round = 1; round <= rounds; round++) {
    const logs = collectLogs(world, source, model, requestsPerRound, rng);
    const offlinePerRequest = ndcgPerLoggedRequest(logs, model);
    const evalRequests = Array.from({ length: Math.min(requestsPerRound, 500) }, () => source.request(rng));
    const seen = new Uint8Array(world.items.count);
    for (const i of logs.shown) seen[i] = 1;
    out.push({ round, onlineCtr: onlineCtr(world, evalRequests, model), offlineOwnLogs: meanOfDefined(offlinePerRequest) || 0, offlinePerRequest, coverage: seen.reduce((s, v) => s + v, 0) / world.items.count });
    for (let k = 0; k < logs.shown.length; k++) counts[logs.shown[k]] += logs.clicks[k];
  }
  return out;
}

/**
 * Item CTR learned from logs without position correction: (clicks + prior·m) / (impressions + m).
 * Items a deployed ranker kept at the top collect clicks from position bias, not only from appeal —
 * the model inherits the logger's choices. O(logged slots).
 */
export function loggedCtrTable(logs: LoggedRequests, items: number, upTo: number, priorWeight = 20): Float64Array {
  const clicks = new Float64Array(items);
  const shown = new Float64Array(items);
  let c = 0;
  const end = Math.min(upTo, logs.users.length) * logs.slate;
  for (let k = 0; k < end; k++) {
    clicks[logs.shown[k]] += logs.clicks[k];
    shown[logs.shown[k]] += 1;
    c += logs.clicks[k];
  }
  const prior = end ? c / end : 0;
  return Float64Array.from(clicks, (x, i) => (x + prior * priorWeight) / (shown[i] + priorWeight));
}

/** The logs restricted to requests [from, to). */
export function sliceLogs(logs: LoggedRequests, from: number, to: number): LoggedRequests {
  const S = logs.slate;
  return { users: logs.users.subarray(from, to), shown: logs.shown.subarray(from * S, to * S), clicks: logs.clicks.subarray(from * S, to * S), slate: S };
}
