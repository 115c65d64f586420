/**
 * A deliberately "heavy" per-(user, item) scorer for the two-stage experiment: a 2-hidden-layer ReLU MLP over
 * the concatenated features [u, v, u ⊙ v] plus the dot product u·v (so its ranking agrees broadly with the
 * retrieval score, as a real ranker's does). Weights are seeded random (He initialisation); only the cost and
 * the ranking it induces matter here, not what it has learned.
 *
 * Cost per pair: 3d·h + h·h + h multiply-adds (d = 32, h = 64: ≈ 10k) — it cannot be folded into one
 * vector per user the way a dot product can, which is exactly why it cannot score a million items per request.
 */
import type { Rng } from '../core/rng.js';

export interface PairScorer {
  dim: number;
  hidden: number;
  /** multiply-adds per (user, item) pair */
  flopsPerPair: number;
  /** Score `count` items (ids, or 0..count−1 when ids is null) for one user into `out`. */
  score(user: Float32Array, items: Float32Array, ids: Int32Array | null, count: number, out: Float32Array): void;
}

export function createPairScorer(rng: Rng, dim: number, hidden: number): PairScorer {
  const inDim = 3 * dim;
  const he = (fanIn: number): number => Math.sqrt(2 / fanIn);
  const w1 = Float32Array.from({ length: hidden * inDim }, () => rng.normal(0, he(inDim)));
  const w2 = Float32Array.from({ length: hidden * hidden }, () => rng.normal(0, he(hidden)));
  const w3 = Float32Array.from({ length: hidden }, () => rng.normal(0, he(hidden)));
  const x = new Float32Array(inDim);
  const h1 = new Float32Array(hidden);
  // on the world's vectors the MLP term has about half the spread of u·v at weight 1; 1.5 makes the two
  // comparable, so the ranker genuinely reorders candidates (and can miss items retrieval left out)
  const mlpWeight = 1.5;
  return {
    dim,
    hidden,
    flopsPerPair: inDim * hidden + hidden * hidden + hidden + dim,
    score(user, items, ids, count, out) {
      for (let c = 0; c < count; c++) {
        const o = (ids ? ids[c] : c) * dim;
        let dot = 0;
        for (let d = 0; d < dim; d++) {
          const u = user[d];
          const v = items[o + d];
          x[d] = u;
          x[dim + d] = v;
          x[2 * dim + d] = u * v;
          dot += u * v;
        }
        for (let j = 0; j < hidden; j++) {
          let s = 0;
          const wo = j * inDim;
          for (let i = 0; i < inDim; i++) s += w1[wo + i] * x[i];
          h1[j] = s > 0 ? s : 0;
        }
        let y = 0;
        for (let j = 0; j < hidden; j++) {
          let s = 0;
          const wo = j * hidden;
          for (let i = 0; i < hidden; i++) s += w2[wo + i] * h1[i];
          if (s > 0) y += w3[j] * s;
        }
        out[c] = dot + mlpWeight * y;
      }
    },
  };
}
