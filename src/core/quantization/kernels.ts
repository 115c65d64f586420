/**
 * The loops that decide the cost of compressed search at a million items, as replaceable kernels:
 * - nearestRows: every row's best centroid (k-means assignment, IVF cell assignment, PQ encoding — O(n · k · width));
 * - seedUpdate: one k-means++ step (each row's distance to the newest centre, folded into its running minimum);
 * - scoreRows: one query against k rows (a query's coarse cells, and its ADC table one sub-space at a time);
 * - adcScan: the scores of `count` PQ codes from a query's lookup table (the inner loop of IVF-PQ search).
 * These are the JS references. A native kernel (src/native/quantization, passed in by src/retrieval) must return
 * the same numbers: both accumulate in double precision in the same order, so the results agree to the last bit
 * (test/retrieval/quantization-native.test.ts holds the native kernel to these).
 */

/** 0: squared L2 distance, the smallest wins; 1: inner product, the largest wins. Ties go to the lower centroid. */
export type NearestMetric = 0 | 1;

export interface QuantKernels {
  /**
   * For each of n rows x_i = data[i · stride + offset … + width): the best of k centroids (k × width, row-major)
   * into index[i], and its squared distance (metric 0) or inner product (metric 1) into score[i].
   */
  nearestRows(data: Float32Array, n: number, stride: number, offset: number, width: number, centroids: Float32Array, k: number, metric: NearestMetric, index: Int32Array, score: Float64Array): void;
  /**
   * One k-means++ step: for each row, d = squared distance to `centre` (width floats); d2[i] = min(d2[i], d);
   * returns Σ d2[i] in row order.
   */
  seedUpdate(data: Float32Array, n: number, stride: number, offset: number, width: number, centre: Float32Array, d2: Float64Array): number;
  /** out[c] = q · r_c (metric 1) or −‖q − r_c‖² (metric 0) for q = query[qOffset … + width) and the k rows r (k × width). */
  scoreRows(query: Float32Array, qOffset: number, width: number, rows: Float32Array, k: number, metric: NearestMetric, out: Float32Array): void;
  /** out[e] = base + Σ_j table[j · ksub + codes[e · m + j]] for e < count. */
  adcScan(table: Float32Array, m: number, ksub: number, codes: Uint8Array, count: number, base: number, out: Float64Array): void;
}

export const jsKernels: QuantKernels = {
  nearestRows(data, n, stride, offset, width, centroids, k, metric, index, score) {
    for (let i = 0; i < n; i++) {
      const o = i * stride + offset;
      let best = 0;
      let bestS = metric === 0 ? Infinity : -Infinity;
      for (let c = 0; c < k; c++) {
        const co = c * width;
        let s = 0;
        if (metric === 0) {
          for (let d = 0; d < width; d++) {
            const t = data[o + d] - centroids[co + d];
            s += t * t;
          }
          if (s < bestS) {
            bestS = s;
            best = c;
          }
        } else {
          for (let d = 0; d < width; d++) s += data[o + d] * centroids[co + d];
          if (s > bestS) {
            bestS = s;
            best = c;
          }
        }
      }
      index[i] = best;
      score[i] = bestS;
    }
  },
  seedUpdate(data, n, stride, offset, width, centre, d2) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const o = i * stride + offset;
      let d = 0;
      for (let t = 0; t < width; t++) {
        const e = data[o + t] - centre[t];
        d += e * e;
      }
      if (d < d2[i]) d2[i] = d;
      total += d2[i];
    }
    return total;
  },
  scoreRows(query, qOffset, width, rows, k, metric, out) {
    for (let c = 0, co = 0; c < k; c++, co += width) {
      let s = 0;
      if (metric === 1) {
        for (let d = 0; d < width; d++) s += query[qOffset + d] * rows[co + d];
      } else {
        for (let d = 0; d < width; d++) {
          const e = query[qOffset + d] - rows[co + d];
          s -= e * e;
        }
      }
      out[c] = s;
    }
  },
  adcScan(table, m, ksub, codes, count, base, out) {
    for (let e = 0, o = 0; e < count; e++, o += m) {
      let s = 0;
      for (let j = 0; j < m; j++) s += table[j * ksub + codes[o + j]];
      out[e] = base + s;
    }
  },
};
