/**
 * Gradient boosting (LightGBM's GBDT::Train / TrainOneIter, reduced):
 *   for each round: gradients of the objective at the current scores → grow one tree on them →
 *   add the tree's (shrunk) leaf values to the scores → evaluate on `valid`, stop early if it stalls.
 * Reference: Friedman, "Greedy function approximation: a gradient boosting machine" (2001);
 * Ke et al., "LightGBM" (NeurIPS 2017).
 * Complexity per round: O(n · F) histogram work at the root plus the smaller children, O(n) updates.
 */
import { ResourceLimitError, UsageError } from '../errors.js';
import { Rng } from '../rng.js';
import { binRows, buildBinMapper } from './bin-mapper.js';
import { metricFor, type EvalMetric } from './evaluation.js';
import { LeafWiseLearner, type BinnedData } from './leaf-wise-learner.js';
import { MAX_RANK_LABEL } from './lambdarank.js';
import { GbdtModel } from './model.js';
import { createObjective, type Objective } from './objectives.js';
import { validateData, validateParams, type ResolvedParams } from './params.js';
import type { TreeArrays } from './tree.js';
import type { EvalRecord, GbdtData, GbdtParams } from './types.js';

/** Train a GBDT synchronously. Throws UsageError on bad data or params. */
export function trainGbdt(data: GbdtData, params: GbdtParams): GbdtModel {
  const trainer = new GbdtTrainer(data, params);
  while (trainer.trainOneIter());
  return trainer.model();
}

/** The same training, yielding to `tick` between rounds (keeps a UI responsive, lets a run be cancelled). */
export async function trainGbdtAsync(data: GbdtData, params: GbdtParams, tick: () => Promise<void>): Promise<GbdtModel> {
  const trainer = new GbdtTrainer(data, params);
  while (trainer.trainOneIter()) await tick();
  return trainer.model();
}

export class GbdtTrainer {
  private readonly p: ResolvedParams;
  private readonly n: number;
  private readonly binned: BinnedData;
  private readonly objective: Objective;
  private readonly metric: EvalMetric;
  private readonly learner: LeafWiseLearner;
  private readonly rng: Rng;
  private readonly baseScore: number;
  private readonly scores: Float64Array;
  private readonly grad: Float32Array;
  private readonly hess: Float32Array;
  private readonly validScores: Float64Array | null;
  private readonly trees: TreeArrays[] = [];
  private readonly history: EvalRecord[] = [];
  private best = { iteration: -1, value: NaN };
  private stopped = false;

  constructor(private readonly data: GbdtData, params: GbdtParams) {
    this.p = validateParams(params);
    this.n = validateData(data, 'data', this.p.objective);
    if (this.p.valid) validateData(this.p.valid, 'valid', this.p.objective, data.numFeatures);
    if (this.p.objective === 'lambdarank') checkRankLabels(data.labels);
    estimateMemory(this.n, data.numFeatures, this.p.numLeaves, this.p.maxBin);
    this.rng = new Rng(this.p.seed);
    const F = data.numFeatures;
    const mapper = buildBinMapper(data.features, this.n, F, this.p.maxBin, this.p.binSampleCount, this.rng.fork('bins'));
    this.binned = { bins: binRows(data.features, this.n, F, mapper), numRows: this.n, numFeatures: F, mapper };
    this.objective = createObjective(this.p.objective, { weights: data.weights, groups: data.groups, sigmoid: this.p.sigmoid, truncationLevel: this.p.truncationLevel, lambdarankNorm: this.p.lambdarankNorm, pairs: this.p.kernels.lambdarankPairs });
    this.metric = metricFor(this.p.objective, this.p.evalAt);
    this.learner = new LeafWiseLearner(this.binned, this.p, this.p.kernels);
    this.baseScore = this.objective.initScore(data.labels, data.weights);
    this.scores = new Float64Array(this.n).fill(this.baseScore);
    this.grad = new Float32Array(this.n);
    this.hess = new Float32Array(this.n);
    this.validScores = this.p.valid ? new Float64Array(this.p.valid.labels.length).fill(this.baseScore) : null;
  }

  /** One boosting round; false when training is over (all trees, early stop, or no split left). */
  trainOneIter(): boolean {
    if (this.stopped || this.trees.length >= this.p.numTrees) return false;
    const iteration = this.trees.length;
    this.objective.gradients(this.scores, this.data.labels, this.grad, this.hess);
    const used = this.bagging(iteration);
    const tree = this.learner.train(this.grad, this.hess, this.featureMask(iteration), used);
    // a tree that cannot split adds a constant the next round would undo: stop, as LightGBM does
    if (tree.numLeaves === 1 && iteration > 0) return this.stop();
    this.trees.push(tree);
    this.updateTrainScores(tree, used);
    const keepGoing = this.evaluate(iteration, tree);
    return keepGoing ? this.trees.length < this.p.numTrees : this.stop();
  }

