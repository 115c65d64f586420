/**
 * A trained GBDT: trees flattened into typed arrays for fast prediction, feature importance,
 * Saabas path contributions, and a JSON form that round-trips bit for bit.
 *
 * Prediction walks each tree with `v ≤ threshold ? left : v > threshold ? right : default` — NaN fails
 * both comparisons and so takes the learned default direction without a separate test.
 */
import { UsageError } from '../errors.js';
import type { EvalRecord, ObjectiveName } from './types.js';
import type { TreeArrays } from './tree.js';
import { compileTree, type TreeKernel } from './compiled-predictor.js';

export const GBDT_FORMAT = 'recsys-lab/gbdt@1';

interface TreeJSON {
  numLeaves: number;
  splitFeature: number[];
  /** null encodes +Infinity ("every value left, missing right") */
  threshold: (number | null)[];
  defaultLeft: number[];
  left: number[];
  right: number[];
  splitGain: number[];
  internalValue: number[];
  internalCount: number[];
  leafValue: number[];
  leafCount: number[];
}

export interface GbdtModelJSON {
  format: typeof GBDT_FORMAT;
  objective: ObjectiveName;
  numFeatures: number;
  baseScore: number;
  featureNames?: string[];
  trees: TreeJSON[];
  evalHistory: EvalRecord[];
  bestIteration: number;
}

export interface GbdtFlatLayout {
  numFeatures: number;
  baseScore: number;
  treeLeaves: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  leafValue: Float64Array;
}

export class GbdtModel {
  readonly numTrees: number;
  private readonly treeRoot: Int32Array;
  private readonly treeLeafBase: Int32Array;
  private readonly nodeFeature: Int32Array;
  private readonly nodeThreshold: Float64Array;
  private readonly nodeDefaultLeft: Uint8Array;
  private readonly nodeLeft: Int32Array;
  private readonly nodeRight: Int32Array;
  private readonly nodeGain: Float64Array;
  private readonly nodeValue: Float64Array;
  private readonly leafValue: Float64Array;
  private kernels: TreeKernel[] | null = null;

  constructor(
    readonly objective: ObjectiveName,
    readonly numFeatures: number,
    readonly baseScore: number,
    private readonly trees: TreeJSON[],
    readonly evalHistory: EvalRecord[] = [],
    readonly bestIteration = trees.length,
    readonly featureNames?: string[],
  ) {
    this.numTrees = trees.length;
    const nodes = trees.reduce((s, t) => s + t.numLeaves - 1, 0);
    const leaves = trees.reduce((s, t) => s + t.numLeaves, 0);
    this.treeRoot = new Int32Array(trees.length);
    this.treeLeafBase = new Int32Array(trees.length);
    this.nodeFeature = new Int32Array(nodes);
    this.nodeThreshold = new Float64Array(nodes);
    this.nodeDefaultLeft = new Uint8Array(nodes);
    this.nodeLeft = new Int32Array(nodes);
    this.nodeRight = new Int32Array(nodes);
    this.nodeGain = new Float64Array(nodes);
    this.nodeValue = new Float64Array(nodes);
    this.leafValue = new Float64Array(leaves);
    let nb = 0;
    let lb = 0;
    trees.forEach((t, k) => {
      const relink = (c: number): number => (c >= 0 ? c + nb : ~(~c + lb));
      this.treeRoot[k] = t.numLeaves > 1 ? nb : ~lb;
      this.treeLeafBase[k] = lb;
      for (let i = 0; i < t.numLeaves - 1; i++) {
        this.nodeFeature[nb + i] = t.splitFeature[i];
        this.nodeThreshold[nb + i] = t.threshold[i] ?? Infinity;
        this.nodeDefaultLeft[nb + i] = t.defaultLeft[i];
        this.nodeLeft[nb + i] = relink(t.left[i]);
        this.nodeRight[nb + i] = relink(t.right[i]);
        this.nodeGain[nb + i] = t.splitGain[i];
        this.nodeValue[nb + i] = t.internalValue[i];
      }
      for (let i = 0; i < t.numLeaves; i++) this.leafValue[lb + i] = t.leafValue[i];
      nb += t.numLeaves - 1;
      lb += t.numLeaves;
    });
  }

