/** Generators for categorical columns with labels: small vocabularies, many rare values, binary labels. */
import fc from 'fast-check';

export interface LabelledColumn {
  categories: Int32Array;
  labels: Float64Array;
  numCategories: number;
}

/** A column of 10–200 rows over 1–30 category ids (so some ids are rare or absent) with 0/1 labels. */
export const labelledColumn = (): fc.Arbitrary<LabelledColumn> =>
  fc
    .record({ numCategories: fc.integer({ min: 1, max: 30 }), n: fc.integer({ min: 10, max: 200 }) })
    .chain(({ numCategories, n }) =>
      fc.record({
        cats: fc.array(fc.integer({ min: 0, max: numCategories - 1 }), { minLength: n, maxLength: n }),
        ys: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      }).map(({ cats, ys }) => ({ categories: Int32Array.from(cats), labels: Float64Array.from(ys), numCategories })),
    );

/** Distinct string keys shaped like real ids ("brand:123"). */
export const distinctKeys = (min: number, max: number): fc.Arbitrary<string[]> =>
  fc.uniqueArray(fc.integer({ min: 0, max: 10_000_000 }), { minLength: min, maxLength: max }).map((ids) => ids.map((i) => `brand:${i}`));
