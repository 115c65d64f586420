/** Shared pieces of the production-ML experiments (target encoding, high cardinality, feature store, skew). */
import { trainGbdtAsync, type GbdtModel, type GbdtParams } from '../core/gbdt/index.js';
import { aucRoc } from '../core/metrics/index.js';
import { gbdtScorer } from '../ranking/gbdt-scorer.js';
import { nativeGbdtTrainKernels } from '../ranking/gbdt-train-kernels.js';
import type { ExperimentContext } from './types.js';

/** A small GBDT: enough trees to overfit a leaky feature, small enough for tiny runs in a second or two. */
export function smallGbdtParams(seed: number, numTrees = 60): GbdtParams {
  return { objective: 'binary', numTrees, learningRate: 0.1, numLeaves: 15, minDataInLeaf: 20, maxBin: 63, lambdaL2: 1, seed };
}

export async function trainBinaryGbdt(
  ctx: ExperimentContext, features: Float32Array, numFeatures: number, labels: Float32Array, seed: number, numTrees = 60,
): Promise<GbdtModel> {
  // the compiled training kernels grow the same trees bit for bit (test/ranking/gbdt-train-native.test.ts), faster
  return trainGbdtAsync({ features, numFeatures, labels }, { ...smallGbdtParams(seed, numTrees), kernels: nativeGbdtTrainKernels() ?? undefined }, () => ctx.tick());
}

/**
 * GbdtModel.predict (probabilities for binary) with the raw scores from the serving scorer: the native kernel when
 * built, which gives the same doubles as the compiled trees (test/ranking/gbdt-native.test.ts) without compiling them.
 */
export function gbdtPredict(model: GbdtModel, features: Float32Array, numRows: number): Float32Array {
  const raw = gbdtScorer(model).score(features, numRows);
  const out = new Float32Array(numRows);
  if (model.objective === 'binary') for (let i = 0; i < numRows; i++) out[i] = 1 / (1 + Math.exp(-raw[i]));
  else out.set(raw);
  return out;
}

/** AUC of a model's scores on a feature matrix. */
export function gbdtAuc(model: GbdtModel, features: Float32Array, labels: Float32Array): number {
  return aucRoc(labels, gbdtPredict(model, features, labels.length));
}

/** Interleave columns into a row-major Float32Array. */
export function rowMajor(columns: ArrayLike<number>[], from = 0, to = columns[0]?.length ?? 0): Float32Array {
  const f = columns.length;
  const out = new Float32Array((to - from) * f);
  for (let r = from; r < to; r++) for (let c = 0; c < f; c++) out[(r - from) * f + c] = columns[c][r];
  return out;
}

export const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;
