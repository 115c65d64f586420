// Unit values for the A/B-test maths, worked by hand in the comments.
import { describe, expect, it } from 'vitest';
import { powerOfTest, sampleSizePerArm, twoProportionZTest } from '../../src/core/abtest/index.js';
import { chiSquareTest } from '../../src/core/drift/index.js';
import { Rng } from '../../src/core/rng.js';

describe('twoProportionZTest', () => {
  it('matches a z worked by hand', () => {
    // A 200/10000 = 2.0 %, B 250/10000 = 2.5 %; pooled 0.0225
    // SE = √(0.0225·0.9775·2/10000) = 0.00209732; z = 0.005/0.00209732 = 2.38399
    // p = 2·(1 − Φ(2.38399)) = 0.017126 (Φ(2.384) from a normal table: 0.991437)
    const r = twoProportionZTest(200, 10000, 250, 10000);
    expect(r.z).toBeCloseTo(0.005 / Math.sqrt(0.0225 * 0.9775 * 0.0002), 10);
    expect(r.z).toBeCloseTo(2.38399, 4);
    expect(r.pValue).toBeCloseTo(0.017126, 5); // erfc approximation: 1.2e-7 relative, table to 6 digits
    expect(r.lift).toBeCloseTo(0.25, 12);
    // CI: ln 1.25 ± 1.96·√(0.98/200 + 0.975/250) = 0.22314 ± 0.18386 → exp → [1.0401, 1.5023], minus 1
    expect(r.liftCI[0]).toBeCloseTo(Math.exp(Math.log(1.25) - 1.959964 * Math.sqrt(0.98 / 200 + 0.975 / 250)) - 1, 5);
    expect(r.liftCI[1]).toBeCloseTo(0.5023, 3);
  });

  it('z² equals the χ² statistic of the same 2×2 table', () => {
    const r = twoProportionZTest(30, 100, 45, 100);
    expect(r.z * r.z).toBeCloseTo(chiSquareTest([30, 70], [45, 55]).statistic, 10);
  });

  it('rejects clicks above n with the allowed range', () => {
    expect(() => twoProportionZTest(11, 10, 1, 10)).toThrow(/clicksA must be in \[0, nA\] = \[0, 10\], got 11/);
  });
});

describe('sample size and power', () => {
  it('matches the textbook 10 % → 12 % example', () => {
    // p̄ = 0.11; z.975 = 1.959964, z.8 = 0.841621
    // n = (1.959964·√(2·0.11·0.89) + 0.841621·√(0.09 + 0.1056))² / 0.02² = 1.239493² / 0.0004 = 3840.9 → 3841
    expect(sampleSizePerArm({ baseline: 0.1, relativeLift: 0.2 })).toBe(3841);
  });

  it('power at the computed n is the requested power', () => {
    const n = sampleSizePerArm({ baseline: 0.02, relativeLift: 0.1, power: 0.9 });
    // n is rounded up, so power is at least 0.9 and at most a hair above
    const p = powerOfTest({ baseline: 0.02, relativeLift: 0.1, nPerArm: n });
    expect(p).toBeGreaterThanOrEqual(0.9);
    expect(p).toBeLessThan(0.9001);
  });

  it('simulated experiments at that n reject about as often as the power says', () => {
    // 400 simulated tests of 10 % vs 12 % with 3841 users per arm; expected rejection rate 0.80,
    // binomial SE √(0.8·0.2/400) = 0.02, so ±0.07 is 3.5 SE
    const rng = new Rng(5);
    let rejected = 0;
    for (let t = 0; t < 400; t++) {
      let a = 0;
      let b = 0;
      for (let i = 0; i < 3841; i++) {
        if (rng.next() < 0.1) a++;
        if (rng.next() < 0.12) b++;
      }
      if (twoProportionZTest(a, 3841, b, 3841).pValue < 0.05) rejected++;
    }
    expect(Math.abs(rejected / 400 - 0.8)).toBeLessThan(0.07);
  });
});
