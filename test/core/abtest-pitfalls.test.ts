// Unit values for the A/B pitfalls' maths (SRM, CUPED, mSPRT), worked by hand or taken from scipy/numpy as noted.
import { describe, expect, it } from 'vitest';
import {
  crossingProbability,
  cupedAdjust,
  cupedSampleSize,
  firstBoundaryCrossing,
  firstMsprtRejection,
  meanDifferenceTest,
  msprtLikelihoodRatio,
  obrienFlemingBounds,
  sampleRatioMismatch,
} from '../../src/core/abtest/index.js';
import { chiSquareGoodnessOfFit, chiSquareTest } from '../../src/core/drift/index.js';

describe('sampleRatioMismatch', () => {
  it('matches Pearson χ² worked by hand for a 50/50 test that lost 1,100 users', () => {
    // E = 49,450 each; X² = 2·550²/49,450 = 12.23458; p from scipy.stats.chisquare([50000, 48900]) = 0.000469119
    const r = sampleRatioMismatch([50_000, 48_900], [0.5, 0.5]);
    expect(r.statistic).toBeCloseTo((2 * 550 * 550) / 49_450, 9);
    expect(r.dof).toBe(1);
    expect(r.pValue).toBeCloseTo(0.000469119, 8); // regularised gamma: ~1e-10 absolute here
  });

  it('matches scipy for three arms with unequal shares', () => {
    // scipy.stats.chisquare([1030, 980, 990], f_exp=[0.34, 0.33, 0.33]·3000) → statistic 0.199049, p 0.905268
    const r = sampleRatioMismatch([1030, 980, 990], [0.34, 0.33, 0.33]);
    expect(r.statistic).toBeCloseTo(0.19904931669637327, 10);
    expect(r.dof).toBe(2);
    expect(r.pValue).toBeCloseTo(0.9052676271889356, 7);
  });

  it('is the same statistic as the 2×k homogeneity test when one row is the expected counts scaled up', () => {
    // with an enormous reference row the homogeneity test's expected counts for the small row tend to N·s
    const gof = chiSquareGoodnessOfFit([12, 18], [0.5, 0.5]);
    expect(gof.statistic).toBeCloseTo(1.2, 12); // (3² + 3²)/15
    const homo = chiSquareTest([12, 18], [1e9, 1e9]);
    expect(homo.statistic).toBeCloseTo(1.2, 6);
  });

  it('rejects shares that do not sum to 1, naming the sum', () => {
    expect(() => sampleRatioMismatch([10, 10], [0.5, 0.6])).toThrow(/expectedShares must sum to 1, got 1.1/);
    expect(() => sampleRatioMismatch([10, 10, 3], [0.5, 0.5])).toThrow(/same length, got 3 and 2/);
    expect(() => sampleRatioMismatch([-1, 10], [0.5, 0.5])).toThrow(/counts must be finite and ≥ 0, got -1/);
  });
});

describe('cupedAdjust', () => {
  // numpy: th = cov(y, x)/var(x) = 0.8636363636; adjusted = y − th·(x − 3.6667); 1 − var(a)/var(y) = corrcoef² = 0.9376623377
  const y = Float64Array.from([3, 5, 2, 8, 6, 4]);
  const x = Float64Array.from([2, 4, 1, 7, 6, 2]);

  it('matches numpy on six users', () => {
    const r = cupedAdjust(y, x);
    expect(r.theta).toBeCloseTo(0.8636363636363634, 12);
    const expected = [4.4393939393939394, 4.712121212121212, 4.303030303030303, 5.121212121212122, 3.9848484848484853, 5.4393939393939394];
    for (let i = 0; i < 6; i++) expect(r.adjusted[i]).toBeCloseTo(expected[i], 12);
    expect(r.varianceReduction).toBeCloseTo(0.9376623376623376, 12);
  });

  it('gives the same θ when the metric sits far from zero (no cancellation in the moments)', () => {
    const r = cupedAdjust(y.map((v) => v + 1e9), x.map((v) => v + 1e9));
    expect(r.theta).toBeCloseTo(0.8636363636363634, 9);
    // the adjusted values themselves sit near 1e9, whose ulp is 1.2e-7: their variance keeps ~7 digits
    expect(r.varianceReduction).toBeCloseTo(0.9376623376623376, 7);
  });

  it('leaves y alone when the covariate is constant', () => {
    const r = cupedAdjust(y, new Float64Array(6).fill(3));
    expect(r.theta).toBe(0);
    expect(Array.from(r.adjusted)).toEqual(Array.from(y));
    expect(r.varianceReduction).toBeCloseTo(0, 12);
  });

  it('turns the variance reduction into the sample it saves', () => {
    expect(cupedSampleSize(10_000, 0.36)).toBe(6400);
    expect(() => cupedSampleSize(10_000, 1)).toThrow(/varianceReduction must be in \[0, 1\), got 1/);
  });

  it('names the bad input', () => {
    expect(() => cupedAdjust(y, x.subarray(0, 5))).toThrow(/same length, got 6 and 5/);
    expect(() => cupedAdjust(Float64Array.from([1, Number.NaN]), Float64Array.from([1, 2]))).toThrow(/values must be finite/);
  });
});

