/**
 * One regression tree as the learner grows it (LightGBM's Tree, reduced). Internal nodes are numbered in
 * creation order; a child index ≥ 0 is an internal node, a negative one is ~leaf. Values are already
 * multiplied by the learning rate. `internalValue` keeps each node's value before it was split, which
 * gives Saabas-style path contributions (value(child) − value(node) credited to the node's feature).
 */
export interface TreeArrays {
  numLeaves: number;
  splitFeature: Int32Array;
  /** raw-value threshold: go left when value ≤ threshold (+Infinity: "every value vs missing") */
  threshold: Float64Array;
  /** bin threshold, used on binned training data */
  thresholdBin: Int32Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  splitGain: Float64Array;
  internalValue: Float64Array;
  internalCount: Int32Array;
  leafValue: Float64Array;
  leafCount: Int32Array;
  leafParent: Int32Array;
  leafDepth: Int32Array;
}

export function newTree(maxLeaves: number, rootValue: number, rootCount: number): TreeArrays {
  const n = Math.max(1, maxLeaves - 1);
  const t: TreeArrays = {
    numLeaves: 1,
    splitFeature: new Int32Array(n),
    threshold: new Float64Array(n),
    thresholdBin: new Int32Array(n),
    defaultLeft: new Uint8Array(n),
    left: new Int32Array(n),
    right: new Int32Array(n),
    splitGain: new Float64Array(n),
    internalValue: new Float64Array(n),
    internalCount: new Int32Array(n),
    leafValue: new Float64Array(maxLeaves),
    leafCount: new Int32Array(maxLeaves),
    leafParent: new Int32Array(maxLeaves).fill(-1),
    leafDepth: new Int32Array(maxLeaves),
  };
  t.leafValue[0] = rootValue;
  t.leafCount[0] = rootCount;
  return t;
}

export interface SplitRecord {
  feature: number;
  thresholdBin: number;
  threshold: number;
  defaultLeft: boolean;
  gain: number;
  leftValue: number;
  rightValue: number;
  leftCount: number;
  rightCount: number;
}

/** Split leaf `leaf` into itself (left) and a new leaf (right); returns the new leaf's index. O(1). */
export function splitLeaf(t: TreeArrays, leaf: number, s: SplitRecord): number {
  const node = t.numLeaves - 1;
  const newLeaf = t.numLeaves;
  const parent = t.leafParent[leaf];
  if (parent >= 0) {
    if (t.left[parent] === ~leaf) t.left[parent] = node;
    else t.right[parent] = node;
  }
  t.splitFeature[node] = s.feature;
  t.threshold[node] = s.threshold;
  t.thresholdBin[node] = s.thresholdBin;
  t.defaultLeft[node] = s.defaultLeft ? 1 : 0;
  t.splitGain[node] = s.gain;
  t.internalValue[node] = t.leafValue[leaf];
  t.internalCount[node] = s.leftCount + s.rightCount;
  t.left[node] = ~leaf;
  t.right[node] = ~newLeaf;
  t.leafValue[leaf] = s.leftValue;
  t.leafValue[newLeaf] = s.rightValue;
  t.leafCount[leaf] = s.leftCount;
  t.leafCount[newLeaf] = s.rightCount;
  t.leafParent[leaf] = node;
  t.leafParent[newLeaf] = node;
  const depth = t.leafDepth[leaf] + 1;
  t.leafDepth[leaf] = depth;
  t.leafDepth[newLeaf] = depth;
  t.numLeaves++;
  return newLeaf;
}