  /** Bytes of the arrays a prediction walks (roots, nodes, leaves): the model's resident size, without the JSON trees kept for export. */
  byteLength(): number {
    const arrays = [this.treeRoot, this.treeLeafBase, this.nodeFeature, this.nodeThreshold, this.nodeDefaultLeft, this.nodeLeft, this.nodeRight, this.nodeGain, this.nodeValue, this.leafValue];
    return arrays.reduce((s, a) => s + a.byteLength, 0);
  }

  /** Build from the learner's trees (arrays trimmed to their used length). */
  static fromTrees(objective: ObjectiveName, numFeatures: number, baseScore: number, trees: TreeArrays[], evalHistory: EvalRecord[], bestIteration: number, featureNames?: string[]): GbdtModel {
    return new GbdtModel(objective, numFeatures, baseScore, trees.map(treeToJSON), evalHistory, bestIteration, featureNames);
  }

  /**
   * Raw scores (Σ tree outputs + base score) of `numRows` rows of a row-major matrix, using the first
   * `numTrees` trees (default all). Uses the compiled trees (built on first use); see predictRawInterpreted.
   * Complexity O(numRows · numTrees · depth).
   */
  predictRaw(features: Float32Array, numRows: number, numTrees = this.numTrees): Float64Array {
    this.checkShape(features, numRows);
    this.kernels ??= this.trees.map(compileTree);
    const out = new Float64Array(numRows).fill(this.baseScore);
    const T = Math.min(numTrees, this.numTrees);
    for (let t = 0; t < T; t++) this.kernels[t](features, numRows, this.numFeatures, out);
    return out;
  }

  /**
   * The reference walk over the flattened arrays: trees outer, rows inner, so one tree's nodes stay in
   * cache. Same sums in the same order as predictRaw.
   */
  predictRawInterpreted(features: Float32Array, numRows: number, numTrees = this.numTrees): Float64Array {
    this.checkShape(features, numRows);
    const F = this.numFeatures;
    const out = new Float64Array(numRows).fill(this.baseScore);
    const feat = this.nodeFeature;
    const thr = this.nodeThreshold;
    const dl = this.nodeDefaultLeft;
    const L = this.nodeLeft;
    const R = this.nodeRight;
    const T = Math.min(numTrees, this.numTrees);
    for (let t = 0; t < T; t++) {
      const root = this.treeRoot[t];
      if (root < 0) {
        const v = this.leafValue[~root];
        for (let r = 0; r < numRows; r++) out[r] += v;
        continue;
      }
      for (let r = 0; r < numRows; r++) {
        const base = r * F;
        let node = root;
        while (node >= 0) {
          const v = features[base + feat[node]];
          node = v <= thr[node] ? L[node] : v > thr[node] ? R[node] : dl[node] ? L[node] : R[node];
        }
        out[r] += this.leafValue[~node];
      }
    }
    return out;
  }

  /**
   * The flattened trees as the walk reads them (for a compiled scorer, e.g. the native one of src/native/gbdt):
   * tree k owns numLeaves − 1 nodes and numLeaves leaves, laid out one tree after another; a child ≥ 0 is a node,
   * < 0 is ~leaf, both global. The arrays are the model's own: read them, never write.
   */
  flatLayout(): GbdtFlatLayout {
    return {
      numFeatures: this.numFeatures,
      baseScore: this.baseScore,
      treeLeaves: Int32Array.from(this.trees, (t) => t.numLeaves),
      feature: this.nodeFeature,
      threshold: this.nodeThreshold,
      defaultLeft: this.nodeDefaultLeft,
      left: this.nodeLeft,
      right: this.nodeRight,
      leafValue: this.leafValue,
    };
  }

  /** Throws a UsageError when `features` holds fewer than numRows × numFeatures values. */
  checkShape(features: Float32Array, numRows: number): void {
    if (features.length < numRows * this.numFeatures) {
      throw new UsageError(`gbdt.predict: features has ${features.length} values, need numRows × numFeatures = ${numRows} × ${this.numFeatures}`);
    }
  }

  /** Predictions: probabilities for binary, raw scores for regression and lambdarank. */
  predict(features: Float32Array, numRows: number, numTrees = this.numTrees): Float32Array {
    const raw = this.predictRaw(features, numRows, numTrees);
    const out = new Float32Array(numRows);
    if (this.objective === 'binary') for (let i = 0; i < numRows; i++) out[i] = 1 / (1 + Math.exp(-raw[i]));
    else out.set(raw);
    return out;
  }

