/**
 * The best split of a leaf (LightGBM's SplitInfo) and the second-order leaf formulas it rests on.
 *
 * With gradient sum G and hessian sum H over a leaf, the Newton step minimising the L2-regularised
 * second-order loss is w* = −G / (H + λ), and the loss reduction it buys is G² / (H + λ) (up to the
 * constant ½ that XGBoost keeps and LightGBM drops; it does not change which split wins).
 * Reference: Chen & Guestrin, "XGBoost", KDD 2016, eq. 5–7; Ke et al., "LightGBM", NeurIPS 2017.
 */

export interface SplitInfo {
  /** −1 when the leaf cannot be split */
  feature: number;
  /** rows whose bin ≤ `bin` go left (value bins only; the missing bin follows `defaultLeft`) */
  bin: number;
  defaultLeft: boolean;
  gain: number;
  leftGrad: number;
  leftHess: number;
  leftCount: number;
  rightGrad: number;
  rightHess: number;
  rightCount: number;
}

export function emptySplit(): SplitInfo {
  return {
    feature: -1, bin: 0, defaultLeft: true, gain: -Infinity,
    leftGrad: 0, leftHess: 0, leftCount: 0, rightGrad: 0, rightHess: 0, rightCount: 0,
  };
}

/** G² / (H + λ): the (doubled) loss reduction of a leaf's optimal constant. O(1). */
export function leafGain(sumGrad: number, sumHess: number, lambdaL2: number): number {
  return (sumGrad * sumGrad) / (sumHess + lambdaL2);
}

/** −G / (H + λ): the Newton-step leaf value before shrinkage. O(1). */
export function leafOutput(sumGrad: number, sumHess: number, lambdaL2: number): number {
  return -sumGrad / (sumHess + lambdaL2);
}
