// The one-draw alias tables against their definition (weights ÷ total), sampling frequencies, and each other.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { GroupedAlias, OneDrawAlias } from '../../src/data/alias-table.js';

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

describe('GroupedAlias', () => {
  it('gives the same outcome as one OneDrawAlias per group, for every uniform', () => {
    fc.assert(fc.property(
      fc.array(fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 12 }), { minLength: 1, maxLength: 8 }),
      fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 20 }),
      (groups, us) => {
        const offsets = Int32Array.from([0, ...groups.map((_, g) => groups.slice(0, g + 1).reduce((s, x) => s + x.length, 0))]);
        const weights = groups.flat();
        const ids = Int32Array.from(weights, (_, k) => 1000 + k);
        const grouped = new GroupedAlias(weights, ids, offsets);
        return groups.every((w, g) => {
          if (w.length === 0) return us.every((u) => grouped.sample(g, u) === -1);
          const single = new OneDrawAlias(w, ids.subarray(offsets[g], offsets[g + 1]));
          return us.every((u) => grouped.sample(g, u) === single.sample(u));
        });
      },
    ), { numRuns: 200 });
  });
});