describe('mSPRT', () => {
  it('matches the mixture likelihood ratio worked by hand', () => {
    // v = τ² = 1e-4: Λ = √(1/2)·exp(d²/(4e-4)); d = 0.01 → 0.707107·e^0.25 = 0.907943; d = 0.03 → 0.707107·e^2.25 = 6.708842
    expect(msprtLikelihoodRatio(0.01, 1e-4, 1e-4)).toBeCloseTo(0.907943, 5);
    expect(msprtLikelihoodRatio(0.03, 1e-4, 1e-4)).toBeCloseTo(6.708842, 5);
    expect(msprtLikelihoodRatio(-0.03, 1e-4, 1e-4)).toBeCloseTo(6.708842, 5);
  });

  it('rejects at the first look where Λ reaches 1/α, not before', () => {
    // 5,000 per arm, 10 % vs 12 %: pooled 0.11, v = 0.11·0.89·2/5000 = 3.916e-5, d = 0.02, τ = 0.02
    // Λ = √(3.916e-5/4.3916e-4)·exp(4e-4·4e-4/(2·3.916e-5·4.3916e-4)) = 0.29861·exp(4.65199) = 31.29 ≥ 20
    // the first look (1,000 per arm, 100 vs 110 clicks) is far from it
    const look = firstMsprtRejection([100, 500], [1000, 5000], [110, 600], [1000, 5000], 0.05, 0.02);
    expect(look).toBe(1);
    const v = (0.11 * 0.89 * 2) / 5000;
    expect(msprtLikelihoodRatio(0.02, v, 4e-4)).toBeCloseTo(31.288, 2);
  });

  it('names the bad input', () => {
    expect(() => msprtLikelihoodRatio(0, 0, 1)).toThrow(/variance must be > 0, got 0/);
    expect(() => firstMsprtRejection([1], [10], [1], [10], 0.05, 0)).toThrow(/tau must be > 0, got 0/);
  });
});

describe('meanDifferenceTest', () => {
  it('matches Welch\'s statistic from scipy', () => {
    // scipy.stats.ttest_ind(b, a, equal_var=False).statistic = 1.9674775073518591; se = √(2.5/5 + 3.0667/6) = 1.016530;
    // the normal two-sided p is 2·norm.sf(1.96748) = 0.0491281865
    const r = meanDifferenceTest([1, 3, 2, 5, 4], [2, 6, 5, 7, 4, 6]);
    expect(r.diff).toBeCloseTo(2, 12);
    expect(r.se).toBeCloseTo(1.016530045465127, 12);
    expect(r.z).toBeCloseTo(1.9674775073518591, 12);
    expect(r.pValue).toBeCloseTo(0.04912818652235684, 6); // erfc approximation, 1.2e-7 relative
    expect(r.lift).toBeCloseTo(5 / 3 - 1, 12);
    expect(r.ci[1] - r.diff).toBeCloseTo(1.959964 * 1.016530045465127, 5);
  });

  it('names an arm that is too small', () => {
    expect(() => meanDifferenceTest([1], [1, 2])).toThrow(/arm A needs ≥ 2 users, got 1/);
  });
});

describe("O'Brien–Fleming boundaries", () => {
  it('one look is the fixed-horizon test', () => {
    expect(crossingProbability([1.959964])).toBeCloseTo(0.05, 6);
    expect(obrienFlemingBounds(1, 0.05)[0]).toBeCloseTo(1.959964, 4);
  });

  it('match the constants from scipy and the published table', () => {
    // c solves 1 − P(|Z_k| < c·√(K/k) for all k) = 0.05 with corr(Z_j, Z_k) = √(j/k): brentq over
    // scipy.stats.multivariate_normal(cov).cdf(b, lower_limit=−b) (abseps 1e-7) gives K = 2: 1.977431, 5: 2.040072,
    // 10: 2.086498; Jennison & Turnbull (2000) Table 2.3 prints 1.977, 2.040, 2.087. The tolerance 5e-4 covers the
    // Monte Carlo error of scipy's integration and our grid.
    for (const [K, c] of [[2, 1.977431], [5, 2.040072], [10, 2.086498]]) {
      const b = obrienFlemingBounds(K, 0.05);
      expect(Math.abs(b[K - 1] - c)).toBeLessThan(5e-4);
      expect(b[0]).toBeCloseTo(b[K - 1] * Math.sqrt(K), 10); // the first look needs √K times the last
    }
  });

  it('stop at the first look whose z reaches its boundary', () => {
    // 1,000 per arm at each look: 100 vs 130 clicks gives z = 2.10 (< 2.88, the first of two bounds); 200 vs 260 at
    // 2,000 per arm gives z = 2.97 ≥ 2.04
    const b = Float64Array.from([2.88, 2.04]);
    expect(firstBoundaryCrossing([100, 200], [1000, 2000], [130, 260], [1000, 2000], b)).toBe(1);
    expect(() => firstBoundaryCrossing([1], [10], [1], [10], b)).toThrow(/2 boundaries for 1 looks/);
  });

  it('names bad input', () => {
    expect(() => obrienFlemingBounds(0, 0.05)).toThrow(/looks must be an integer in \[1, 50\], got 0/);
    expect(() => obrienFlemingBounds(3, 0.7)).toThrow(/alpha must be in \(0, 0.5\], got 0.7/);
  });
});
