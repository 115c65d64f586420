/**
 * The JS reference of exact search (and its path without the native addon): every row scored, a size-k heap keeps
 * the best (core/vec.ts topK, ties by lower row). The native kernel (src/native/exact) computes the same float
 * scores in the same order and precision, so the two agree bit for bit (test/retrieval/exact-native.test.ts).
 * Cost per query: n · dim multiply-adds, n · dim · 4 bytes read, O(n log k) for the heap.
 */
import { topK } from '../core/vec.js';

/** scores[r] = x_r · q: four double partial sums s_j over dims d ≡ j (mod 4), leftovers into s_0, then float(s0 + s1 + s2 + s3). */
export function scoreIp(m: Float32Array, q: Float32Array, dim: number, n: number, scores: Float32Array): void {
  const d4 = dim - (dim % 4);
  for (let r = 0, o = 0; r < n; r++, o += dim) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let d = 0;
    for (; d < d4; d += 4) {
      s0 += m[o + d] * q[d];
      s1 += m[o + d + 1] * q[d + 1];
      s2 += m[o + d + 2] * q[d + 2];
      s3 += m[o + d + 3] * q[d + 3];
    }
    for (; d < dim; d++) s0 += m[o + d] * q[d];
    scores[r] = s0 + s1 + s2 + s3;
  }
}

/** scores[r] = −‖x_r − q‖² (one double sum in dim order), so that larger is better as for the other metrics. */
export function scoreNegL2(m: Float32Array, q: Float32Array, dim: number, n: number, scores: Float32Array): void {
  for (let r = 0, o = 0; r < n; r++, o += dim) {
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const t = m[o + d] - q[d];
      s += t * t;
    }
    scores[r] = -s;
  }
}

/** The top min(k, n) rows of `n` rows of `m` for one query, best first, and their scores. `scratch` holds ≥ n floats. */
export function exactTopKJs(m: Float32Array, n: number, dim: number, metric: 'ip' | 'l2', q: Float32Array, k: number, scratch: Float32Array): { rows: Int32Array; scores: Float32Array } {
  const scores = scratch.subarray(0, n);
  if (metric === 'l2') scoreNegL2(m, q, dim, n, scores);
  else scoreIp(m, q, dim, n, scores);
  const rows = topK(scores, k);
  return { rows, scores: Float32Array.from(rows, (r) => scores[r]) };
}
