/** fast-check generators for re-ranking inputs: candidates with relevance, embeddings and categories. */
import fc from 'fast-check';
import { Rng } from '../../src/core/rng.js';

export interface Candidates {
  n: number;
  dim: number;
  relevance: number[];
  embeddings: Float32Array;
  category: Int32Array;
}

/** n candidates (1..maxN) with relevance in [−2, 2], embeddings in [−1, 1]^dim and categories in [0, numCategories). */
export function candidatesArb(maxN = 40, maxDim = 8, numCategories = 5): fc.Arbitrary<Candidates> {
  return fc
    .record({ n: fc.integer({ min: 1, max: maxN }), dim: fc.integer({ min: 1, max: maxDim }) })
    .chain(({ n, dim }) =>
      fc.record({
        n: fc.constant(n),
        dim: fc.constant(dim),
        relevance: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n }),
        embeddings: fc
          .array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * dim, maxLength: n * dim })
          .map((v) => Float32Array.from(v)),
        category: fc
          .array(fc.integer({ min: 0, max: numCategories - 1 }), { minLength: n, maxLength: n })
          .map((v) => Int32Array.from(v)),
      }),
    );
}

/**
 * Candidates in general position: Gaussian relevance and embeddings drawn from a seeded Rng. fast-check's
 * doubles favour special values (0, ±1, denormals) that make exact ties (e.g. two gains of exactly 0.5),
 * and an exact tie is broken by the last bit of rounding, differently by two correct algorithms.
 */
export function generalPositionArb(maxN = 12, maxDim = 6): fc.Arbitrary<Candidates> {
  return fc
    .record({ seed: fc.integer({ min: 1, max: 2 ** 30 }), n: fc.integer({ min: 1, max: maxN }), dim: fc.integer({ min: 1, max: maxDim }) })
    .map(({ seed, n, dim }) => {
      const rng = new Rng(seed);
      return {
        n,
        dim,
        relevance: Array.from({ length: n }, () => rng.normal(0, 1)),
        embeddings: Float32Array.from({ length: n * dim }, () => rng.normal(0, 1)),
        category: Int32Array.from({ length: n }, () => rng.int(5)),
      };
    });
}
