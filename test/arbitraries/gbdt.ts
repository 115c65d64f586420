/** Generators for GBDT properties: tiny tabular data sets with ties, NaN and few distinct values. */
import fc from 'fast-check';

export interface TinyTable {
  numRows: number;
  numFeatures: number;
  /** row-major, integers in [-20, 20] or NaN */
  features: Float32Array;
  labels: Float32Array;
  grad: Float32Array;
  hess: Float32Array;
}

/** A small table: 8–60 rows, 1–4 integer features (some NaN), binary labels, random gradients/hessians. */
export function tinyTable(opts: { nanRate?: number } = {}): fc.Arbitrary<TinyTable> {
  const nanRate = opts.nanRate ?? 0.1;
  return fc
    .record({ numRows: fc.integer({ min: 8, max: 60 }), numFeatures: fc.integer({ min: 1, max: 4 }) })
    .chain(({ numRows, numFeatures }) =>
      fc.record({
        numRows: fc.constant(numRows),
        numFeatures: fc.constant(numFeatures),
        values: fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: numRows * numFeatures, maxLength: numRows * numFeatures }),
        labels: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: numRows, maxLength: numRows }),
        grads: fc.array(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true })), { minLength: numRows, maxLength: numRows }),
      }),
    )
    .map(({ numRows, numFeatures, values, labels, grads }) => ({
      numRows,
      numFeatures,
      features: Float32Array.from(values, ([v, u]) => (u < nanRate ? NaN : v)),
      labels: Float32Array.from(labels),
      grad: Float32Array.from(grads, ([g]) => g),
      hess: Float32Array.from(grads, ([, h]) => h),
    }));
}

/** Strictly increasing maps (on the integers −20..20 and NaN ↦ NaN) that keep float32 values distinct. */
export const increasingTransforms: { name: string; f: (x: number) => number }[] = [
  { name: '3x + 7', f: (x) => 3 * x + 7 },
  { name: 'x³', f: (x) => x * x * x },
  { name: 'exp(x / 4)', f: (x) => Math.exp(x / 4) },
  { name: 'x + 1000', f: (x) => x + 1000 },
  { name: 'sign(x)·log(1 + |x|)', f: (x) => Math.sign(x) * Math.log1p(Math.abs(x)) },
];

export const increasingTransform = fc.constantFrom(...increasingTransforms);
