// Interview point: "How do you detect data drift?" — PSI measures how far a feature's distribution
// moved (0 for no move, growing with the shift, never negative), while a hypothesis test on a million
// rows calls every trivial change significant. These properties are the worked examples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareTest, ksTest, psi, psiFromCounts } from '../../src/core/drift/index.js';
import { Rng } from '../../src/core/rng.js';
import { binCount, categoryCounts, featureSample, seed, shiftPair } from '../arbitraries/drift.js';

function normalSample(rng: Rng, n: number, mean: number): Float64Array {
  return Float64Array.from({ length: n }, () => rng.normal(mean, 1));
}

describe('PSI', () => {
  it('PSI of a sample against itself is 0', () => {
    fc.assert(fc.property(featureSample, binCount, (x, bins) => psi(x, x, { bins }) === 0));
  });

  it('PSI is never negative', () => {
    fc.assert(fc.property(featureSample, featureSample, binCount, (a, b, bins) => psi(a, b, { bins }) >= 0));
  });

  it('PSI of category counts is never negative and 0 for proportional counts', () => {
    fc.assert(
      fc.property(categoryCounts(6), categoryCounts(6), fc.integer({ min: 1, max: 5 }), (a, b, k) => {
        // tolerance 1e-12: scaling counts by k changes the proportions only by rounding
        return psiFromCounts(a, b) >= 0 && Math.abs(psiFromCounts(a, a.map((c) => c * k))) < 1e-12;
      }),
    );
  });

  it('PSI grows as a shift grows', () => {
    // 5000 draws per sample: PSI's sampling noise is about bins/n = 0.002, far below the PSI gap a
    // 0.15-sd larger shift adds (≈ 0.02 at the smallest shifts), so the order is not a coin toss.
    fc.assert(
      fc.property(seed, shiftPair, (s, [small, large]) => {
        const rng = new Rng(s);
        const baseline = normalSample(rng, 5000, 0);
        const current = normalSample(rng, 5000, 0);
        const psiAt = (d: number) => psi(baseline, current.map((v) => v + d));
        return psiAt(small) < psiAt(large);
      }),
      { numRuns: 30 },
    );
  });
});

describe('tests on large samples', () => {
  it('on a million rows a 0.01-sd shift is "significant" while PSI calls it stable', () => {
    const rng = new Rng(11);
    const n = 1_000_000;
    const baseline = normalSample(rng, n, 0);
    const current = normalSample(rng, n, 0.01);
    const ks = ksTest(baseline, current);
    // the shift moves the CDF by φ(0)·0.01 ≈ 0.004 at the median; KS's 5% critical D at n = 1M is 0.0019
    expect(ks.pValue).toBeLessThan(0.001);
    expect(psi(baseline, current)).toBeLessThan(0.001); // two orders below the 0.1 "moderate" threshold
    // and χ² on the same data binned into deciles agrees with KS
    const bins = (x: Float64Array) => {
      const c = new Array(10).fill(0);
      for (const v of x) c[Math.min(9, Math.max(0, Math.floor((v + 2.5) * 2)))]++;
      return c;
    };
    expect(chiSquareTest(bins(baseline), bins(current)).pValue).toBeLessThan(0.001);
  });

  it('on a thousand rows the same test does not flag the same shift', () => {
    // the same 0.01-sd shift with n = 1000: D would need ≥ 0.061 for p < 0.05
    let flagged = 0;
    for (let s = 1; s <= 20; s++) {
      const rng = new Rng(s);
      if (ksTest(normalSample(rng, 1000, 0), normalSample(rng, 1000, 0.01)).pValue < 0.05) flagged++;
    }
    // under (almost) H0, about 5% of 20 runs flag; ≤ 4 of 20 leaves room for chance (P(≥5) ≈ 0.003)
    expect(flagged).toBeLessThanOrEqual(4);
  });
});
