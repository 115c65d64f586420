/**
 * Simulated users with a click model, for online experiments: requests (a user and retrieval's
 * candidates), rankers that order them, and the world's position-biased choice model deciding
 * clicks. Rankers are built from the world's hidden vectors plus noise — a stand-in for models of
 * different quality whose true quality the simulator can measure exactly.
 */
import { UsageError } from '../../core/errors.js';
import { AliasSampler, type Rng } from '../../core/rng.js';
import { affinityUnchecked, engagementLogit, sigmoid } from '../../data/choice-model.js';
import type { World } from '../../data/world-types.js';

export interface Ranker {
  name: string;
  /** scores of `items` for user u, written into out */
  score(u: number, items: Int32Array, out: Float64Array): void;
}

export interface Request {
  user: number;
  items: Int32Array;
}

/** Retrieval stand-in: candidates drawn by √popularity, and a uniform user draw. */
export class TrafficSource {
  private readonly sampler: AliasSampler;
  constructor(readonly world: World, readonly candidates: number) {
    if (!Number.isInteger(candidates) || candidates < world.config.slateSize) {
      throw new UsageError(`traffic: candidates must be an integer ≥ slateSize (${world.config.slateSize}), got ${candidates}`);
    }
    this.sampler = new AliasSampler(Float64Array.from(world.items.popularity, Math.sqrt));
  }
  request(rng: Rng): Request {
    const items = new Int32Array(this.candidates);
    for (let c = 0; c < items.length; c++) items[c] = this.sampler.sample(rng);
    return { user: rng.int(this.world.users.count), items };
  }
}

/**
 * Ranker from a noisy copy of the users' hidden tastes: score = affinityWeight·⟨taste + noise, latent⟩
 * + popularityWeight·ln pop. noise = 0 is the oracle; larger noise is a worse model. The noisy
 * tastes are drawn once (a model is a fixed function), from `rng`.
 */
export function tasteRanker(world: World, name: string, noise: number, rng: Rng): Ranker {
  const D = world.config.latentDim;
  const est = Float32Array.from(world.users.taste);
  const sigma = noise / Math.sqrt(D);
  for (let k = 0; k < est.length; k++) est[k] += sigma * rng.normal();
  const { affinityWeight, popularityWeight } = world.config;
  return {
    name,
    score(u, items, out) {
      for (let c = 0; c < items.length; c++) {
        const i = items[c];
        out[c] = affinityWeight * affinityUnchecked(est, u, world.items.latent, i, D) + popularityWeight * Math.log(world.items.popularity[i]);
      }
    },
  };
}

/** Ranker by a per-item score table (popularity counts, a learned item prior …). */
export function itemTableRanker(name: string, table: ArrayLike<number>): Ranker {
  return {
    name,
    score(_u, items, out) {
      for (let c = 0; c < items.length; c++) out[c] = table[items[c]];
    },
  };
}

/** A broken ranker: a sign error in the pipeline ranks the worst candidates first. */
export function invertedRanker(base: Ranker): Ranker {
  return {
    name: `${base.name} (inverted)`,
    score(u, items, out) {
      base.score(u, items, out);
      for (let c = 0; c < items.length; c++) out[c] = -out[c];
    },
  };
}

/** Candidate positions of the top `k` scores, best first (ties by lower index). O(n log n). */
export function topSlate(scores: Float64Array, k: number): Int32Array {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
  return Int32Array.from(order.slice(0, k));
}

export interface SlateOutcome {
  /** true click probability per shown slot */
  p: Float64Array;
  /** shown items, best first */
  shown: Int32Array;
}

/** Rank a request, show the slate, and return the true click probability of each slot. */
export function serveRequest(world: World, req: Request, ranker: Ranker, scratch: Float64Array): SlateOutcome {
  const S = world.config.slateSize;
  const scores = scratch.length === req.items.length ? scratch : new Float64Array(req.items.length);
  ranker.score(req.user, req.items, scores);
  const slate = topSlate(scores, S);
  const p = new Float64Array(slate.length);
  const shown = new Int32Array(slate.length);
  const D = world.config.latentDim;
  for (let s = 0; s < slate.length; s++) {
    const i = req.items[slate[s]];
    shown[s] = i;
    const a = affinityUnchecked(world.users.taste, req.user, world.items.latent, i, D);
    p[s] = sigmoid(engagementLogit(world.config, a, world.items.popularity[i], s));
  }
  return { p, shown };
}

/** Expected clicks of a slate (the noise-free quantity the simulator can report). */
export function expectedClicks(outcome: SlateOutcome): number {
  let e = 0;
  for (let s = 0; s < outcome.p.length; s++) e += outcome.p[s];
  return e;
}
