// Interview point: "trees need no feature normalisation and handle missing values" — shown, not claimed.
// A GBDT on quantile bins only sees the order of each feature's values, so any strictly increasing
// transform of a column leaves every prediction unchanged; NaN gets its own bin and a learned direction.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trainGbdt, gbdtFromJSON, type GbdtParams } from '../../src/core/gbdt/index.js';
import { increasingTransform, tinyTable } from '../arbitraries/gbdt.js';

const params: GbdtParams = { objective: 'binary', numTrees: 8, learningRate: 0.3, numLeaves: 6, minDataInLeaf: 2, maxBin: 16, lambdaL2: 1, seed: 1 };

describe('GBDT properties', () => {
  it('predictions are unchanged by a strictly increasing transform of a feature column', () => {
    fc.assert(
      fc.property(tinyTable(), increasingTransform, fc.nat(), (t, tr, pick) => {
        const col = pick % t.numFeatures;
        const moved = t.features.map((v, i) => (i % t.numFeatures === col ? tr.f(v) : v));
        const a = trainGbdt({ features: t.features, numFeatures: t.numFeatures, labels: t.labels }, params);
        const b = trainGbdt({ features: moved, numFeatures: t.numFeatures, labels: t.labels }, params);
        // same bins ⇒ same trees up to thresholds ⇒ the same sums in the same order: bit-identical
        expect(Array.from(b.predict(moved, t.numRows))).toEqual(Array.from(a.predict(t.features, t.numRows)));
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it('a model read back from JSON predicts bit for bit what the original predicts', () => {
    fc.assert(
      fc.property(tinyTable({ nanRate: 0.3 }), (t) => {
        const m = trainGbdt({ features: t.features, numFeatures: t.numFeatures, labels: t.labels }, params);
        const back = gbdtFromJSON(JSON.parse(JSON.stringify(m)));
        expect(Array.from(back.predict(t.features, t.numRows))).toEqual(Array.from(m.predict(t.features, t.numRows)));
      }),
      { numRuns: 60, seed: 12 },
    );
  });

  it('path contributions and bias add up to the raw score of every row', () => {
    fc.assert(
      fc.property(tinyTable({ nanRate: 0.2 }), (t) => {
        const m = trainGbdt({ features: t.features, numFeatures: t.numFeatures, labels: t.labels }, params);
        const raw = m.predictRaw(t.features, t.numRows);
        for (let r = 0; r < t.numRows; r++) {
          const sum = m.contributions(t.features, r).reduce((s, v) => s + v, 0);
          // telescoping sums of ≤ 8 trees × 5 levels of doubles: error ~1e-15, checked at 1e-9
          expect(sum).toBeCloseTo(raw[r], 9);
        }
      }),
      { numRuns: 40, seed: 13 },
    );
  });

  it('a NaN row lands in the same leaf as the default direction of every split it meets', () => {
    fc.assert(
      fc.property(tinyTable({ nanRate: 0.3 }), (t) => {
        const m = trainGbdt({ features: t.features, numFeatures: t.numFeatures, labels: t.labels }, params);
        const json = m.toJSON();
        const allNan = new Float32Array(t.numFeatures).fill(NaN);
        json.trees.forEach((tree, k) => {
          // follow defaultLeft from the root by hand
          let node = tree.numLeaves > 1 ? 0 : -1;
          while (node >= 0) node = tree.defaultLeft[node] ? tree.left[node] : tree.right[node];
          expect(m.leafOf(allNan, 0, k)).toBe(tree.numLeaves > 1 ? ~node : 0);
        });
      }),
      { numRuns: 40, seed: 14 },
    );
  });
});
