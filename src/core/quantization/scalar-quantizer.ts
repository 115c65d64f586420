/**
 * 8-bit scalar quantization with per-dimension ranges (faiss's SQ8, "QT_8bit"): each coordinate is mapped
 * linearly from [min_d, max_d] to 0…255, so a 64-float vector (256 bytes) becomes 64 bytes. Decoding puts a
 * code at the centre of its step; the error per coordinate is at most half a step, (max_d − min_d) / 510.
 * Scores are computed against the decoded values without materialising them.
 */

export interface ScalarQuantizer {
  dim: number;
  min: Float32Array;
  /** (max_d − min_d) / 255, or 0 for a constant dimension */
  step: Float32Array;
}

/** Per-dimension ranges of n row-major training vectors. */
export function trainScalarQuantizer(data: Float32Array, n: number, dim: number): ScalarQuantizer {
  if (n < 1) throw new Error('scalar quantizer: needs at least one training vector');
  const min = new Float32Array(dim).fill(Infinity);
  const max = new Float32Array(dim).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) {
      const v = data[i * dim + d];
      if (v < min[d]) min[d] = v;
      if (v > max[d]) max[d] = v;
    }
  }
  const step = Float32Array.from(min, (lo, d) => (max[d] - lo) / 255);
  return { dim, min, step };
}

/** 0…255 per coordinate (values outside the trained range clip to its ends). */
export function encodeScalar(sq: ScalarQuantizer, data: Float32Array, n: number): Uint8Array {
  const { dim, min, step } = sq;
  const out = new Uint8Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) {
      const s = step[d];
      const q = s > 0 ? Math.floor((data[i * dim + d] - min[d]) / s) : 0;
      out[i * dim + d] = q < 0 ? 0 : q > 255 ? 255 : q;
    }
  }
  return out;
}

/** The value a code stands for: the centre of its step. */
export function decodeScalar(sq: ScalarQuantizer, codes: Uint8Array, offset: number, out = new Float32Array(sq.dim)): Float32Array {
  for (let d = 0; d < sq.dim; d++) out[d] = sq.min[d] + (codes[offset + d] + 0.5) * sq.step[d];
  return out;
}

/**
 * Per query, the affine form of the score against a code: ip → Σ q_d (min_d + (c_d + ½) step_d) =
 * base + Σ (q_d step_d) c_d; so one multiply-add per coordinate on the raw byte.
 */
export function scalarQueryTerms(sq: ScalarQuantizer, query: Float32Array): { base: number; weights: Float32Array } {
  let base = 0;
  const weights = new Float32Array(sq.dim);
  for (let d = 0; d < sq.dim; d++) {
    base += query[d] * (sq.min[d] + 0.5 * sq.step[d]);
    weights[d] = query[d] * sq.step[d];
  }
  return { base, weights };
}
