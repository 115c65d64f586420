/**
 * A click log with position bias, from the ranking data's candidates: a logging policy shows the S candidates its own
 * score ranks highest (the retrieval order with a taste for cheap items, jittered), in that order, and a user clicks slot k with probability
 * p_k · r — the examination model (see src/core/position-bias), with r the world's true click probability in the
 * top slot. A share of requests is shown in random order instead (result randomisation), for propensity estimation.
 */
import type { Rng } from '../core/rng.js';
import { clickProbability } from '../data/choice-model.js';
import type { World } from '../data/world-types.js';
import { BASE_FEATURES, type RankingSplit } from '../ranking/index.js';

const RANK = BASE_FEATURES.indexOf('retrieval_rank');
const PRICE = BASE_FEATURES.indexOf('price');

export interface ClickLog {
  features: Float32Array;
  numFeatures: number;
  click: Float32Array;
  position: Int32Array;
  /** 1 for rows of randomised requests */
  randomised: Uint8Array;
  /** the randomised request each row belongs to (−1 otherwise): the bootstrap unit of the propensity estimate */
  randomRequest: Int32Array;
  randomRequests: number;
}

export interface LogOptions {
  slots: number;
  propensities: Float64Array;
  randomShare: number;
  loggingNoise: number;
  /** how much the logging policy favours cheap items (price plays no part in relevance) */
  policyPriceBias: number;
}

/** Simulate the log over every request of a split. O(rows · latentDim). */
export function simulateClickLog(world: World, split: RankingSplit, o: LogOptions, rng: Rng): ClickLog {
  const { features, numFeatures: F, groups } = split.data;
  const rows: number[] = [];
  const pos: number[] = [];
  const clicks: number[] = [];
  const rand: number[] = [];
  const randReq: number[] = [];
  let randomRequests = 0;
  let start = 0;
  for (let q = 0; q < groups.length; q++) {
    const n = groups[q];
    const u = split.requests[q].user;
    const day = Math.floor(split.requests[q].time);
    // the policy's score: an older ranker — retrieval order (feature 1 is the retrieval rank), a taste for cheap items
    // (feature 4 is the price, standardised within the request) and jitter
    const price = Array.from({ length: n }, (_, j) => features[(start + j) * F + PRICE]);
    const pm = price.reduce((s, v) => s + v, 0) / n;
    const ps = Math.sqrt(price.reduce((s, v) => s + (v - pm) ** 2, 0) / n) || 1;
    const score = Array.from({ length: n }, (_, j) =>
      -Math.log1p(features[(start + j) * F + RANK]) - (o.policyPriceBias * (price[j] - pm)) / ps + o.loggingNoise * rng.normal());
    const shown = Array.from({ length: n }, (_, j) => j).sort((a, b) => score[b] - score[a]).slice(0, Math.min(o.slots, n));
    const randomised = rng.next() < o.randomShare;
    if (randomised) rng.shuffle(shown);
    shown.forEach((j, k) => {
      const r = clickProbability(world, u, split.items[start + j], 0, day);
      rows.push(start + j);
      pos.push(k);
      clicks.push(rng.next() < o.propensities[k] * r ? 1 : 0);
      rand.push(randomised ? 1 : 0);
      randReq.push(randomised ? randomRequests : -1);
    });
    if (randomised) randomRequests++;
    start += n;
  }
  const out = new Float32Array(rows.length * F);
  rows.forEach((r, i) => out.set(features.subarray(r * F, (r + 1) * F), i * F));
  return {
    features: out, numFeatures: F, click: Float32Array.from(clicks), position: Int32Array.from(pos), randomised: Uint8Array.from(rand),
    randomRequest: Int32Array.from(randReq), randomRequests,
  };
}

/** The log's features with one more column: the slot (or `constant` for every row, as at serving). */
export function withPosition(features: Float32Array, F: number, positions: ArrayLike<number> | null, constant = 0): Float32Array {
  const n = features.length / F;
  const out = new Float32Array(n * (F + 1));
  for (let r = 0; r < n; r++) {
    out.set(features.subarray(r * F, (r + 1) * F), r * (F + 1));
    out[r * (F + 1) + F] = positions ? positions[r] : constant;
  }
  return out;
}
