/**
 * The hot loops of training behind one interface, so a compiled version can stand in for the JS one
 * (src/native/gbdt-train: histogram build, best-split scan and lambdarank pair gradients). The JS functions are the
 * reference; a stand-in must grow the same trees bit for bit (test/ranking/gbdt-train-native.test.ts).
 * A trainer takes them in GbdtParams.kernels; without, it runs JS_TRAIN_KERNELS.
 */
import { partitionRows } from './data-partition.js';
import { buildHistogram, subtractHistogram } from './histogram.js';
import type { LambdarankPairs } from './lambdarank.js';
import { findBestSplit } from './split-finder.js';

export interface GbdtTrainKernels {
  /** 'js' or 'native': which code grew the trees (shown by benches) */
  readonly name: string;
  buildHistogram: typeof buildHistogram;
  findBestSplit: typeof findBestSplit;
  subtractHistogram: typeof subtractHistogram;
  partitionRows: typeof partitionRows;
  /** every query's λ and hessian before the per-query norm; absent: LambdarankObjective's own loop */
  lambdarankPairs?: LambdarankPairs;
}

export const JS_TRAIN_KERNELS: GbdtTrainKernels = { name: 'js', buildHistogram, findBestSplit, subtractHistogram, partitionRows };
