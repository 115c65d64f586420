/**
 * Product quantization (Jégou, Douze & Schmid, "Product quantization for nearest neighbor search", TPAMI 2011):
 * split a dim-dimensional vector into m sub-vectors of dim/m, learn 2^nbits centroids per sub-space by k-means,
 * and store each vector as m codes of nbits — 64 floats (256 bytes) become m bytes at nbits = 8.
 *
 * Search by asymmetric distance computation (ADC): the query stays exact; per query, one lookup table of
 * m × 2^nbits partial scores (query sub-vector against every sub-centroid), then a vector's score is the sum of
 * m table entries — m additions instead of dim multiply-adds. The ADC score equals the exact score of the
 * query against the decoded vector (the concatenated sub-centroids), which is what the tests check.
 */
import type { Rng } from '../rng.js';
import { jsKernels, type QuantKernels } from './kernels.js';
import { kmeans, sampleRows } from './kmeans.js';

export type PqMetric = 'ip' | 'l2';

export interface ProductQuantizer {
  dim: number;
  /** sub-spaces */
  m: number;
  nbits: number;
  /** 2^nbits centroids per sub-space */
  ksub: number;
  dsub: number;
  /** m × ksub × dsub, row-major: sub-space j's centroid c at ((j · ksub) + c) · dsub */
  codebooks: Float32Array;
}

export interface PqTrainOptions {
  m: number;
  nbits: number;
  iterations?: number;
  /** training points per centroid at most (default 256, as faiss) */
  pointsPerCentroid?: number;
  kernels?: QuantKernels;
}

/** Learn the m codebooks from n training rows. Throws unless m divides dim, 1 ≤ nbits ≤ 8 and n ≥ 2^nbits. */
export function trainProductQuantizer(data: Float32Array, n: number, dim: number, rng: Rng, o: PqTrainOptions): ProductQuantizer {
  const { m, nbits } = o;
  if (!(Number.isInteger(m) && m >= 1 && dim % m === 0)) throw new Error(`product quantizer: pqM = ${m} must divide dim = ${dim}`);
  if (!(Number.isInteger(nbits) && nbits >= 1 && nbits <= 8)) throw new Error(`product quantizer: nbits must be an integer in [1, 8], got ${nbits}`);
  const ksub = 1 << nbits;
  if (n < ksub) throw new Error(`product quantizer: ${ksub} centroids per sub-space need at least ${ksub} training vectors, got ${n}`);
  const dsub = dim / m;
  const { rows, count } = sampleRows(data, n, dim, ksub * (o.pointsPerCentroid ?? 256), rng.fork('pq-sample'));
  const codebooks = new Float32Array(m * ksub * dsub);
  const sub = new Float32Array(count * dsub);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < count; i++) sub.set(rows.subarray(i * dim + j * dsub, i * dim + (j + 1) * dsub), i * dsub);
    const km = kmeans(sub, count, dsub, ksub, rng.fork(`pq-${j}`), { iterations: o.iterations ?? 20, kernels: o.kernels });
    codebooks.set(km.centroids, j * ksub * dsub);
  }
  return { dim, m, nbits, ksub, dsub, codebooks };
}

/** The m codes of one vector (the nearest sub-centroid in each sub-space), written at `out[offset …]`. */
export function encodeVector(pq: ProductQuantizer, x: Float32Array, xOffset: number, out: Uint8Array, offset: number): void {
  const { m, ksub, dsub, codebooks } = pq;
  for (let j = 0; j < m; j++) {
    let best = 0;
    let bestD = Infinity;
    const xo = xOffset + j * dsub;
    for (let c = 0; c < ksub; c++) {
      const co = (j * ksub + c) * dsub;
      let d = 0;
      for (let t = 0; t < dsub; t++) {
        const e = x[xo + t] - codebooks[co + t];
        d += e * e;
      }
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    out[offset + j] = best;
  }
}

/** Codes of n row-major vectors: n × m bytes (the same codes as encodeVector row by row, one sub-space at a time). */
export function encodeVectors(pq: ProductQuantizer, data: Float32Array, n: number, kernels: QuantKernels = jsKernels): Uint8Array {
  const { m, ksub, dsub, dim, codebooks } = pq;
  const codes = new Uint8Array(n * m);
  const best = new Int32Array(n);
  const dist = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    kernels.nearestRows(data, n, dim, j * dsub, dsub, codebooks.subarray(j * ksub * dsub, (j + 1) * ksub * dsub), ksub, 0, best, dist);
    for (let i = 0; i < n; i++) codes[i * m + j] = best[i];
  }
  return codes;
}

/** The vector a code stands for: the concatenation of its sub-centroids. */
export function decodeVector(pq: ProductQuantizer, codes: Uint8Array, offset: number, out = new Float32Array(pq.dim)): Float32Array {
  const { m, ksub, dsub, codebooks } = pq;
  for (let j = 0; j < m; j++) out.set(codebooks.subarray((j * ksub + codes[offset + j]) * dsub, (j * ksub + codes[offset + j] + 1) * dsub), j * dsub);
  return out;
}

/**
 * The ADC lookup table of one query: m × ksub partial scores. ip: q_j · c; l2: −‖q_j − c‖² (scores are larger-is-
 * better, as everywhere in the lab), so a code's score is the plain sum of its m entries. O(dim · ksub).
 */
export function adcTable(pq: ProductQuantizer, query: Float32Array, metric: PqMetric, out = new Float32Array(pq.m * pq.ksub), kernels: QuantKernels = jsKernels): Float32Array {
  const { m, ksub, dsub, codebooks } = pq;
  const code = metric === 'ip' ? 1 : 0;
  for (let j = 0; j < m; j++) {
    kernels.scoreRows(query, j * dsub, dsub, codebooks.subarray(j * ksub * dsub, (j + 1) * ksub * dsub), ksub, code, out.subarray(j * ksub, (j + 1) * ksub));
  }
  return out;
}

/** Score of the code at `codes[offset …]` from a query's ADC table: m table look-ups. */
export function adcScore(table: Float32Array, codes: Uint8Array, offset: number, m: number, ksub: number): number {
  let s = 0;
  for (let j = 0; j < m; j++) s += table[j * ksub + codes[offset + j]];
  return s;
}

/** Bytes of the codebooks (the quantizer's fixed cost, paid once whatever the number of vectors). */
export function codebookBytes(pq: ProductQuantizer): number {
  return pq.codebooks.byteLength;
}
