// two-tower-vs-single-tower's crossover: interpolated between the two sweep sizes around it (log–log), so it is not
// snapped to the grid. Checked by hand and against costs that are exact power laws, where the interpolation is exact.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossoverItems } from '../../src/experiments/two-tower-vs-single-tower.js';

const SWEEP = [10, 30, 100, 300, 1000, 3000, 10000].map((items) => ({ items }));

describe('crossoverItems', () => {
  it('hand-worked: the ratio goes 0.5 → 2 between 10 and 30 items, so the crossover is their geometric mean, √300', () => {
    const two = [1, 1];
    const cross = [0.5, 2];
    expect(crossoverItems(SWEEP.slice(0, 2), (i) => two[i], (i) => cross[i], 99)).toBeCloseTo(Math.sqrt(300), 10);
  });

  it('the first size when the cross model is slower there already, `never` when it never is', () => {
    expect(crossoverItems(SWEEP, () => 1, () => 2, 99)).toBe(10);
    expect(crossoverItems(SWEEP, () => 2, () => 1, 99)).toBe(99);
  });

  it('with a constant two-tower cost c and a cross cost a·n, it finds n = c / a exactly when that lies inside the sweep', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 11, max: 9000, noNaN: true }), (c, n) => {
        const a = c / n;
        const got = crossoverItems(SWEEP, () => c, (i) => a * SWEEP[i].items, -1);
        // a sweep size equal to n is not "slower" there (strictly above), so the crossover is still n
        expect(got / n).toBeCloseTo(1, 9);
      }),
      { numRuns: 200 },
    );
  });
});
