/**
 * The GBDT training kernels of the native addon (gbdt_train.cc beside this file): histogram build and subtraction, row
 * partition, best-split scan and lambdarank pair gradients, each the JS reference of src/core/gbdt step for step. Their
 * adapter is src/ranking/gbdt-train-kernels.ts (the GbdtTrainKernels a trainer takes in its params);
 * test/ranking/gbdt-train-native.test.ts holds the trees they grow bit for bit against the JS learner's.
 */
export interface GbdtTrainNativeKernels {
  /** histogram.ts buildHistogram with Float32 gradients: out zeroed, then [Σg, Σh, count] per bin of rows[start..end). */
  gbdtHistogram(
    bins: Uint8Array, numFeatures: number, histOffset: Int32Array, featureMask: Uint8Array,
    rows: Int32Array, start: number, end: number, grad: Float32Array, hess: Float32Array, out: Float64Array,
  ): void;
  /**
   * split-finder.ts findBestSplit; params = [sumGrad, sumHess, count, lambdaL2, minDataInLeaf, minSumHessianInLeaf],
   * out = [feature, bin, defaultLeft (0/1), gain, leftGrad, leftHess, leftCount, rightGrad, rightHess, rightCount].
   */
  gbdtBestSplit(hist: Float64Array, histOffset: Int32Array, numValueBins: Int32Array, featureMask: Uint8Array, params: Float64Array, out: Float64Array): void;
  /**
   * lambdarank.ts oneQuery over every query, before the per-query norm: outLambda/outHess per row, outSum = Σλ per
   * query; `order` (each query's sorted order, local indices) is updated in place. config = [σ, sigMin, sigFactor,
   * truncationLevel, lambdarankNorm 0/1].
   */
  gbdtLambdarank(
    offsets: Int32Array, scores: Float64Array, labels: Float32Array, order: Int32Array, labelGain: Float64Array,
    discount: Float64Array, inverseMaxDcg: Float64Array, sigTable: Float64Array, config: Float64Array,
    outLambda: Float64Array, outHess: Float64Array, outSum: Float64Array,
  ): void;
  /** histogram.ts subtractHistogram: out[i] = parent[i] − smaller[i] over parent's length. */
  gbdtSubtract(parent: Float64Array, smaller: Float64Array, out: Float64Array): void;
  /** data-partition.ts partitionRows: stable, left rows first; returns the left count. */
  gbdtPartition(
    idx: Int32Array, scratch: Int32Array, start: number, count: number, bins: Uint8Array, numFeatures: number,
    feature: number, thresholdBin: number, missingBin: number, defaultLeft: boolean,
  ): number;
}

export const GBDT_TRAIN_FUNCTIONS: readonly (keyof GbdtTrainNativeKernels)[] = ['gbdtHistogram', 'gbdtBestSplit', 'gbdtLambdarank', 'gbdtSubtract', 'gbdtPartition'];
