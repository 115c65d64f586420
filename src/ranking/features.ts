/**
 * Ranking features for (request, candidate) pairs, computed from logged data only: retrieval output,
 * item statistics, how the item matches the user's history, and the user's activity. Missing values
 * (no history yet) are NaN, which the GBDT routes by its learned default direction.
 */
import type { Candidates, RankingRequest } from './candidate-sources.js';
import { historyEnd, type RankingIndex } from './world-index.js';

export const BASE_FEATURES = [
  'retrieval_score', 'retrieval_rank', 'item_popularity_log', 'item_age_days', 'price', 'price_vs_user_mean',
  'category_share', 'top_category_share', 'brand_share', 'cooccurrence_with_recent', 'user_activity_log',
  'days_since_last_interaction', 'user_age_band', 'user_device',
] as const;

/** Extra per-pair features, e.g. embeddings from a two-tower or MF model (the hybrid ranker). */
export interface FeatureExtension {
  names: string[];
  /** write names.length values per candidate at out[row * stride + offset + j] */
  fill(req: RankingRequest, items: Int32Array, out: Float32Array, firstRow: number, stride: number, offset: number): void;
}

interface UserProfile {
  n: number;
  cat: Map<number, number>;
  top: Map<number, number>;
  brand: Map<number, number>;
  meanPrice: number;
  lastTime: number;
  cooc: Map<number, number>;
}

function profile(idx: RankingIndex, req: RankingRequest, recent: number): UserProfile {
  const { items } = idx.world;
  const lo = idx.byUser.offsets[req.user];
  const end = historyEnd(idx, req.user, req.time);
  const p: UserProfile = { n: end - lo, cat: new Map(), top: new Map(), brand: new Map(), meanPrice: NaN, lastTime: NaN, cooc: new Map() };
  let priceSum = 0;
  for (let h = lo; h < end; h++) {
    const i = idx.byUser.items[h];
    const c = items.category[i];
    const t = items.categoryParent[c];
    p.cat.set(c, (p.cat.get(c) ?? 0) + 1);
    p.top.set(t, (p.top.get(t) ?? 0) + 1);
    p.brand.set(items.brand[i], (p.brand.get(items.brand[i]) ?? 0) + 1);
    priceSum += items.price[i];
  }
  if (p.n > 0) {
    p.meanPrice = priceSum / p.n;
    p.lastTime = idx.byUser.times[end - 1];
  }
  for (let h = Math.max(lo, end - recent); h < end; h++) {
    const x = idx.byUser.items[h];
    for (let j = idx.coocOffsets[x]; j < idx.coocOffsets[x + 1]; j++) {
      p.cooc.set(idx.coocItems[j], (p.cooc.get(idx.coocItems[j]) ?? 0) + idx.coocCounts[j]);
    }
  }
  return p;
}

/**
 * Write the features of one request's candidates as rows [firstRow, firstRow + candidates) of a
 * row-major matrix with `stride` columns. O(history + candidates · features).
 */
export function writeFeatures(
  idx: RankingIndex, req: RankingRequest, cands: Candidates, out: Float32Array, firstRow: number, stride: number,
  extension?: FeatureExtension,
): void {
  const { items, users } = idx.world;
  const p = profile(idx, req, 10);
  const share = (m: Map<number, number>, key: number) => (p.n > 0 ? (m.get(key) ?? 0) / p.n : NaN);
  for (let k = 0; k < cands.items.length; k++) {
    const i = cands.items[k];
    const c = items.category[i];
    const o = (firstRow + k) * stride;
    out[o] = cands.scores[k];
    out[o + 1] = k;
    out[o + 2] = Math.log1p(idx.itemPopularity[i]);
    out[o + 3] = req.time - items.createdDay[i];
    out[o + 4] = items.price[i];
    out[o + 5] = items.price[i] / p.meanPrice;
    out[o + 6] = share(p.cat, c);
    out[o + 7] = share(p.top, items.categoryParent[c]);
    out[o + 8] = share(p.brand, items.brand[i]);
    out[o + 9] = p.cooc.get(i) ?? 0;
    out[o + 10] = Math.log1p(p.n);
    out[o + 11] = req.time - p.lastTime;
    out[o + 12] = users.ageBand[req.user];
    out[o + 13] = users.device[req.user];
  }
  extension?.fill(req, cands.items, out, firstRow, stride, BASE_FEATURES.length);
}

/** Dot product (and optionally the first `dims` coordinates of the element-wise product) of user and item vectors. */
export function embeddingFeatures(name: string, userVectors: Float32Array, itemVectors: Float32Array, dim: number, dims = 0): FeatureExtension {
  const names = [`${name}_dot`, ...Array.from({ length: dims }, (_, d) => `${name}_prod_${d}`)];
  return {
    names,
    fill(req, itemsOf, out, firstRow, stride, offset) {
      const u = req.user * dim;
      for (let k = 0; k < itemsOf.length; k++) {
        const i = itemsOf[k] * dim;
        const o = (firstRow + k) * stride + offset;
        let s = 0;
        for (let d = 0; d < dim; d++) s += userVectors[u + d] * itemVectors[i + d];
        out[o] = s;
        for (let d = 0; d < dims; d++) out[o + 1 + d] = userVectors[u + d] * itemVectors[i + d];
      }
    },
  };
}
