/**
 * In-process HNSW retrieval over the item vectors (hnswlib-node, inner-product space). Used by the
 * pipeline when no other ANN index is supplied; the sharded version lives in sharded-index.ts.
 */
import { UsageError } from '../core/errors.js';
import { hnswlib, type NativeHnsw } from '../retrieval/hnswlib-binding.js';
import type { CandidateSource } from './types.js';

export interface HnswOptions {
  M?: number;
  efConstruction?: number;
  ef?: number;
  seed?: number;
  /** called every few thousand points with the fraction built */
  onProgress?: (fraction: number) => void;
}

export class HnswCandidates implements CandidateSource {
  readonly name = 'hnsw (hnswlib-node)';
  private readonly index: NativeHnsw;

  /** Build: O(items · log items · M · efConstruction) distance computations, one thread. */
  constructor(itemVectors: Float32Array, dim: number, options: HnswOptions = {}) {
    const n = itemVectors.length / dim;
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`HnswCandidates: itemVectors must hold a whole number of ${dim}-dim rows`);
    // loaded on first use, so importing the serving API does not load the native addon
    this.index = new (hnswlib().HierarchicalNSW)('ip', dim);
    this.index.initIndex(n, options.M ?? 16, options.efConstruction ?? 100, options.seed ?? 100);
    const row = new Array<number>(dim);
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < dim; d++) row[d] = itemVectors[i * dim + d];
      this.index.addPoint(row, i);
      if (options.onProgress && i % 5000 === 4999) options.onProgress((i + 1) / n);
    }
    this.index.setEf(options.ef ?? 100);
  }

  setEf(ef: number): void {
    if (!Number.isInteger(ef) || ef < 1) throw new UsageError(`HnswCandidates: ef must be an integer ≥ 1, got ${ef}`);
    this.index.setEf(ef);
  }

  /** hnswlib wants a plain array: the Float32Array → number[] copy is part of the measured cost. */
  search(query: Float32Array, k: number): { ids: Int32Array; scores: Float32Array } {
    const m = Math.min(k, this.index.getCurrentCount());
    // hnswlib searches with max(ef, k), so asking for 500 candidates at ef = 50 still returns 500
    const res = this.index.searchKnn(Array.from(query), m);
    // searchKnn returns nearest first by distance 1 − ⟨q, x⟩
    const ids = Int32Array.from(res.neighbors);
    const scores = Float32Array.from(res.distances, (d) => 1 - d);
    return { ids, scores };
  }
}
