/**
 * Gradient/hessian histograms per feature bin (LightGBM's FeatureHistogram, reduced).
 *
 * Layout: one Float64Array per leaf, stride 3 per bin — [Σ gradient, Σ hessian, count] — features
 * concatenated at `histOffset[f]` (each feature has its value bins plus the missing bin).
 * The subtraction trick: a parent's histogram minus its smaller child's is the larger child's, so a
 * split costs one pass over the smaller child's rows instead of both.
 */

export const HIST_STRIDE = 3;

/**
 * Accumulate the histogram of rows `rows[start..end)` into `out` (zeroed here) for the features in
 * `featureMask` (1 = used). Gradients are first gathered into contiguous scratch buffers so the inner
 * loop reads one bin column and two sequential arrays.
 * Complexity O(rows · usedFeatures). No allocation (scratch buffers are caller-owned, ≥ end − start long).
 */
export function buildHistogram(
  bins: Uint8Array,
  numRows: number,
  histOffset: Int32Array,
  numFeatures: number,
  featureMask: Uint8Array,
  rows: Int32Array,
  start: number,
  end: number,
  grad: Float32Array | Float64Array,
  hess: Float32Array | Float64Array,
  scratchGrad: Float64Array,
  scratchHess: Float64Array,
  out: Float64Array,
): void {
  out.fill(0);
  const count = end - start;
  for (let i = 0; i < count; i++) {
    const r = rows[start + i];
    scratchGrad[i] = grad[r];
    scratchHess[i] = hess[r];
  }
  for (let f = 0; f < numFeatures; f++) {
    if (featureMask[f] === 0) continue;
    const base = f * numRows;
    const off = histOffset[f] * HIST_STRIDE;
    for (let i = 0; i < count; i++) {
      const o = off + bins[base + rows[start + i]] * HIST_STRIDE;
      out[o] += scratchGrad[i];
      out[o + 1] += scratchHess[i];
      out[o + 2] += 1;
    }
  }
}

/** larger = parent − smaller, in place into `larger`'s buffer. O(totalBins). */
export function subtractHistogram(parent: Float64Array, smaller: Float64Array, out: Float64Array): void {
  for (let i = 0; i < parent.length; i++) out[i] = parent[i] - smaller[i];
}
