import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { topK } from '../../../src/core/vec.js';
import { mmr } from '../../../src/core/diversity/mmr.js';
import { naiveMmr } from './reference.js';

describe('mmr', () => {
  it('matches the formula recomputed from scratch at every step, on random instances', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = new Rng(seed);
      const n = 5 + seed * 3;
      const dim = 2 + (seed % 6);
      const rel = Float64Array.from({ length: n }, () => rng.uniform(0, 1));
      const emb = Float32Array.from({ length: n * dim }, () => rng.normal(0, 1));
      const lambda = (seed % 11) / 10;
      const k = Math.min(n, 10);
      expect(Array.from(mmr({ relevance: rel, embeddings: emb, dim, k, lambda })), `seed ${seed}`).toEqual(naiveMmr(rel, emb, dim, k, lambda));
    }
  });

  it('with λ = 1 returns the relevance order (ties to the lower index), the same as topK', () => {
    const rel = [0.5, 0.9, 0.5, 0.1, 0.9];
    const emb = new Float32Array(5 * 2).fill(1);
    expect(Array.from(mmr({ relevance: rel, embeddings: emb, dim: 2, k: 5, lambda: 1 }))).toEqual(Array.from(topK(rel, 5)));
    expect(Array.from(mmr({ relevance: rel, embeddings: emb, dim: 2, k: 5, lambda: 1 }))).toEqual([1, 4, 0, 2, 3]);
  });

  it('with λ = 0 takes the most relevant first, then the item least similar to it', () => {
    // items 0 and 1 point the same way; 2 is orthogonal
    const emb = Float32Array.from([1, 0, 1, 0.01, 0, 1]);
    expect(Array.from(mmr({ relevance: [1, 0.9, 0.1], embeddings: emb, dim: 2, k: 2, lambda: 0 }))).toEqual([0, 2]);
  });

  it('dot similarity differs from cosine when norms differ', () => {
    const emb = Float32Array.from([1, 0, 10, 0, 0, 1]);
    const rel = [1, 0.5, 0.5];
    expect(Array.from(mmr({ relevance: rel, embeddings: emb, dim: 2, k: 2, lambda: 0.5, similarity: 'dot' }))).toEqual([0, 2]);
    // cosine: items 1 and 2 both have score 0.25 − 0.5·sim; sim(0,1) = 1, sim(0,2) = 0 → still 2
    expect(Array.from(mmr({ relevance: rel, embeddings: emb, dim: 2, k: 2, lambda: 0.5 }))).toEqual([0, 2]);
  });

  it('clips k to n and rejects λ outside [0, 1]', () => {
    const emb = new Float32Array(4);
    expect(mmr({ relevance: [1, 2], embeddings: emb, dim: 2, k: 5, lambda: 0.5 }).length).toBe(2);
    expect(() => mmr({ relevance: [1, 2], embeddings: emb, dim: 2, k: 1, lambda: 1.5 })).toThrow(/lambda must be in \[0, 1\], got 1.5/);
    expect(() => mmr({ relevance: [1, NaN], embeddings: emb, dim: 2, k: 1, lambda: 0.5 })).toThrow(/relevance\[1\]/);
  });
});
