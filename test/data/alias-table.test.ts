// The one-draw alias table against its definition (weights ÷ total) and against sampling frequencies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { OneDrawAlias } from '../../src/data/alias-table.js';

describe('OneDrawAlias', () => {
  it('the table implies exactly the normalised weights (to rounding)', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 200 }), (w) => {
      const total = w.reduce((a, b) => a + b, 0);
      fc.pre(total > 0);
      const p = new OneDrawAlias(w).impliedProbabilities();
      // float64 splits accumulate ~n·1e-16 of rounding; 1e-9 absolute is far above that and far below any real error
      return w.every((x, i) => Math.abs((p.get(i) ?? 0) - x / total) < 1e-9);
    }), { numRuns: 200 });
  });

  it('with ids it returns the ids, in the same proportions', () => {
    const table = new OneDrawAlias([1, 3], [70, 90]);
    const p = table.impliedProbabilities();
    expect(p.get(70)).toBeCloseTo(0.25, 12);
    expect(p.get(90)).toBeCloseTo(0.75, 12);
    expect([table.sample(0.01), table.sample(0.99)].every((x) => x === 70 || x === 90)).toBe(true);
    expect(() => new OneDrawAlias([1, 2], [5])).toThrow(/ids \(1\) must match weights \(2\)/);
  });

  it('sampling frequencies match the weights (exhaustive reference: a grid of uniforms)', () => {
    const w = [5, 0, 1, 3, 1];
    const table = new OneDrawAlias(w);
    const counts = new Array<number>(w.length).fill(0);
    const n = 100_000;
    // a uniform grid of u stands in for perfect uniforms: the frequencies then equal the implied probabilities up to 1/n
    for (let k = 0; k < n; k++) counts[table.sample((k + 0.5) / n)]++;
    w.forEach((x, i) => expect(counts[i] / n).toBeCloseTo(x / 10, 4));
  });

  it('random uniforms from Rng give frequencies within 4 standard errors of the weights', () => {
    const w = Float64Array.from({ length: 50 }, (_, i) => 1 / (i + 1));
    const total = w.reduce((a, b) => a + b, 0);
    const table = new OneDrawAlias(w);
    const rng = new Rng(3);
    const n = 200_000;
    const counts = new Float64Array(w.length);
    for (let k = 0; k < n; k++) counts[table.sample(rng.next())]++;
    for (let i = 0; i < w.length; i++) {
      const p = w[i] / total;
      expect(Math.abs(counts[i] / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it('rejects empty, negative and all-zero weights', () => {
    expect(() => new OneDrawAlias([])).toThrow(/must not be empty/);
    expect(() => new OneDrawAlias([1, -1])).toThrow(/weight 1 must be finite and ≥ 0, got -1/);
    expect(() => new OneDrawAlias([0, 0])).toThrow(/must not all be 0/);
  });
});