  model(): GbdtModel {
    const keep = this.p.valid && this.best.iteration >= 0 && this.p.earlyStoppingRounds > 0 ? this.best.iteration + 1 : this.trees.length;
    return GbdtModel.fromTrees(this.p.objective, this.data.numFeatures, this.baseScore, this.trees.slice(0, keep), this.history, keep);
  }

  private stop(): false {
    this.stopped = true;
    return false;
  }

  private bagging(iteration: number): Int32Array | undefined {
    if (this.p.baggingFraction >= 1) return undefined;
    const k = Math.max(1, Math.round(this.n * this.p.baggingFraction));
    return this.rng.fork(`bag-${iteration}`).sampleWithoutReplacement(this.n, k).sort();
  }

  private featureMask(iteration: number): Uint8Array {
    const F = this.data.numFeatures;
    const mask = new Uint8Array(F);
    if (this.p.featureFraction >= 1) return mask.fill(1);
    const k = Math.max(1, Math.round(F * this.p.featureFraction));
    for (const f of this.rng.fork(`features-${iteration}`).sampleWithoutReplacement(F, k)) mask[f] = 1;
    return mask;
  }

  /** In-bag rows take their leaf's value from the partition (O(n)); out-of-bag rows walk the binned tree. */
  private updateTrainScores(tree: TreeArrays, used: Int32Array | undefined): void {
    const part = this.learner.partition;
    for (let leaf = 0; leaf < tree.numLeaves; leaf++) {
      const v = tree.leafValue[leaf];
      const s = part.leafStart[leaf];
      for (let i = s; i < s + part.leafCount[leaf]; i++) this.scores[part.indices[i]] += v;
    }
    if (!used) return;
    const inBag = new Uint8Array(this.n);
    for (let i = 0; i < used.length; i++) inBag[used[i]] = 1;
    for (let r = 0; r < this.n; r++) if (!inBag[r]) this.scores[r] += tree.leafValue[binnedLeaf(tree, this.binned, r)];
  }

  private evaluate(iteration: number, tree: TreeArrays): boolean {
    const valid = this.p.valid;
    let value: number | undefined;
    if (valid && this.validScores) {
      const F = valid.numFeatures;
      for (let r = 0; r < this.validScores.length; r++) this.validScores[r] += tree.leafValue[rawLeaf(tree, valid.features, r * F)];
      value = this.metric.evaluate(this.validScores, valid.labels, valid.groups);
      this.history.push({ iteration, name: this.metric.name, value });
      const better = this.best.iteration < 0 || (this.metric.higherIsBetter ? value > this.best.value : value < this.best.value);
      if (better) this.best = { iteration, value };
    }
    const go = this.p.onIteration?.({ iteration, numTrees: this.trees.length, validMetric: value, validMetricName: valid ? this.metric.name : undefined });
    if (go === false) return false;
    const rounds = this.p.earlyStoppingRounds;
    return !(valid && rounds > 0 && iteration - this.best.iteration >= rounds);
  }
}

/** Leaf of training row r by walking bin thresholds. O(depth). */
function binnedLeaf(t: TreeArrays, d: BinnedData, r: number): number {
  if (t.numLeaves === 1) return 0;
  let node = 0;
  while (node >= 0) {
    const f = t.splitFeature[node];
    const b = d.bins[r * d.numFeatures + f];
    const missing = b === d.mapper.numValueBins[f];
    node = (missing ? t.defaultLeft[node] === 1 : b <= t.thresholdBin[node]) ? t.left[node] : t.right[node];
  }
  return ~node;
}

/** Leaf of a raw row (offset `base` into a row-major matrix) by walking value thresholds. O(depth). */
function rawLeaf(t: TreeArrays, features: Float32Array, base: number): number {
  if (t.numLeaves === 1) return 0;
  let node = 0;
  while (node >= 0) {
    const v = features[base + t.splitFeature[node]];
    const thr = t.threshold[node];
    node = v <= thr ? t.left[node] : v > thr ? t.right[node] : t.defaultLeft[node] ? t.left[node] : t.right[node];
  }
  return ~node;
}

function checkRankLabels(labels: Float32Array): void {
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (!(Number.isInteger(l) && l >= 0 && l <= MAX_RANK_LABEL)) {
      throw new UsageError(`gbdt: lambdarank labels must be integers in 0..${MAX_RANK_LABEL} (graded relevance), got ${l} at row ${i}`);
    }
  }
}

/** Refuse up front when the binned data, gradients and histograms would not fit in a few GB. */
function estimateMemory(n: number, F: number, leaves: number, maxBin: number): void {
  const bytes = n * F + n * (8 + 4 + 4 + 4 + 4 + 8 + 8) + leaves * F * (maxBin + 1) * 3 * 8;
  const limit = 4 * 2 ** 30;
  if (bytes > limit) {
    throw new ResourceLimitError(`gbdt: training needs ~${(bytes / 2 ** 30).toFixed(1)} GiB (rows × features × 1 B bins + per-row buffers); reduce the rows (candidates/queries) or features`);
  }
}

