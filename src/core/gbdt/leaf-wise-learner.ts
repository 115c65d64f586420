/**
 * Best-first (leaf-wise) tree growth on binned data (LightGBM's SerialTreeLearner, reduced).
 *
 * Grow one leaf at a time: always split the leaf whose best split buys the largest loss reduction,
 * until numLeaves leaves or no split has positive gain. Per split, only the smaller child's histogram
 * is built from rows; the larger child's is parent − smaller (the subtraction trick).
 * Reference: Shi, "Best-first decision tree learning" (2007); Ke et al., LightGBM (NeurIPS 2017).
 * Complexity per tree: O(rows · features) for the root plus O(smaller child rows · features) per split.
 */
import type { BinMapper } from './bin-mapper.js';
import { DataPartition } from './data-partition.js';
import { HIST_STRIDE } from './histogram.js';
import { JS_TRAIN_KERNELS, type GbdtTrainKernels } from './kernels.js';
import type { LeafSums, SplitConstraints } from './split-finder.js';
import { leafOutput, type SplitInfo, emptySplit } from './split-info.js';
import { newTree, splitLeaf, type TreeArrays } from './tree.js';

export interface BinnedData {
  /** row-major numRows × numFeatures */
  bins: Uint8Array;
  numRows: number;
  numFeatures: number;
  mapper: BinMapper;
}

export interface LearnerConfig extends SplitConstraints {
  numLeaves: number;
  maxDepth: number;
  learningRate: number;
}

export class LeafWiseLearner {
  readonly partition: DataPartition;
  private readonly hists: Float64Array[];
  private readonly sums: LeafSums[];
  private readonly best: SplitInfo[];

  constructor(private readonly data: BinnedData, private readonly cfg: LearnerConfig, private readonly kernels: GbdtTrainKernels = JS_TRAIN_KERNELS) {
    const L = cfg.numLeaves;
    this.partition = new DataPartition(data.numRows, L);
    this.hists = Array.from({ length: L }, () => new Float64Array(data.mapper.totalBins * HIST_STRIDE));
    this.sums = Array.from({ length: L }, () => ({ grad: 0, hess: 0, count: 0 }));
    this.best = Array.from({ length: L }, emptySplit);
  }

  /** Grow one tree on gradients `grad`/`hess`, using rows `used` (bagging) or all, features in `featureMask`. */
  train(grad: Float32Array | Float64Array, hess: Float32Array | Float64Array, featureMask: Uint8Array, used?: Int32Array): TreeArrays {
    const { cfg, partition } = this;
    partition.init(this.data.numRows, used);
    const root = this.sums[0];
    // sums in locals, stored once
    const n = partition.numUsed;
    const indices = partition.indices;
    let sumGrad = 0;
    let sumHess = 0;
    for (let i = 0; i < n; i++) {
      const r = indices[i];
      sumGrad += grad[r];
      sumHess += hess[r];
    }
    root.grad = sumGrad;
    root.hess = sumHess;
    root.count = n;
    const tree = newTree(cfg.numLeaves, leafOutput(root.grad, root.hess, cfg.lambdaL2) * cfg.learningRate, root.count);
    this.histogramOf(0, grad, hess, featureMask);
    this.best[0] = this.bestSplitOf(0, 0, featureMask);
    for (let k = 1; k < cfg.numLeaves; k++) {
      const leaf = this.pickLeaf(tree.numLeaves);
      if (leaf < 0) break;
      this.applySplit(tree, leaf, grad, hess, featureMask);
    }
    return tree;
  }

  private pickLeaf(numLeaves: number): number {
    let bestLeaf = -1;
    let bestGain = 0;
    for (let l = 0; l < numLeaves; l++) {
      const s = this.best[l];
      if (s.feature >= 0 && s.gain > bestGain) {
        bestGain = s.gain;
        bestLeaf = l;
      }
    }
    return bestLeaf;
  }

  private applySplit(tree: TreeArrays, leaf: number, grad: Float32Array | Float64Array, hess: Float32Array | Float64Array, featureMask: Uint8Array): void {
    const { cfg, data } = this;
    const s = this.best[leaf];
    const f = s.feature;
    const bounds = data.mapper.upperBounds[f];
    const nb = data.mapper.numValueBins[f];
    const lr = cfg.learningRate;
    const newLeaf = splitLeaf(tree, leaf, {
      feature: f,
      thresholdBin: s.bin,
      threshold: s.bin < nb - 1 ? bounds[s.bin] : Infinity,
      defaultLeft: s.defaultLeft,
      gain: s.gain,
      leftValue: leafOutput(s.leftGrad, s.leftHess, cfg.lambdaL2) * lr,
      rightValue: leafOutput(s.rightGrad, s.rightHess, cfg.lambdaL2) * lr,
      leftCount: s.leftCount,
      rightCount: s.rightCount,
    });
    this.partition.split(leaf, newLeaf, data.bins, data.numFeatures, f, s.bin, nb, s.defaultLeft, this.kernels.partitionRows);
    const parentSums = this.sums[leaf];
    Object.assign(this.sums[newLeaf], { grad: s.rightGrad, hess: s.rightHess, count: s.rightCount });
    Object.assign(parentSums, { grad: s.leftGrad, hess: s.leftHess, count: s.leftCount });
    // the parent's histogram buffer becomes the larger child's; the smaller child is built from rows
    const leftSmaller = s.leftCount <= s.rightCount;
    const small = leftSmaller ? leaf : newLeaf;
    const parentHist = this.hists[leaf];
    if (leftSmaller) {
      // swap buffers so `leaf` gets a fresh one and the parent's lives on as newLeaf's
      this.hists[leaf] = this.hists[newLeaf];
      this.hists[newLeaf] = parentHist;
    }
    this.histogramOf(small, grad, hess, featureMask);
    const large = leftSmaller ? newLeaf : leaf;
    this.kernels.subtractHistogram(parentHist, this.hists[small], this.hists[large]);
    const depth = tree.leafDepth[leaf];
    this.best[leaf] = this.bestSplitOf(leaf, depth, featureMask);
    this.best[newLeaf] = this.bestSplitOf(newLeaf, depth, featureMask);
  }

  private histogramOf(leaf: number, grad: Float32Array | Float64Array, hess: Float32Array | Float64Array, featureMask: Uint8Array): void {
    const { data, partition } = this;
    const start = partition.leafStart[leaf];
    this.kernels.buildHistogram(
      data.bins, data.numFeatures, data.mapper.histOffset, featureMask,
      partition.indices, start, start + partition.leafCount[leaf], grad, hess, this.hists[leaf],
    );
  }

  private bestSplitOf(leaf: number, depth: number, featureMask: Uint8Array): SplitInfo {
    const { cfg } = this;
    const sums = this.sums[leaf];
    if ((cfg.maxDepth > 0 && depth >= cfg.maxDepth) || sums.count < 2 * cfg.minDataInLeaf) return emptySplit();
    return this.kernels.findBestSplit(this.hists[leaf], this.data.mapper.histOffset, this.data.mapper.numValueBins, featureMask, sums, cfg);
  }
}
