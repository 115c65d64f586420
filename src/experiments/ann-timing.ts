/** Time queries one by one against an AnnIndex: per-query latency summary, results and throughput. */
import { summariseLatency, type LatencySummary } from '../core/stats.js';
import type { AnnIndex, AnnSearchOptions } from '../retrieval/index.js';

export interface TimedSearch {
  /** queries × k ids, row-major */
  ids: Int32Array;
  latency: LatencySummary;
  /** queries per second on one thread = 1000 / mean ms */
  qps: number;
}

/**
 * Run every query through `index.search` and time each call (including the Float32Array → JS array copy the
 * binding needs, because a real request pays it too). `tick` is awaited every 64 queries.
 */
export async function timeSearches(
  index: AnnIndex,
  queries: Float32Array,
  k: number,
  opts: AnnSearchOptions,
  tick: () => Promise<void>,
): Promise<TimedSearch> {
  const dim = index.dim;
  const nq = queries.length / dim;
  const ids = new Int32Array(nq * k).fill(-1);
  const ms = new Float64Array(nq);
  // one warm-up query so the first timed call does not pay JIT and cache warm-up
  if (nq > 0) index.search(queries.subarray(0, dim), k, opts);
  for (let q = 0; q < nq; q++) {
    const query = queries.subarray(q * dim, (q + 1) * dim);
    const t0 = performance.now();
    const r = index.search(query, k, opts);
    ms[q] = performance.now() - t0;
    ids.set(r.ids, q * k);
    if ((q & 63) === 63) await tick();
  }
  const latency = summariseLatency(ms);
  return { ids, latency, qps: latency.mean_ms > 0 ? 1000 / latency.mean_ms : 0 };
}
