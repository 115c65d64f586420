/**
 * Contracts of the GBDT: the training data, the parameters and the tree as the learner builds it.
 * Row-major Float32Array features in, typed arrays everywhere (LightGBM's Dataset + Config, reduced).
 */

import type { GbdtTrainKernels } from './kernels.js';

/** Training or validation data. NaN in `features` means "missing". */
export interface GbdtData {
  /** row-major, numRows × numFeatures */
  features: Float32Array;
  numFeatures: number;
  labels: Float32Array;
  /** query sizes in row order, summing to the number of rows (lambdarank only) */
  groups?: Int32Array;
  /** per-row weights (binary and regression; ignored by lambdarank) */
  weights?: Float32Array;
}

export type ObjectiveName = 'binary' | 'regression' | 'lambdarank';

export interface GbdtParams {
  objective: ObjectiveName;
  numTrees: number;
  learningRate: number;
  numLeaves: number;
  /** ≤ 0 or undefined: unlimited depth (leaf-wise growth is bounded by numLeaves) */
  maxDepth?: number;
  minDataInLeaf: number;
  /** value bins per feature, 2..255 (a separate bin holds NaN) */
  maxBin: number;
  lambdaL2: number;
  /** minimum hessian sum in a leaf (LightGBM's min_sum_hessian_in_leaf); default 1e-3 */
  minSumHessianInLeaf?: number;
  /** fraction of features tried per tree, (0, 1]; default 1 */
  featureFraction?: number;
  /** fraction of rows used per tree, (0, 1]; default 1 */
  baggingFraction?: number;
  earlyStoppingRounds?: number;
  valid?: GbdtData;
  /** NDCG cut-offs evaluated on `valid` for lambdarank (the first one drives early stopping); default [10] */
  evalAt?: number[];
  seed: number;
  /** lambdarank: σ of the pairwise sigmoid; default 1 */
  sigmoid?: number;
  /** lambdarank: only pairs with one document in the top `truncationLevel` positions get lambdas; default 30 */
  truncationLevel?: number;
  /** lambdarank: LightGBM's lambdarank_norm (ΔNDCG / (0.01 + |Δscore|), per-query log2(1+Σλ)/Σλ); default true */
  lambdarankNorm?: boolean;
  /** rows sampled to find the bin boundaries (LightGBM's bin_construct_sample_cnt); default 200000 */
  binSampleCount?: number;
  /** the training loops to run (e.g. the native ones from src/native/gbdt-train); default the JS reference */
  kernels?: GbdtTrainKernels;
  /** called after every round, e.g. for progress; return false to stop early */
  onIteration?: (info: IterationInfo) => boolean | void;
}

export interface IterationInfo {
  iteration: number;
  numTrees: number;
  /** the valid metric after this round, when `valid` is given */
  validMetric?: number;
  validMetricName?: string;
}

/** One evaluation record kept on the model (valid set only; the training loss is recomputable). */
export interface EvalRecord {
  iteration: number;
  name: string;
  value: number;
}
