import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { dppGreedy, dppGreedyDetailed } from '../../../src/core/diversity/dpp.js';
import { exhaustiveBestLogDet, logDet, naiveDppGreedy } from './reference.js';

function instance(seed: number, n: number, dim: number): { rel: Float64Array; emb: Float32Array } {
  const rng = new Rng(seed);
  const rel = Float64Array.from({ length: n }, () => rng.normal(0, 1));
  const emb = Float32Array.from({ length: n * dim }, () => rng.normal(0, 1));
  return { rel, emb };
}

describe('dppGreedy (Chen, Zhang & Zhou 2018 fast greedy MAP)', () => {
  it('picks exactly what a naive greedy that recomputes log-determinants picks, on random instances', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const n = 10 + (seed % 4) * 10;
      const dim = 4 + (seed % 3) * 6;
      const k = 3 + (seed % 5) * 3;
      const theta = [0, 0.3, 0.5, 0.7, 0.9][seed % 5];
      const { rel, emb } = instance(seed, n, dim);
      const fast = Array.from(dppGreedy({ relevance: rel, embeddings: emb, dim, k, theta }));
      expect(fast, `seed ${seed}`).toEqual(naiveDppGreedy(rel, emb, dim, k, theta, 1e-10));
    }
  });

  it('stops at the rank of the similarity matrix: no more than dim items from dim-dimensional embeddings', () => {
    const { rel, emb } = instance(7, 30, 5);
    const picked = dppGreedy({ relevance: rel, embeddings: emb, dim: 5, k: 20 });
    expect(picked.length).toBe(5);
  });

  it('its gains multiply to the determinant of the selected kernel (Σ log d_j² = log det L_Y)', () => {
    const { rel, emb } = instance(11, 40, 16);
    const { indices, gains } = dppGreedyDetailed({ relevance: rel, embeddings: emb, dim: 16, k: 10, theta: 0.6 });
    const sumLog = gains.reduce((s, g) => s + Math.log(g), 0);
    // 1e-9 relative: both sides are float64 Cholesky factorisations of the same 10×10 matrix
    expect(sumLog).toBeCloseTo(logDet(rel, emb, 16, 0.6, Array.from(indices)), 8);
  });

  it('never beats the exhaustive best subset of the same size (n ≤ 8), and reaches it with orthogonal items', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const n = 8;
      const { rel, emb } = instance(100 + seed, n, 4);
      const picked = Array.from(dppGreedy({ relevance: rel, embeddings: emb, dim: 4, k: 3, theta: 0.7 }));
      const best = exhaustiveBestLogDet(rel, emb, 4, 0.7, picked.length);
      expect(logDet(rel, emb, 4, 0.7, picked)).toBeLessThanOrEqual(best.logDet + 1e-9);
    }
    // orthogonal (one-hot) embeddings: S = I, so log det = 2α·Σ rel and the optimum is the top-k by relevance
    const n = 8;
    const { rel } = instance(5, n, 1);
    const onehot = new Float32Array(n * n);
    for (let i = 0; i < n; i++) onehot[i * n + i] = 1;
    const picked = Array.from(dppGreedy({ relevance: rel, embeddings: onehot, dim: n, k: 4 }));
    const best = exhaustiveBestLogDet(rel, onehot, n, 0.7, 4);
    expect([...picked].sort()).toEqual(best.set);
    const byRel = Array.from(rel.keys()).sort((a, b) => rel[b] - rel[a]).slice(0, 4);
    expect(picked).toEqual(byRel);
  });

  it('with θ = 0 ignores relevance after ties: duplicates of a picked item are never picked', () => {
    const dim = 3;
    const emb = Float32Array.from([1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const picked = Array.from(dppGreedy({ relevance: [5, 4, 0, 0], embeddings: emb, dim, k: 4, theta: 0 }));
    // item 1 duplicates item 0: after 0 is picked its gain is 0, below ε
    expect(picked).toEqual([0, 2, 3]);
  });

  it('rejects θ outside [0, 1), negative ε and mismatched embeddings with a message naming the knob', () => {
    const emb = new Float32Array(4);
    expect(() => dppGreedy({ relevance: [1, 2], embeddings: emb, dim: 2, k: 1, theta: 1 })).toThrow(/theta must be in \[0, 1\), got 1/);
    expect(() => dppGreedy({ relevance: [1, 2], embeddings: emb, dim: 2, k: 1, epsilon: -1 })).toThrow(/epsilon/);
    expect(() => dppGreedy({ relevance: [1, 2], embeddings: emb, dim: 3, k: 1 })).toThrow(/embeddings must hold/);
    expect(() => dppGreedy({ relevance: [1000, 2], embeddings: emb, dim: 2, k: 1, theta: 0.99 })).toThrow(/overflows/);
  });
});
