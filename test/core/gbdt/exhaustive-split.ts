/**
 * Reference for the histogram split finder: try every threshold between distinct raw values of every
 * feature, with the missing rows on either side, summing gradients row by row. O(F · d · n).
 */
export interface ExhaustiveSplit {
  gain: number;
  feature: number;
  /** rows that go left */
  left: Set<number>;
}

export function exhaustiveBestSplit(
  features: Float32Array, numRows: number, numFeatures: number,
  grad: Float32Array, hess: Float32Array,
  c: { lambdaL2: number; minDataInLeaf: number; minSumHessianInLeaf: number },
): ExhaustiveSplit {
  const gainOf = (g: number, h: number) => (g * g) / (h + c.lambdaL2);
  let G = 0;
  let H = 0;
  for (let r = 0; r < numRows; r++) {
    G += grad[r];
    H += hess[r];
  }
  const parent = gainOf(G, H);
  let best: ExhaustiveSplit = { gain: -Infinity, feature: -1, left: new Set() };
  for (let f = 0; f < numFeatures; f++) {
    const col = Array.from({ length: numRows }, (_, r) => features[r * numFeatures + f]);
    const distinct = [...new Set(col.filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
    // thresholds: below each distinct value's successor, plus "all values" (only useful with NaN right)
    for (let t = 0; t < distinct.length; t++) {
      for (const nanLeft of [false, true]) {
        const left = new Set<number>();
        for (let r = 0; r < numRows; r++) {
          const v = col[r];
          if (Number.isNaN(v) ? nanLeft : v <= distinct[t]) left.add(r);
        }
        let lg = 0;
        let lh = 0;
        for (const r of left) {
          lg += grad[r];
          lh += hess[r];
        }
        const lc = left.size;
        const rc = numRows - lc;
        if (lc < c.minDataInLeaf || rc < c.minDataInLeaf) continue;
        if (lh < c.minSumHessianInLeaf || H - lh < c.minSumHessianInLeaf) continue;
        const gain = gainOf(lg, lh) + gainOf(G - lg, H - lh) - parent;
        if (gain > best.gain) best = { gain, feature: f, left };
      }
    }
  }
  return best;
}
