/**
 * Vectors for the ANN bench: a seeded Gaussian mixture (clusters like real embeddings have, which is what
 * makes HNSW work well), normalised, with queries drawn from the same mixture. Written to .f32 files so the
 * python3-hnswlib reference reads exactly the same bytes.
 */
import { writeFileSync } from 'node:fs';
import { Rng } from '../src/core/rng.js';
import { normalizeRows } from '../src/core/vec.js';

export function mixture(rng: Rng, rows: number, dim: number, centroids: Float32Array, spread: number): Float32Array {
  const k = centroids.length / dim;
  const out = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const c = rng.int(k) * dim;
    for (let d = 0; d < dim; d++) out[r * dim + d] = centroids[c + d] + spread * rng.normal();
  }
  return normalizeRows(out, dim);
}

/** Noise as large as the centroids themselves: clusters overlap, so ef matters (spread 0.5 gave recall 0.99 at ef 10). */
const SPREAD = 1.0;

export function benchVectors(seed: number, n: number, nq: number, dim: number): { items: Float32Array; queries: Float32Array } {
  const rng = new Rng(seed);
  const centroids = new Float32Array(1000 * dim);
  for (let i = 0; i < centroids.length; i++) centroids[i] = rng.normal();
  return { items: mixture(rng.fork('items'), n, dim, centroids, SPREAD), queries: mixture(rng.fork('queries'), nq, dim, centroids, SPREAD) };
}

export function writeF32(file: string, a: Float32Array | Int32Array): void {
  writeFileSync(file, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}
