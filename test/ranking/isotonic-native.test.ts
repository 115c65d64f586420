// The native isotonic fit (src/native/isotonic, through src/ranking/isotonic.ts) against its JS reference, isotonicFit
// of src/core/calibration/isotonic.ts, bit for bit (Object.is on every threshold and value, so −0 and +0 count as
// different): random rows with exact ties, near-ties that share the high 32 bits of their x (the runs the radix passes
// leave, short and long), both zeros, subnormals, with and without weights; 1 and 2 rows; y as a plain array; and every
// input the reference rejects, which must fail with the reference's UsageError. `npm ci` builds the addon.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isotonicFit as isotonicReference, type IsotonicModel } from '../../src/core/calibration/isotonic.js';
import { Rng } from '../../src/core/rng.js';
import { nativeStatus } from '../../src/native/addon.js';
import { isotonicFit } from '../../src/ranking/isotonic.js';

const { addon } = nativeStatus();

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

function sameFit(got: IsotonicModel, want: IsotonicModel): boolean {
  return got.thresholds instanceof Float64Array && sameBits(got.thresholds, want.thresholds) && sameBits(got.values, want.values);
}

/** n values mixing exact ties, both zeros, subnormals, near-ties in one high word (runs of up to ~n/6), and spread values */
function awkwardX(seed: number, n: number): Float64Array {
  const rng = new Rng(seed);
  const bases = [0, -0, 5e-324, -5e-324, 1, -1, 0.1, 1e300, -1e-300, ...Array.from({ length: 6 }, () => rng.normal() * 10 ** (rng.int(7) - 3))];
  return Float64Array.from({ length: n }, () => {
    const u = rng.next();
    const base = bases[rng.int(bases.length)];
    if (u < 0.3) return base;
    if (u < 0.6) return base * (1 + rng.int(1 << 20) * 2 ** -52);
    return rng.normal();
  });
}

describe.runIf(addon)('native isotonic fit', () => {
  it('a native isotonic fit equals the JS reference bit for bit on small rows with ties, with and without weights', () => {
    const row = fc.record({
      x: fc.oneof(fc.integer({ min: -4, max: 4 }), fc.constantFrom(0, -0, 5e-324, 1 + 2 ** -40), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })),
      y: fc.oneof(fc.constantFrom(0, 1, -0), fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 })),
      w: fc.double({ noNaN: true, min: 1e-3, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 80 }), fc.boolean(), (rows, weighted) => {
        const x = Float64Array.from(rows, (r) => r.x);
        const y = Float64Array.from(rows, (r) => r.y);
        const w = weighted ? Float64Array.from(rows, (r) => r.w) : undefined;
        return sameFit(isotonicFit(x, y, w), isotonicReference(x, y, w));
      }),
      { numRuns: 300 },
    );
  });

  it('a native isotonic fit equals the JS reference bit for bit on thousands of awkward rows (the reference radix path)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 6000 }), fc.boolean(), (seed, n, weighted) => {
        const rng = new Rng(seed + 1);
        const x = awkwardX(seed, n);
        const y = Float64Array.from(x, () => (rng.next() < 0.5 ? rng.next() : rng.bernoulli(0.3) ? 1 : 0));
        const w = weighted ? Float64Array.from(x, () => 0.25 + 4 * rng.next()) : undefined;
        return sameFit(isotonicFit(x, y, w), isotonicReference(x, y, w));
      }),
      { numRuns: 40 },
    );
  });

  it('equals the reference on scores shaped like the bench (one continuous normal score, 0/1 labels)', () => {
    const rng = new Rng(19);
    const x = Float64Array.from({ length: 200_000 }, () => rng.normal());
    const y = Float64Array.from(x, (v) => (rng.bernoulli(1 / (1 + Math.exp(-(1.3 * v - 1)))) ? 1 : 0));
    const got = isotonicFit(x, y);
    const want = isotonicReference(x, y);
    expect(got.thresholds.length).toBeGreaterThan(10);
    expect(sameFit(got, want)).toBe(true);
    const q = Float64Array.from({ length: 1000 }, () => 4 * rng.normal());
    expect(sameBits(got.predict(q), want.predict(q))).toBe(true);
  });

  it('fits 1 and 2 rows, y as a plain array, and a long run of distinct x in one high word, as the reference', () => {
    const cases: [Float64Array, ArrayLike<number>, Float64Array?][] = [
      [Float64Array.of(3), [0.5]],
      [Float64Array.of(-0), [1], Float64Array.of(2)],
      [Float64Array.of(2, 1), [1, 0]],
      [Float64Array.of(1, 2), [1, 0], Float64Array.of(1, 3)],
      [Float64Array.of(0, -0), [1, 0]],
      [Float64Array.of(-0, 0, 1), [1, 0, 0.5]],
      // 100 distinct values sharing their high word, shuffled: finished by comparison, not insertion
      [Float64Array.from({ length: 100 }, (_, i) => 1 + ((i * 37) % 100) * 2 ** -50), Array.from({ length: 100 }, (_, i) => (i * 13) % 7)],
    ];
    for (const [x, y, w] of cases) {
      const got = isotonicFit(x, y, w);
      expect(sameFit(got, isotonicReference(x, y, w))).toBe(true);
    }
    const zero = isotonicFit(Float64Array.of(1, -0, 0), [0, 1, 1]);
    expect(Object.is(zero.thresholds[0], -0)).toBe(true); // the pooled zero's x is its first row's
  });

  it('rejects what the reference rejects, with its UsageError', () => {
    const bad: [Float64Array, ArrayLike<number>, Float64Array?][] = [
      [new Float64Array(0), []],
      [Float64Array.of(1), [1, 2]],
      [Float64Array.of(1, 2), [1, 2], Float64Array.of(1)],
      [Float64Array.of(1, Number.NaN), [1, 2]],
      [Float64Array.of(1, 2), [1, Number.POSITIVE_INFINITY]],
      [Float64Array.of(1, 2), [1, 2], Float64Array.of(1, 0)],
      [Float64Array.of(1, 2), [1, 2], Float64Array.of(-1, 1)],
    ];
    for (const [x, y, w] of bad) {
      let message = '';
      try {
        isotonicReference(x, y, w);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).not.toBe('');
      expect(() => isotonicFit(x, y, w)).toThrow(message);
    }
  });
});
