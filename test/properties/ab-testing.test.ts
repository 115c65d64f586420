// Interview point: "How do you A/B test a new model?" — a fixed-horizon z-test on an A/A split
// rejects about α of the time, and peeking every day and stopping at the first p < 0.05 multiplies
// that false-positive rate. These properties measure both.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstSignificantLook, twoProportionZTest } from '../../src/core/abtest/index.js';
import { Rng } from '../../src/core/rng.js';
import { seed } from '../arbitraries/drift.js';

const EXPERIMENTS = 1000;
const USERS_PER_ARM = 2000;
const LOOKS = 20;

/** Runs A/A experiments (both arms the same CTR); returns fixed-horizon and peeking false positives. */
function aaFalsePositives(s: number, ctr: number) {
  const rng = new Rng(s);
  const perLook = USERS_PER_ARM / LOOKS;
  let fixed = 0;
  let peeking = 0;
  const ca = new Float64Array(LOOKS);
  const cb = new Float64Array(LOOKS);
  const n = Float64Array.from({ length: LOOKS }, (_, t) => (t + 1) * perLook);
  for (let e = 0; e < EXPERIMENTS; e++) {
    let a = 0;
    let b = 0;
    for (let t = 0; t < LOOKS; t++) {
      for (let i = 0; i < perLook; i++) {
        if (rng.next() < ctr) a++;
        if (rng.next() < ctr) b++;
      }
      ca[t] = a;
      cb[t] = b;
    }
    if (twoProportionZTest(a, USERS_PER_ARM, b, USERS_PER_ARM).pValue < 0.05) fixed++;
    if (firstSignificantLook(ca, n, cb, n, 0.05) >= 0) peeking++;
  }
  return { fixed: fixed / EXPERIMENTS, peeking: peeking / EXPERIMENTS };
}

describe('A/A tests', () => {
  it('the A/A false-positive rate over many seeded runs is near α', () => {
    // 1000 experiments: the rate's binomial SE is √(0.05·0.95/1000) = 0.0069; ±0.03 is 4.3 SE, so a
    // failure means a broken test, not bad luck (CTR ≥ 0.05 keeps ≥ 100 clicks per arm, where the
    // normal approximation behind z is good)
    fc.assert(
      fc.property(seed, fc.double({ min: 0.05, max: 0.3, noNaN: true }), (s, ctr) => {
        const { fixed } = aaFalsePositives(s, ctr);
        return Math.abs(fixed - 0.05) < 0.03;
      }),
      { numRuns: 3 },
    );
  });

  it('peeking at 20 looks and stopping at the first p < 0.05 raises the false-positive rate', () => {
    // theory (Armitage et al. 1969): ~25 % for 20 equally spaced looks; we require > 2α, far outside
    // the fixed-horizon rate's 4.3-SE band above
    fc.assert(
      fc.property(seed, (s) => {
        const { fixed, peeking } = aaFalsePositives(s, 0.1);
        return peeking > 2 * 0.05 && peeking > fixed;
      }),
      { numRuns: 2 },
    );
  });
});
