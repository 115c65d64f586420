/**
 * ANN searches for the experiments: every query's results (one untimed pass, for recall), and per-query latency
 * through the measurement protocol — several indexes or ef values interleaved (A B C … C B A blocks), each call a
 * single query including the Float32Array → JS array copy the binding needs, because a real request pays it too.
 */
import { annRecallAtK } from '../core/metrics/index.js';
import { measureInterleaved, type Measurement, type MeasureOptions } from '../measure/index.js';
import type { AnnIndex, AnnSearchOptions } from '../retrieval/index.js';

/** Top-k ids of every query, queries × k row-major (−1 where an index returned fewer than k). */
export function searchAll(index: AnnIndex, queries: Float32Array, k: number, opts: AnnSearchOptions = {}): Int32Array {
  const dim = index.dim;
  const nq = queries.length / dim;
  const ids = new Int32Array(nq * k).fill(-1);
  for (let q = 0; q < nq; q++) ids.set(index.search(queries.subarray(q * dim, (q + 1) * dim), k, opts).ids.subarray(0, k), q * k);
  return ids;
}

/** ANN recall@k of each query against the exact lists (both queries × k). */
export function recallPerQuery(approx: Int32Array, exact: Int32Array, k: number): Float64Array {
  const nq = exact.length / k;
  return Float64Array.from({ length: nq }, (_, q) => annRecallAtK(approx.subarray(q * k, (q + 1) * k), exact.subarray(q * k, (q + 1) * k), k));
}

export interface SearchVariant {
  index: AnnIndex;
  opts?: AnnSearchOptions;
}

/** Time single-query searches of every variant, interleaved; call i of each variant asks query i mod queries. */
export function timeSearches<K extends string>(variants: Record<K, SearchVariant>, queries: Float32Array, k: number, o: MeasureOptions): Promise<Record<K, Measurement>> {
  const fns = {} as Record<K, (i: number) => unknown>;
  for (const name of Object.keys(variants) as K[]) {
    const { index, opts = {} } = variants[name];
    const dim = index.dim;
    const nq = queries.length / dim;
    fns[name] = (i: number) => index.search(queries.subarray((i % nq) * dim, ((i % nq) + 1) * dim), k, opts);
  }
  return measureInterleaved(fns, o);
}
