/**
 * What a neural ranker needs and a tree does not: per-feature standardisation and explicit missing
 * indicators (NaN → 0 after scaling, plus a 0/1 column for each feature that had NaN in training).
 * Fitted on training rows only. O(rows · features).
 */
export interface Standardizer {
  numFeatures: number;
  mean: Float64Array;
  std: Float64Array;
  /** features that get a missing-indicator column, in order */
  indicators: number[];
  outputWidth: number;
}

export function fitStandardizer(features: Float32Array, numRows: number, numFeatures: number): Standardizer {
  const F = numFeatures;
  const sum = new Float64Array(F);
  const sq = new Float64Array(F);
  const cnt = new Float64Array(F);
  const anyNaN = new Uint8Array(F);
  for (let r = 0; r < numRows; r++) {
    for (let f = 0; f < F; f++) {
      const v = features[r * F + f];
      if (Number.isNaN(v)) {
        anyNaN[f] = 1;
        continue;
      }
      sum[f] += v;
      sq[f] += v * v;
      cnt[f]++;
    }
  }
  const mean = new Float64Array(F);
  const std = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    mean[f] = cnt[f] ? sum[f] / cnt[f] : 0;
    const variance = cnt[f] ? sq[f] / cnt[f] - mean[f] ** 2 : 0;
    std[f] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  const indicators = [...anyNaN.keys()].filter((f) => anyNaN[f]);
  return { numFeatures: F, mean, std, indicators, outputWidth: F + indicators.length };
}

/** Standardised row-major matrix (numRows × outputWidth). */
export function applyStandardizer(s: Standardizer, features: Float32Array, numRows: number): Float32Array {
  const F = s.numFeatures;
  const W = s.outputWidth;
  const out = new Float32Array(numRows * W);
  for (let r = 0; r < numRows; r++) {
    for (let f = 0; f < F; f++) {
      const v = features[r * F + f];
      // clip at ±5σ: heavy-tailed counts would otherwise dominate the first layer
      out[r * W + f] = Number.isNaN(v) ? 0 : Math.max(-5, Math.min(5, (v - s.mean[f]) / s.std[f]));
    }
    s.indicators.forEach((f, j) => (out[r * W + F + j] = Number.isNaN(features[r * F + f]) ? 1 : 0));
  }
  return out;
}
