/**
 * The isotonic kernel of the native addon (isotonic.cc beside this file): isotonicFit's sort, tie pooling and
 * pool-adjacent-violators in one call. Its adapter is src/ranking/isotonic.ts; the JS reference is isotonicFit in
 * src/core/calibration/isotonic.ts, which it equals bit for bit (test/ranking/isotonic-native.test.ts).
 */
export interface IsotonicKernels {
  /**
   * The fitted [thresholds, values] of (x, y, weights) — weights null for all ones — or null when a row is one the
   * reference rejects (x or y not finite, a weight not finite and > 0). Throws on unequal lengths or no rows.
   */
  isotonicFit(x: Float64Array, y: Float64Array, weights: Float64Array | null): [Float64Array, Float64Array] | null;
}

export const ISOTONIC_FUNCTIONS: readonly (keyof IsotonicKernels)[] = ['isotonicFit'];
