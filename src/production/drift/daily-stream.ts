/**
 * One simulated day of traffic: requests (a user each), a candidate set per request from retrieval,
 * the ranker's input features for every candidate, and the ground truth the simulator knows.
 * Built once per day and shared by every policy on the timeline (common random numbers: the same
 * users, candidates and click uniforms), so policies differ only by what they do.
 */
import { AliasSampler, type Rng } from '../../core/rng.js';
import { sigmoid, type LogisticModel } from '../../core/logistic/index.js';
import { PRICE_SENSITIVITY, type DriftWorld } from './drift-schedule.js';

/** Feature layout of the ranker's input row. */
export const FEATURE = { retrievalScore: 0, logPopularity: 1, logPrice: 2, position: 3, categoryStart: 4 } as const;
export const NUMERIC_FEATURES = ['retrieval_score', 'log_popularity', 'log_price'] as const;

export function featureDim(dw: DriftWorld): number {
  return FEATURE.categoryStart + dw.numTop;
}

export interface DayBatch {
  day: number;
  requests: number;
  /** candidates per request */
  candidates: number;
  featureDim: number;
  users: Int32Array;
  /** requests × candidates item ids */
  items: Int32Array;
  /** (requests·candidates) × featureDim, position column 0 (as at serving time) */
  X: Float32Array;
  /** true engagement logit without the position term, per candidate */
  trueLogit: Float32Array;
  /** uniforms for the click draws, requests × slateSize (shared across policies) */
  clickUniforms: Float32Array;
  /** 1 for exploration requests: shown the first slateSize candidates (a random slate), not the model's top */
  explore: Uint8Array;
  /** graded relevance of each candidate: the true click probability at the top slot */
  relevance: Float64Array;
  /** ideal DCG@10 of each request (policy-independent, so computed once per day) */
  idealDcg: Float64Array;
  /** top category of each candidate (the one-hot column, for the sparse scorer) */
  category: Int32Array;
}

/** Items available on day t with their retrieval weight (popularity), as an alias sampler. */
export function candidateSampler(dw: DriftWorld, t: number): { sampler: AliasSampler; ids: Int32Array } {
  const ids: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < dw.world.items.count; i++) {
    if (dw.availableFrom[i] <= t) {
      ids.push(i);
      // launched items get the retrieval boost a new category gets from merchandising
      w.push(Math.sqrt(dw.world.items.popularity[i]) * (dw.itemTop[i] === dw.numTop - 1 ? 4 : 1));
    }
  }
  return { sampler: new AliasSampler(w), ids: Int32Array.from(ids) };
}

/** Sampler of request users: the cohort's share follows the schedule. */
export class UserSampler {
  private readonly cohortUsers: Int32Array;
  private readonly otherUsers: Int32Array;
  constructor(private readonly dw: DriftWorld) {
    const c: number[] = [];
    const o: number[] = [];
    for (let u = 0; u < dw.world.users.count; u++) (dw.cohort[u] ? c : o).push(u);
    this.cohortUsers = Int32Array.from(c);
    this.otherUsers = Int32Array.from(o);
  }
  sample(t: number, rng: Rng): number {
    const pool = rng.next() < this.dw.cohortShare(t) && this.cohortUsers.length ? this.cohortUsers : this.otherUsers;
    return pool[rng.int(pool.length)];
  }
}

/**
 * Builds day t: `requests` users, `candidates` items each (popularity-weighted, distinct not
 * enforced — retrieval returns a few duplicates in real systems too), features and truth.
 * A share of requests is marked for exploration (a random slate is shown): without it, a model
 * retrained only on its own top slates learns from a range-restricted, self-selected sample.
 * O(requests · candidates · (latentDim + featureDim)).
 */
