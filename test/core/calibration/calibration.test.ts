// Calibration functions against hand-worked values and scikit-learn 1.2.1 references.
// The reference numbers were produced once with /usr/bin/python3 (Debian python3-sklearn 1.2.1, numpy 1.24.2) on the
// deterministic inputs built by `refData` below (the same formulas in numpy, n = 200):
//   calibration_curve(y, p, n_bins=10, strategy='uniform'); ECE = Σ count_b·|prob_pred_b − prob_true_b| / n;
//   LogisticRegression(penalty=None, tol=1e-12, max_iter=10000).fit(s[:, None], y) → coef_, intercept_;
//   IsotonicRegression(out_of_bounds='clip').fit(x, y, sample_weight=w).predict(q).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argsortFloat64 } from '../../../src/core/calibration/isotonic.js';
import {
  correctDownsampledProbability,
  expectedCalibrationError,
  isotonicFit,
  plattProbability,
  plattScaling,
  reliabilityCurve,
} from '../../../src/core/calibration/index.js';
import { UsageError } from '../../../src/core/errors.js';

const N = 200;
const idx = Array.from({ length: N }, (_, i) => i);
const relP = Float64Array.from(idx, (i) => ((i * 37) % 101) / 101);
const relY = Float64Array.from(idx, (i) => (((i * 7919) % 13) / 13 < relP[i] ** 2 ? 1 : 0));
const plattS = Float64Array.from(idx, (i) => (((i * 53) % 97) / 97) * 4 - 2);
const plattY = Float64Array.from(idx, (i) => (((i * 31) % 17) / 17 < 1 / (1 + Math.exp(-(1.5 * plattS[i] + 0.3))) ? 1 : 0));
const isoX = Float64Array.from(idx, (i) => ((i * 37) % 50) / 10);
const isoY = Float64Array.from(idx, (i) => ((i * 13) % 11) / 10 + isoX[i] / 5);
const isoW = Float64Array.from(idx, (i) => 1 + (i % 3));

describe('expectedCalibrationError', () => {
  it('hand-worked: probabilities 0.1, 0.15, 0.8, 0.9 with labels 0, 1, 1, 1 in 2 bins give 0.2625', () => {
    // bin [0, 0.5): mean p 0.125, rate 0.5 → |·| 0.375, share 1/2; bin [0.5, 1]: mean p 0.85, rate 1 → 0.15, share 1/2
    // 0.5·0.375 + 0.5·0.15 = 0.2625 (tolerance 1e-12: float round-off only)
    expect(expectedCalibrationError([0, 1, 1, 1], [0.1, 0.15, 0.8, 0.9], 2)).toBeCloseTo(0.2625, 12);
  });

  it('puts p = 1 in the last bin and p = 0.5 in the upper of two bins', () => {
    const c = reliabilityCurve([1, 0, 1], [1, 0.5, 0.2], 2);
    expect(Array.from(c.count)).toEqual([1, 2]);
    expect(c.meanPredicted[1]).toBeCloseTo(0.75, 12);
    expect(c.fractionPositive[1]).toBeCloseTo(0.5, 12);
  });

  it('matches scikit-learn calibration_curve bin by bin and the ECE computed from it', () => {
    const c = reliabilityCurve(relY, relP, 10);
    const probTrue = [0.09090909090909091, 0.05, 0.05263157894736842, 0.2, 0.25, 0.35, 0.5263157894736842, 0.55, 0.85, 0.95];
    const probPred = [
      0.04950495049504951, 0.15346534653465352, 0.2516935904116728, 0.3514851485148516, 0.4504950495049506, 0.5495049504950495,
      0.6492965085982283, 0.7475247524752475, 0.8465346534653466, 0.9455445544554457,
    ];
    expect(Array.from(c.count)).toEqual([22, 20, 19, 20, 20, 20, 19, 20, 20, 20]);
    // tolerance 1e-12: the same sums in a different order
    for (let b = 0; b < 10; b++) {
      expect(c.fractionPositive[b]).toBeCloseTo(probTrue[b], 12);
      expect(c.meanPredicted[b]).toBeCloseTo(probPred[b], 12);
    }
    expect(expectedCalibrationError(relY, relP, 10)).toBeCloseTo(0.12118811881188118, 12);
  });

  it('leaves empty bins out of the ECE and marks them NaN in the curve', () => {
    const c = reliabilityCurve([1, 0], [0.95, 0.05], 10);
    expect(Number.isNaN(c.meanPredicted[5])).toBe(true);
    expect(expectedCalibrationError([1, 0], [0.95, 0.05], 10)).toBeCloseTo(0.05, 12);
  });

  it('rejects bad input with the function and value named', () => {
    expect(() => expectedCalibrationError([1], [1.2])).toThrow(/expectedCalibrationError: probs\[0\] must be in \[0, 1\], got 1.2/);
    expect(() => expectedCalibrationError([1, 0], [0.5])).toThrow(UsageError);
    expect(() => expectedCalibrationError([2], [0.5])).toThrow(/labels\[0\] must be in \[0, 1\]/);
    expect(() => reliabilityCurve([1], [0.5], 0)).toThrow(/bins must be an integer ≥ 1, got 0/);
  });
});

