/** Generators for the two-tower loss: small batches of vectors, item ids with repeats (accidental hits), log-probabilities. */
import fc from 'fast-check';

export interface SoftmaxCase {
  B: number;
  extra: number;
  d: number;
  u: Float32Array;
  v: Float32Array;
  rowItem: Int32Array;
  colItem: Int32Array;
  temperature: number;
}

const unit = fc.double({ min: -1, max: 1, noNaN: true });

export const softmaxCase = (): fc.Arbitrary<SoftmaxCase> =>
  fc.record({ B: fc.integer({ min: 2, max: 6 }), extra: fc.integer({ min: 0, max: 3 }), d: fc.integer({ min: 1, max: 5 }) }).chain(({ B, extra, d }) =>
    fc.record({
      u: fc.array(unit, { minLength: B * d, maxLength: B * d }),
      v: fc.array(unit, { minLength: (B + extra) * d, maxLength: (B + extra) * d }),
      // ids from a tiny range so the same item shows up in two rows now and then
      items: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: B + extra, maxLength: B + extra }),
      temperature: fc.double({ min: 0.05, max: 2, noNaN: true }),
    }).map(({ u, v, items, temperature }) => ({
      B, extra, d, temperature,
      u: Float32Array.from(u),
      v: Float32Array.from(v),
      rowItem: Int32Array.from(items.slice(0, B)),
      colItem: Int32Array.from(items),
    })),
  );
