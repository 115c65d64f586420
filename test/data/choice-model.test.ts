// The choice model: its formula, the batch variants against the scalar ones, and its errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import {
  clickProbability, clickProbabilityBatch, engagementLabel, sigmoid, trueAffinity, trueAffinityBatch,
} from '../../src/data/choice-model.js';
import { generateWorld } from '../../src/data/world.js';
import type { World } from '../../src/data/world-types.js';

let w: World;
beforeAll(() => {
  w = generateWorld({ scale: 'tiny' });
});

describe('choice model', () => {
  it('click probability is σ(wa·affinity + wp·log pop + bias[pos] + b), computed naively', () => {
    const { config, users, items } = w;
    const D = config.latentDim;
    for (const [u, i, pos] of [[0, 0, 0], [5, 123, 4], [1999, 4999, 9]]) {
      let a = 0;
      for (let d = 0; d < D; d++) a += users.taste[u * D + d] * items.latent[i * D + d];
      const want = 1 / (1 + Math.exp(-(config.affinityWeight * a + config.popularityWeight * Math.log(items.popularity[i]) + config.positionBias[pos] + config.clickBias)));
      // float32 inputs summed in float64 in both: agreement to 1e-12 is rounding-order noise only
      expect(clickProbability(w, u, i, pos)).toBeCloseTo(want, 12);
      expect(trueAffinity(w, u, i)).toBeCloseTo(a, 12);
    }
  });

  it('a lower slot never has a higher click probability', () => {
    for (let p = 0; p + 1 < w.config.slateSize; p++) expect(clickProbability(w, 3, 30, p)).toBeGreaterThan(clickProbability(w, 3, 30, p + 1));
  });

  it('an item that does not exist yet has probability 0 on that day', () => {
    let i = 0;
    while (w.items.createdDay[i] <= 1) i++;
    expect(clickProbability(w, 0, i, 0, w.items.createdDay[i] - 0.5)).toBe(0);
    expect(clickProbability(w, 0, i, 0, w.items.createdDay[i] + 0.5)).toBeGreaterThan(0);
  });

  it('batch variants equal the scalar ones', () => {
    const ids = [0, 9, 77, 4999];
    const pos = [0, 1, 5, 9];
    const aff = trueAffinityBatch(w, 11, ids);
    const p = clickProbabilityBatch(w, 11, ids, pos);
    ids.forEach((i, k) => {
      expect(aff[k]).toBeCloseTo(trueAffinity(w, 11, i), 6); // float32 storage of the batch result
      expect(p[k]).toBeCloseTo(clickProbability(w, 11, i, pos[k]), 6);
    });
  });

  it('rejects out-of-range users, items and positions with a UsageError naming the range', () => {
    expect(() => trueAffinity(w, -1, 0)).toThrow(UsageError);
    expect(() => trueAffinity(w, 0, 5000)).toThrow(/item id must be an integer in \[0, 4999\], got 5000/);
    expect(() => clickProbability(w, 0, 0, 10)).toThrow(/position must be an integer in \[0, 9\], got 10/);
  });

  it('deeper engagement is likelier for higher affinity', () => {
    const share = (a: number): number => {
      let deep = 0;
      const n = 2000;
      for (let k = 0; k < n; k++) if (engagementLabel(a, (k + 0.5) / n, 0.5) > 1) deep++;
      return deep / n;
    };
    // with r1 on a uniform grid the share is exactly 0.5·σ(3a − 1) up to the grid step 1/2000
    expect(share(1)).toBeCloseTo(0.5 * sigmoid(2), 3);
    expect(share(1)).toBeGreaterThan(share(0));
  });
});