describe('plattScaling', () => {
  it('matches an unpenalised scikit-learn LogisticRegression on the score', () => {
    const { a, b } = plattScaling(plattY, plattS);
    // tolerance 1e-6: both are converged optima of the same smooth likelihood (sklearn's lbfgs stops at tol 1e-12 on the gradient)
    expect(a).toBeCloseTo(1.3986791909112932, 6);
    expect(b).toBeCloseTo(0.5583977115289572, 6);
  });

  it('maps a score through σ(a·s + b)', () => {
    expect(plattProbability({ a: 2, b: -1 }, [0.5])[0]).toBeCloseTo(0.5, 12);
    expect(plattProbability({ a: 1, b: 0 }, [Math.log(3)])[0]).toBeCloseTo(0.75, 12);
  });

  it('refuses scores that separate the classes and a single class', () => {
    expect(() => plattScaling([0, 0, 1, 1], [1, 2, 3, 4])).toThrow(/separate the classes/);
    expect(() => plattScaling([1, 1], [1, 2])).toThrow(/needs both classes/);
    expect(() => plattScaling([1, 0], [1, Number.NaN])).toThrow(/scores\[1\] must be finite/);
  });
});

describe('isotonicFit', () => {
  it('matches scikit-learn IsotonicRegression(out_of_bounds="clip") with weights and tied x', () => {
    const model = isotonicFit(isoX, isoY, isoW);
    const got = model.predict(Float64Array.from([-1, 0, 0.05, 1.23, 2.5, 3.33, 4.9, 7]));
    const want = [0.14285714285714285, 0.14285714285714285, 0.2536507936507937, 0.7134782608695652, 1.0204081632653061, 1.2083333333333333, 1.560625, 1.560625];
    // tolerance 1e-12: the same weighted means, summed in another order
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 12);
  });

  it('hand-worked: y 1, 3, 2 on x 1, 2, 3 pools the last two to 2.5 and interpolates between', () => {
    const m = isotonicFit(Float64Array.from([1, 2, 3]), [1, 3, 2]);
    expect(Array.from(m.thresholds)).toEqual([1, 2, 3]);
    expect(Array.from(m.values)).toEqual([1, 2.5, 2.5]);
    expect(Array.from(m.predict(Float64Array.from([0, 1.5, 2.5, 9])))).toEqual([1, 1.75, 2.5, 2.5]);
  });

  it('pools tied x before fitting: two rows at x = 1 with y 0 and 1 give 0.5 there', () => {
    const m = isotonicFit(Float64Array.from([1, 1, 2]), [0, 1, 1]);
    expect(m.predict(Float64Array.from([1]))[0]).toBe(0.5);
  });

  it('rejects bad weights and lengths', () => {
    expect(() => isotonicFit(Float64Array.from([1]), [1, 2])).toThrow(/same length/);
    expect(() => isotonicFit(Float64Array.from([1]), [1], Float64Array.from([0]))).toThrow(/weights\[0\] must be finite and > 0, got 0/);
  });
});

describe('correctDownsampledProbability', () => {
  it('hand-worked: q = 0.5 after keeping 10% of negatives is p = 0.5 / (0.5 + 0.5 / 0.1) = 1/11', () => {
    expect(correctDownsampledProbability([0.5], 0.1)[0]).toBeCloseTo(1 / 11, 12);
    expect(correctDownsampledProbability([0.3], 1)[0]).toBeCloseTo(0.3, 12);
    expect(() => correctDownsampledProbability([0.3], 0)).toThrow(/negativeKeepRate must be in \(0, 1\], got 0/);
  });
});

describe('argsortFloat64 (the radix sort behind isotonicFit)', () => {
  it('orders any finite doubles — negatives, zeros of both signs, ties, subnormals — as a comparison sort does', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1, -1, 5e-324, -5e-324)), { maxLength: 60 }), (values) => {
        const x = Float64Array.from(values);
        const got = Array.from(argsortFloat64(x), (i) => x[i]);
        const want = Array.from(x).sort((a, b) => a - b);
        // compare as numbers: −0 and +0 are equal, and their order between themselves is free
        return got.every((v, i) => v === want[i]);
      }),
    );
  });
});