export function buildDay(
  dw: DriftWorld,
  t: number,
  requests: number,
  candidates: number,
  users: UserSampler,
  cands: { sampler: AliasSampler; ids: Int32Array },
  rng: Rng,
  explorationShare = 0,
): DayBatch {
  const F = featureDim(dw);
  const D = dw.dim;
  const n = requests * candidates;
  const batch: DayBatch = {
    day: t, requests, candidates, featureDim: F,
    users: new Int32Array(requests), items: new Int32Array(n), X: new Float32Array(n * F),
    trueLogit: new Float32Array(n), clickUniforms: new Float32Array(requests * dw.world.config.slateSize),
    explore: new Uint8Array(requests), relevance: new Float64Array(n), idealDcg: new Float64Array(requests),
    category: new Int32Array(n),
  };
  const taste = new Float32Array(D);
  const catLogit = dw.categoryLogits(t);
  const logIndex = Math.log(dw.priceIndex(t));
  // hoisted: property loads inside the per-candidate loop cost more than the dot products
  const { tasteEstimate: est, latent, logPop, logPrice, itemTop, meanLogPrice } = dw;
  const { affinityWeight, popularityWeight, clickBias, positionBias } = dw.world.config;
  const { X, trueLogit, relevance, items, category } = batch;
  const { sampler, ids } = cands;
  for (let r = 0; r < requests; r++) {
    const u = users.sample(t, rng);
    batch.users[r] = u;
    dw.tasteAt(u, t, taste);
    const uo = u * D;
    for (let c = 0; c < candidates; c++) {
      const row = r * candidates + c;
      const i = ids[sampler.sample(rng)];
      items[row] = i;
      const io = i * D;
      let score = 0;
      let affinity = 0;
      for (let d = 0; d < D; d++) {
        const l = latent[io + d];
        score += est[uo + d] * l;
        affinity += taste[d] * l;
      }
      const off = row * F;
      X[off + FEATURE.retrievalScore] = score;
      X[off + FEATURE.logPopularity] = logPop[i];
      X[off + FEATURE.logPrice] = logPrice[i] + logIndex;
      X[off + FEATURE.categoryStart + itemTop[i]] = 1;
      category[row] = itemTop[i];
      // the same formula as DriftWorld.baseLogit (checked in test/production/drift-world.test.ts)
      const logit = affinityWeight * affinity + popularityWeight * logPop[i] + catLogit[itemTop[i]]
        - PRICE_SENSITIVITY * (logPrice[i] - meanLogPrice) + clickBias;
      trueLogit[row] = logit;
      relevance[row] = sigmoid(logit + positionBias[0]);
    }
    batch.idealDcg[r] = idealDcgAt10(relevance, r * candidates, candidates);
  }
  for (let k = 0; k < batch.clickUniforms.length; k++) batch.clickUniforms[k] = rng.next();
  for (let r = 0; r < requests; r++) batch.explore[r] = rng.next() < explorationShare ? 1 : 0;
  return batch;
}

/** DCG@10 of the best possible order of one request's candidates (linear gains). */
function idealDcgAt10(relevance: Float64Array, start: number, n: number): number {
  const top = new Float64Array(Math.min(10, n)).fill(-1);
  for (let c = 0; c < n; c++) {
    const v = relevance[start + c];
    if (v <= top[top.length - 1]) continue;
    let p = top.length - 1;
    while (p > 0 && top[p - 1] < v) {
      top[p] = top[p - 1];
      p--;
    }
    top[p] = v;
  }
  let dcg = 0;
  for (let r = 0; r < top.length; r++) dcg += top[r] / Math.log2(r + 2);
  return dcg;
}

/**
 * Logits of a logistic model on every candidate of the day, exploiting the row layout (three dense
 * numeric columns, position 0 at serving, one category one-hot): 4 multiply-adds per row instead of
 * featureDim. Equal to logisticScores on batch.X (checked in test/production/drift-world.test.ts).
 */
export function scoreBatch(model: LogisticModel, batch: DayBatch): Float64Array {
  const n = batch.requests * batch.candidates;
  const out = new Float64Array(n);
  const F = batch.featureDim;
  const w = model.weights;
  const { X, category } = batch;
  const w0 = w[FEATURE.retrievalScore];
  const w1 = w[FEATURE.logPopularity];
  const w2 = w[FEATURE.logPrice];
  for (let row = 0; row < n; row++) {
    const off = row * F;
    out[row] = model.bias + w0 * X[off] + w1 * X[off + 1] + w2 * X[off + 2] + w[FEATURE.categoryStart + category[row]];
  }
  return out;
}
