// The order-preserving float64 keys behind the bucketed KS and PSI: the bulk reader (high words of a
// Float64Array through a Uint32Array view) must give exactly the one-value key, keep −0 with +0, keep
// numeric order, and find the first NaN — on any doubles, subnormals and infinities included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highKey, highKeys } from '../../src/core/drift/float-key.js';

const doubles = fc.array(fc.double({ noNaN: true }), { maxLength: 200 });

describe('highKeys', () => {
  it('equals highKey value by value, from a Float64Array and from a plain array', () => {
    fc.assert(fc.property(doubles, (xs) => {
      const expected = Uint32Array.from(xs, highKey);
      expect(highKeys(Float64Array.from(xs)).keys).toEqual(expected);
      expect(highKeys(xs).keys).toEqual(expected);
    }));
  });

  it('orders keys as the values are ordered, with −0 and +0 on one key', () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), (x, y) => {
      const [kx, ky] = highKeys(Float64Array.from([x, y])).keys;
      // the key keeps the top 20 mantissa bits: a < b may share a key, but a key never reverses the order
      if (x < y) expect(kx).toBeLessThanOrEqual(ky);
      if (x === y) expect(kx).toBe(ky);
    }));
    expect(highKeys(Float64Array.from([-0, 0])).keys[0]).toBe(highKeys(Float64Array.from([0])).keys[0]);
  });

  it('reports the first NaN, also one read from a subarray view at an odd offset', () => {
    fc.assert(fc.property(doubles, fc.nat(), (xs, at) => {
      const i = xs.length === 0 ? 0 : at % (xs.length + 1);
      const withNaN = [...xs.slice(0, i), NaN, ...xs.slice(i)];
      const padded = Float64Array.from([1, ...withNaN]);
      expect(highKeys(padded.subarray(1)).nanAt).toBe(i);
      expect(highKeys(withNaN).nanAt).toBe(i);
    }));
  });
});
