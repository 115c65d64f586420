// Central finite differences of a dense engine's loss with respect to its inputs xu and xi, compared
// with the engine's analytic input gradients: |numeric − analytic| < tol · max(1, |reference|).
import { expect } from 'vitest';
import type { DenseEngine, DenseStepInput } from '../../src/models/two-tower/dense-types.js';

export function expectInputGradientsMatch(eng: DenseEngine, x: DenseStepInput, h: number, tol: number): void {
  const g = eng.lossAndGrads(x);
  for (const key of ['xu', 'xi'] as const) {
    const arr = x[key];
    const ga = key === 'xu' ? g.gxu : g.gxi;
    for (let i = 0; i < arr.length; i++) {
      const keep = arr[i];
      arr[i] = keep + h;
      const up = eng.lossAndGrads(x).loss;
      arr[i] = keep - h;
      const down = eng.lossAndGrads(x).loss;
      arr[i] = keep;
      const numeric = (up - down) / (2 * h);
      expect(Math.abs(numeric - ga[i])).toBeLessThan(tol * Math.max(1, Math.abs(numeric)));
    }
  }
}
