/** Generators for ANN properties: seeded Gaussian vector sets (built from an Rng seed, so cases shrink well). */
import fc from 'fast-check';
import { Rng } from '../../src/core/rng.js';

export interface VectorSet {
  n: number;
  dim: number;
  vectors: Float32Array;
  queries: Float32Array;
  seed: number;
}

export function gaussianRows(rng: Rng, rows: number, dim: number): Float32Array {
  const out = new Float32Array(rows * dim);
  for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  return out;
}

/** A few hundred low-dimensional points and 20 queries, small enough to build HNSW in milliseconds. */
export const vectorSet = (): fc.Arbitrary<VectorSet> =>
  fc.record({ n: fc.integer({ min: 200, max: 600 }), dim: fc.integer({ min: 4, max: 12 }), seed: fc.integer({ min: 0, max: 1e6 }) }).map(
    ({ n, dim, seed }) => {
      const rng = new Rng(seed);
      return { n, dim, seed, vectors: gaussianRows(rng, n, dim), queries: gaussianRows(rng, 20, dim) };
    },
  );
