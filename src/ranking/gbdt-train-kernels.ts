/**
 * The native GBDT training kernels (src/native/gbdt-train) as a GbdtTrainKernels (src/core/gbdt/kernels.ts), for
 * GbdtParams.kernels: what the rankers train with, as gbdt-scorer.ts is what they score with. Null when
 * the addon is not loaded (nativeStatus() says why): the trainer then runs its JS loops, which grow the same trees.
 * Float64 gradients (not what the trainer passes) take the JS histogram.
 */
import { buildHistogram } from '../core/gbdt/histogram.js';
import type { GbdtTrainKernels } from '../core/gbdt/kernels.js';
import type { LambdarankPairs } from '../core/gbdt/lambdarank.js';
import { emptySplit, type SplitInfo } from '../core/gbdt/split-info.js';
import { loadNative, type NativeAddon } from '../native/addon.js';

let cached: GbdtTrainKernels | null | undefined;

/** The native training kernels, or null without the addon. Memoised. */
export function nativeGbdtTrainKernels(): GbdtTrainKernels | null {
  if (cached !== undefined) return cached;
  const addon = loadNative();
  cached = addon ? fromAddon(addon) : null;
  return cached;
}

function fromAddon(addon: NativeAddon): GbdtTrainKernels {
  const params = new Float64Array(6);
  const out = new Float64Array(10);
  const config = new Float64Array(5);
  const lambdarankPairs: LambdarankPairs = (t, scores, labels, lambda, hess, sums) => {
    config[0] = t.sigma;
    config[1] = t.sigMin;
    config[2] = t.sigFactor;
    config[3] = t.truncation;
    config[4] = t.norm ? 1 : 0;
    addon.gbdtLambdarank(t.offsets, scores, labels, t.order, t.labelGain, t.discount, t.inverseMaxDcg, t.sigTable, config, lambda, hess, sums);
  };
  return {
    name: 'native',
    buildHistogram(bins, numFeatures, histOffset, featureMask, rows, start, end, grad, hess, hist) {
      if (!(grad instanceof Float32Array && hess instanceof Float32Array)) {
        buildHistogram(bins, numFeatures, histOffset, featureMask, rows, start, end, grad, hess, hist);
        return;
      }
      addon.gbdtHistogram(bins, numFeatures, histOffset, featureMask, rows, start, end, grad, hess, hist);
    },
    findBestSplit(hist, histOffset, numValueBins, featureMask, sums, c): SplitInfo {
      params[0] = sums.grad;
      params[1] = sums.hess;
      params[2] = sums.count;
      params[3] = c.lambdaL2;
      params[4] = c.minDataInLeaf;
      params[5] = c.minSumHessianInLeaf;
      addon.gbdtBestSplit(hist, histOffset, numValueBins, featureMask, params, out);
      const s = emptySplit();
      if (out[0] < 0) return s;
      s.feature = out[0];
      s.bin = out[1];
      s.defaultLeft = out[2] === 1;
      s.gain = out[3];
      s.leftGrad = out[4];
      s.leftHess = out[5];
      s.leftCount = out[6];
      s.rightGrad = out[7];
      s.rightHess = out[8];
      s.rightCount = out[9];
      return s;
    },
    subtractHistogram: (parent, smaller, out) => addon.gbdtSubtract(parent, smaller, out),
    partitionRows: (idx, scratch, start, count, bins, F, feature, thresholdBin, missingBin, defaultLeft) =>
      addon.gbdtPartition(idx, scratch, start, count, bins, F, feature, thresholdBin, missingBin, defaultLeft),
    lambdarankPairs,
  };
}
