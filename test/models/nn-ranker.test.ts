// The neural ranker's own pieces: the standardiser a tree does not need, and that training learns a
// signal on a small synthetic problem (loss falls, held-out AUC well above chance).
import { describe, expect, it } from 'vitest';
import { aucRoc } from '../../src/core/metrics/index.js';
import { Rng } from '../../src/core/rng.js';
import { trainNnRanker } from '../../src/models/nn-ranker/nn-ranker.js';
import { applyStandardizer, fitStandardizer } from '../../src/models/nn-ranker/standardize.js';

describe('nn-ranker', () => {
  it('standardises each column to mean 0 and unit variance, and turns NaN into 0 plus an indicator', () => {
    const x = Float32Array.from([1, 10, 2, NaN, 3, 30, 4, 40]);
    const s = fitStandardizer(x, 4, 2);
    expect(s.indicators).toEqual([1]);
    const z = applyStandardizer(s, x, 4);
    expect(s.outputWidth).toBe(3);
    const col0 = [0, 1, 2, 3].map((r) => z[r * 3]);
    // float32 output of doubles: 1e-6
    expect(col0.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
    expect(col0.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1, 6);
    expect([z[3 + 1], z[3 + 2]]).toEqual([0, 1]);
    expect(z[2]).toBe(0);
  });

  it('learns a two-feature signal: the loss falls and held-out AUC is well above 0.5', async () => {
    const rng = new Rng(5);
    const make = (n: number) => {
      const features = new Float32Array(n * 4);
      const labels = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        for (let f = 0; f < 4; f++) features[i * 4 + f] = rng.normal();
        const z = features[i * 4] + features[i * 4 + 1] * features[i * 4 + 2];
        labels[i] = z > 1 ? 2 : z > 0 ? 1 : 0;
      }
      return { features, numFeatures: 4, labels };
    };
    const train = make(2000);
    const test = make(1000);
    const m = await trainNnRanker(train, { hidden: [16, 8], crossLayers: 1, epochs: 3, batchSize: 128, learningRate: 0.01, seed: 1 });
    expect(m.epochLoss[m.epochLoss.length - 1]).toBeLessThan(m.epochLoss[0]);
    const auc = aucRoc(Float32Array.from(test.labels, (l) => (l > 0 ? 1 : 0)), m.predict(test.features, 1000));
    // the label is a noiseless function of the features; a working MLP separates it far better than chance
    expect(auc).toBeGreaterThan(0.8);
    m.dispose();
  }, 60_000);
});
