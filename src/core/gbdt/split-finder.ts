/**
 * Best split of a leaf from its histogram (LightGBM's FeatureHistogram::FindBestThreshold, reduced).
 *
 * For each feature, scan the value bins left to right keeping the left sums; try the missing bin on the
 * right and on the left, and keep the direction with the larger gain — that is the learned default
 * direction for NaN. Constraints: minDataInLeaf rows and minSumHessianInLeaf hessian on each side.
 */
import { HIST_STRIDE } from './histogram.js';
import { emptySplit, leafGain, type SplitInfo } from './split-info.js';

export interface SplitConstraints {
  lambdaL2: number;
  minDataInLeaf: number;
  minSumHessianInLeaf: number;
}

export interface LeafSums {
  grad: number;
  hess: number;
  count: number;
}

/**
 * Best split over the features with featureMask[f] = 1. Ties keep the first (lowest feature, lowest bin,
 * missing-right first), so results are deterministic. Complexity O(totalBins).
 */
export function findBestSplit(
  hist: Float64Array,
  histOffset: Int32Array,
  numValueBins: Int32Array,
  featureMask: Uint8Array,
  sums: LeafSums,
  c: SplitConstraints,
): SplitInfo {
  const best = emptySplit();
  const parentGain = leafGain(sums.grad, sums.hess, c.lambdaL2);
  for (let f = 0; f < numValueBins.length; f++) {
    if (featureMask[f] === 0) continue;
    scanFeature(hist, histOffset[f] * HIST_STRIDE, numValueBins[f], f, sums, parentGain, c, best);
  }
  return best;
}

function scanFeature(
  hist: Float64Array,
  off: number,
  nb: number,
  feature: number,
  sums: LeafSums,
  parentGain: number,
  c: SplitConstraints,
  best: SplitInfo,
): void {
  const mo = off + nb * HIST_STRIDE;
  const mg = hist[mo];
  const mh = hist[mo + 1];
  const mc = hist[mo + 2];
  const hasMissing = mc > 0;
  let lg = 0;
  let lh = 0;
  let lc = 0;
  // t = nb − 1 puts every value left: only meaningful as "values vs missing" with missing right
  const lastT = hasMissing ? nb - 1 : nb - 2;
  for (let t = 0; t <= lastT; t++) {
    const o = off + t * HIST_STRIDE;
    lg += hist[o];
    lh += hist[o + 1];
    lc += hist[o + 2];
    // missing right
    consider(lg, lh, lc, sums, parentGain, c, feature, t, hasMissing ? 0 : 2, best);
    if (hasMissing && t < nb - 1) consider(lg + mg, lh + mh, lc + mc, sums, parentGain, c, feature, t, 1, best);
  }
}

function consider(
  lg: number,
  lh: number,
  lc: number,
  sums: LeafSums,
  parentGain: number,
  c: SplitConstraints,
  feature: number,
  bin: number,
  /** 0 missing right, 1 missing left, 2 no missing rows seen: NaN later follows the heavier side */
  missing: 0 | 1 | 2,
  best: SplitInfo,
): void {
  const rc = sums.count - lc;
  if (lc < c.minDataInLeaf || rc < c.minDataInLeaf) return;
  const rh = sums.hess - lh;
  if (lh < c.minSumHessianInLeaf || rh < c.minSumHessianInLeaf) return;
  const rg = sums.grad - lg;
  const gain = leafGain(lg, lh, c.lambdaL2) + leafGain(rg, rh, c.lambdaL2) - parentGain;
  if (!(gain > best.gain)) return;
  best.feature = feature;
  best.bin = bin;
  // with no missing rows in this leaf, NaN at prediction time follows the side with more hessian mass
  best.defaultLeft = missing === 2 ? lh >= rh : missing === 1;
  best.gain = gain;
  best.leftGrad = lg;
  best.leftHess = lh;
  best.leftCount = lc;
  best.rightGrad = rg;
  best.rightHess = rh;
  best.rightCount = rc;
}