  /** Per-feature importance: 'split' counts the splits on each feature, 'gain' sums their loss reductions. O(nodes). */
  featureImportance(kind: 'gain' | 'split'): Float64Array {
    if (kind !== 'gain' && kind !== 'split') throw new UsageError(`gbdt.featureImportance: kind must be gain or split, got ${String(kind)}`);
    const out = new Float64Array(this.numFeatures);
    for (let i = 0; i < this.nodeFeature.length; i++) out[this.nodeFeature[i]] += kind === 'gain' ? this.nodeGain[i] : 1;
    return out;
  }

  /**
   * Saabas path contributions of one row: walking each tree from the root, the change in node value at
   * every step is credited to the feature split on. Returns numFeatures + 1 values, the last being the
   * bias (base score + root values); they sum to the raw score exactly up to float rounding.
   * Reference: Saabas, "Interpreting random forests" (2014); LightGBM's predict_contrib uses SHAP instead.
   * Complexity O(numTrees · depth).
   */
  contributions(features: Float32Array, row: number): Float64Array {
    const F = this.numFeatures;
    const out = new Float64Array(F + 1);
    out[F] = this.baseScore;
    const base = row * F;
    for (let t = 0; t < this.numTrees; t++) {
      let node = this.treeRoot[t];
      if (node < 0) {
        out[F] += this.leafValue[~node];
        continue;
      }
      out[F] += this.nodeValue[node];
      while (node >= 0) {
        const f = this.nodeFeature[node];
        const v = features[base + f];
        const thr = this.nodeThreshold[node];
        const next = v <= thr ? this.nodeLeft[node] : v > thr ? this.nodeRight[node] : this.nodeDefaultLeft[node] ? this.nodeLeft[node] : this.nodeRight[node];
        const nextValue = next >= 0 ? this.nodeValue[next] : this.leafValue[~next];
        out[f] += nextValue - this.nodeValue[node];
        node = next;
      }
    }
    return out;
  }

  /** Index (within tree t, as in toJSON) of the leaf row `row` lands in. O(depth). */
  leafOf(features: Float32Array, row: number, t: number): number {
    let node = this.treeRoot[t];
    const base = row * this.numFeatures;
    while (node >= 0) {
      const v = features[base + this.nodeFeature[node]];
      const thr = this.nodeThreshold[node];
      node = v <= thr ? this.nodeLeft[node] : v > thr ? this.nodeRight[node] : this.nodeDefaultLeft[node] ? this.nodeLeft[node] : this.nodeRight[node];
    }
    return ~node - this.treeLeafBase[t];
  }

  toJSON(): GbdtModelJSON {
    return {
      format: GBDT_FORMAT,
      objective: this.objective,
      numFeatures: this.numFeatures,
      baseScore: this.baseScore,
      ...(this.featureNames ? { featureNames: this.featureNames } : {}),
      trees: this.trees,
      evalHistory: this.evalHistory,
      bestIteration: this.bestIteration,
    };
  }

  static fromJSON(json: GbdtModelJSON | string): GbdtModel {
    const j: GbdtModelJSON = typeof json === 'string' ? JSON.parse(json) : json;
    if (j.format !== GBDT_FORMAT) throw new UsageError(`gbdt.fromJSON: format must be ${GBDT_FORMAT}, got ${String(j.format)}`);
    return new GbdtModel(j.objective, j.numFeatures, j.baseScore, j.trees, j.evalHistory ?? [], j.bestIteration ?? j.trees.length, j.featureNames);
  }
}

export function gbdtFromJSON(json: GbdtModelJSON | string): GbdtModel {
  return GbdtModel.fromJSON(json);
}

function treeToJSON(t: TreeArrays): TreeJSON {
  const n = t.numLeaves - 1;
  const take = (a: ArrayLike<number>, len: number): number[] => Array.from({ length: len }, (_, i) => a[i]);
  return {
    numLeaves: t.numLeaves,
    splitFeature: take(t.splitFeature, n),
    threshold: take(t.threshold, n).map((v) => (v === Infinity ? null : v)),
    defaultLeft: take(t.defaultLeft, n),
    left: take(t.left, n),
    right: take(t.right, n),
    splitGain: take(t.splitGain, n),
    internalValue: take(t.internalValue, n),
    internalCount: take(t.internalCount, n),
    leafValue: take(t.leafValue, t.numLeaves),
    leafCount: take(t.leafCount, t.numLeaves),
  };
}
