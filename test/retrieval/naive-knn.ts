/** The simplest possible k-NN: score everything with a plain loop, sort the whole list. The reference for ExactIndex. */
import type { AnnMetric } from '../../src/retrieval/index.js';

export function naiveScore(metric: AnnMetric, x: ArrayLike<number>, q: ArrayLike<number>): number {
  let dot = 0, nx = 0, nq = 0, l2 = 0;
  for (let d = 0; d < q.length; d++) {
    dot += x[d] * q[d];
    nx += x[d] * x[d];
    nq += q[d] * q[d];
    l2 += (x[d] - q[d]) ** 2;
  }
  if (metric === 'ip') return dot;
  if (metric === 'l2') return -l2;
  return nx > 0 && nq > 0 ? dot / Math.sqrt(nx * nq) : 0;
}

export function naiveKnn(metric: AnnMetric, vectors: Float32Array, dim: number, q: Float32Array, k: number): { ids: number[]; scores: number[] } {
  const n = vectors.length / dim;
  const all = [];
  for (let i = 0; i < n; i++) all.push({ id: i, s: naiveScore(metric, vectors.subarray(i * dim, (i + 1) * dim), q) });
  all.sort((a, b) => b.s - a.s || a.id - b.id);
  const top = all.slice(0, k);
  return { ids: top.map((t) => t.id), scores: top.map((t) => t.s) };
}

export function overlap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const s = new Set(Array.from(b));
  let hits = 0;
  for (let i = 0; i < a.length; i++) if (s.has(a[i])) hits++;
  return hits / Math.max(1, b.length);
}
