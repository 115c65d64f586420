/**
 * Offline evaluation of re-rankers on the synthetic world: for each sampled user, a candidate pool from
 * retrieval, a relevance score from the ranker, then a re-ranker picks the top k. Quality is judged
 * against the simulator's ground truth (the true click probability at the top slot), which a real
 * system never sees but a simulation may use as the yardstick.
 */
import { capPerCategory, categoryCoverage, dppGreedy, mmr } from '../core/diversity/index.js';
import { catalogCoverage, exposureCounts, giniIndex, intraListDiversity, ndcgAtK } from '../core/metrics/index.js';
import { topK } from '../core/vec.js';
import { clickProbabilityBatch } from '../data/choice-model.js';
import type { World } from '../data/world-types.js';
import type { Components } from './types.js';

/** One user's candidate pool with everything the re-rankers and the metrics need. */
export interface Pool {
  user: number;
  ids: Int32Array;
  /** ranker relevance scaled to [0, 1] within the pool */
  relevance: Float64Array;
  /** pool embeddings, row-major pool × dim */
  embeddings: Float32Array;
  /** true click probability at slot 0 of each candidate (the ground-truth gain) */
  truth: Float32Array;
}

export type Selector = { method: 'relevance' } | { method: 'mmr'; lambda: number } | { method: 'dpp'; theta: number } | { method: 'cap'; maxPerCategory: number };

export interface DiversityPoint {
  ndcg_at_10: number;
  expected_clicks_at_10: number;
  intra_list_diversity: number;
  category_coverage: number;
  distinct_categories_at_10: number;
  catalog_coverage: number;
  gini_exposure: number;
}

/** Build the candidate pools of `users`: retrieval → features → ranker, as on the serving path. */
export function buildPools(world: World, c: Components, users: ArrayLike<number>, poolSize: number): Pool[] {
  const pools: Pool[] = [];
  for (let r = 0; r < users.length; r++) {
    const u = users[r];
    const cand = c.candidates.search(c.encoder.encode(u), poolSize);
    const feats = c.features.assemble(u, cand.ids, cand.scores, world.split.trainEndDay);
    const raw = c.ranker.score(feats, cand.ids.length, c.features.names.length);
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of raw) {
      lo = Math.min(lo, s);
      hi = Math.max(hi, s);
    }
    const relevance = Float64Array.from(raw, (s) => (hi > lo ? (s - lo) / (hi - lo) : 0));
    const embeddings = new Float32Array(cand.ids.length * c.dim);
    cand.ids.forEach((id, p) => embeddings.set(c.itemVectors.subarray(id * c.dim, (id + 1) * c.dim), p * c.dim));
    const truth = clickProbabilityBatch(world, u, cand.ids, new Int32Array(cand.ids.length));
    pools.push({ user: u, ids: cand.ids, relevance, embeddings, truth });
  }
  return pools;
}

/** Positions (into the pool) of the k items the selector shows, in display order. */
export function select(pool: Pool, s: Selector, k: number, dim: number, category: Int32Array): Int32Array {
  const base = { relevance: pool.relevance, embeddings: pool.embeddings, dim, k };
  switch (s.method) {
    case 'relevance':
      return topK(pool.relevance, k);
    case 'mmr':
      return mmr({ ...base, lambda: s.lambda });
    case 'dpp': {
      const picked = Array.from(dppGreedy({ ...base, theta: s.theta }));
      // DPP stops at the rank of the similarity matrix: fill in relevance order
      for (const p of topK(pool.relevance, pool.ids.length)) if (picked.length < k && !picked.includes(p)) picked.push(p);
      return Int32Array.from(picked);
    }
    case 'cap': {
      const poolCategory = Int32Array.from(pool.ids, (id) => category[id]);
      return capPerCategory(topK(pool.relevance, pool.ids.length), poolCategory, s.maxPerCategory, k);
    }
  }
}

/** One value per pool (user) of each list metric, and the lists themselves: what a bootstrap over users resamples. */
export interface PerUserPoint {
  ndcg_at_10: Float64Array;
  expected_clicks_at_10: Float64Array;
  intra_list_diversity: Float64Array;
  category_coverage: Float64Array;
  lists: Int32Array[];
}

/** Evaluate a selector pool by pool: ranking quality against the truth and the per-list diversity metrics. */
export function evaluateSelectorPerUser(world: World, c: Components, pools: Pool[], s: Selector, k: number): PerUserPoint {
  const n = pools.length;
  const out: PerUserPoint = {
    ndcg_at_10: new Float64Array(n),
    expected_clicks_at_10: new Float64Array(n),
    intra_list_diversity: new Float64Array(n),
    category_coverage: new Float64Array(n),
    lists: [],
  };
  const bias = world.config.positionBias;
  const logit = (p: number): number => Math.log(p / (1 - p));
  pools.forEach((pool, u) => {
    const picked = select(pool, s, k, c.dim, world.items.category);
    const items = Int32Array.from(picked, (p) => pool.ids[p]);
    out.lists.push(items);
    const scores = new Float64Array(pool.ids.length).fill(-1);
    picked.forEach((p, r) => (scores[p] = k - r));
    out.ndcg_at_10[u] = ndcgAtK(pool.truth, scores, k, { gain: 'linear' });
    // expected clicks with the world's position bias: shift the slot-0 logit by bias[r]
    let clicks = 0;
    picked.forEach((p, r) => {
      const t = Math.min(1 - 1e-9, Math.max(1e-9, pool.truth[p]));
      clicks += 1 / (1 + Math.exp(-(logit(t) + (bias[Math.min(r, bias.length - 1)] - bias[0]))));
    });
    out.expected_clicks_at_10[u] = clicks;
    out.intra_list_diversity[u] = intraListDiversity(items, c.itemVectors, c.dim);
    out.category_coverage[u] = categoryCoverage(items, world.items.category, world.config.numCategories);
  });
  return out;
}

/** The per-user point averaged over users, with the catalogue-level metrics of all the lists together. */
export function summarisePoint(world: World, per: PerUserPoint): DiversityPoint {
  const mean = (xs: Float64Array): number => xs.reduce((a, v) => a + v, 0) / xs.length;
  return {
    ndcg_at_10: mean(per.ndcg_at_10),
    expected_clicks_at_10: mean(per.expected_clicks_at_10),
    intra_list_diversity: mean(per.intra_list_diversity),
    category_coverage: mean(per.category_coverage),
    distinct_categories_at_10: mean(per.category_coverage) * world.config.numCategories,
    catalog_coverage: catalogCoverage(per.lists, world.items.count),
    gini_exposure: giniIndex(exposureCounts(per.lists, world.items.count)),
  };
}

/** Evaluate a selector over all pools: ranking quality against the truth, and the diversity metrics. */
export function evaluateSelector(world: World, c: Components, pools: Pool[], s: Selector, k: number): DiversityPoint {
  return summarisePoint(world, evaluateSelectorPerUser(world, c, pools, s, k));
}

/**
 * Along a curve of (diversity, quality) points ordered from the relevance-only end, the quality at the
 * first point where diversity reaches `target`, linearly interpolated between neighbours.
 * Undefined when the curve never reaches the target.
 */
export function qualityAtDiversity(curve: { diversity: number; quality: number }[], target: number): number | undefined {
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1];
    const b = curve[i];
    if (a.diversity < target && b.diversity >= target) {
      const f = (target - a.diversity) / (b.diversity - a.diversity);
      return a.quality + f * (b.quality - a.quality);
    }
    if (i === 1 && a.diversity >= target) return a.quality;
  }
  return undefined;
}
