// The compiled trees (generated JavaScript) against the interpreted walk over the flattened arrays.
import { describe, expect, it } from 'vitest';
import { trainGbdt } from '../../../src/core/gbdt/index.js';
import { Rng } from '../../../src/core/rng.js';

describe('GbdtModel prediction', () => {
  it('compiled trees give bit-identical raw scores to the interpreted walk, NaN included', () => {
    const rng = new Rng(21);
    const n = 800;
    const F = 6;
    const features = new Float32Array(n * F);
    const labels = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < F; f++) features[i * F + f] = rng.next() < 0.1 ? NaN : rng.normal();
      labels[i] = (features[i * F] || 0) + (features[i * F + 1] || 0) > 0 ? 1 : 0;
    }
    for (const objective of ['binary', 'regression'] as const) {
      const m = trainGbdt({ features, numFeatures: F, labels }, { objective, numTrees: 25, learningRate: 0.2, numLeaves: 31, minDataInLeaf: 3, maxBin: 32, lambdaL2: 0.1, seed: 2 });
      expect(Array.from(m.predictRaw(features, n))).toEqual(Array.from(m.predictRawInterpreted(features, n)));
      expect(Array.from(m.predictRaw(features, n, 7))).toEqual(Array.from(m.predictRawInterpreted(features, n, 7)));
    }
  });

  it('refuses a feature matrix of the wrong size, naming both sizes', () => {
    const m = trainGbdt({ features: new Float32Array([1, 2, 3, 4]), numFeatures: 1, labels: new Float32Array([0, 1, 0, 1]) }, { objective: 'binary', numTrees: 2, learningRate: 0.1, numLeaves: 2, minDataInLeaf: 1, maxBin: 4, lambdaL2: 0, seed: 1 });
    expect(() => m.predict(new Float32Array(3), 4)).toThrow(/4 × 1/);
  });
});
