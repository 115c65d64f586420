// Interview point (cold start → explore/exploit): a new item needs exposure to learn its click rate.
// Thompson sampling and UCB1 explore less as evidence piles up, so their regret grows like log T;
// ε-greedy with a fixed ε keeps paying for exploration, so its regret grows linearly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBanditPolicy, simulateBandit } from '../../src/core/bandits/index.js';
import { Rng } from '../../src/core/rng.js';

const ARMS = [0.02, 0.03, 0.05, 0.04, 0.025]; // click rates of five new items; the best is 0.05

function averageRegret(policy: string, rounds: number, seeds: number, arms = ARMS): { atT: number; at2T: number; at4T: number } {
  let atT = 0;
  let at2T = 0;
  let at4T = 0;
  for (let s = 0; s < seeds; s++) {
    const run = simulateBandit({ probabilities: arms, policy: createBanditPolicy(policy, arms.length, { epsilon: 0.1 }), rounds: 4 * rounds, rng: new Rng(1000 + s), checkpoints: 4 });
    atT += run.regret[0] / seeds;
    at2T += run.regret[1] / seeds;
    at4T += run.regret[3] / seeds;
  }
  return { atT, at2T, at4T };
}

describe('explore/exploit', () => {
  // Sublinear means R(4T) < 4·R(T). For log-regret R(4T)/R(T) ≈ 1 + ln 4 / ln T; we allow up to 3× to absorb
  // the noise of 20 seeds at T = 5,000 — still clearly below the linear 4×.
  it('Thompson sampling regret grows sublinearly (R(4T) < 3·R(T), averaged over 20 seeds)', () => {
    const { atT, at4T } = averageRegret('thompson', 5000, 20);
    expect(at4T).toBeLessThan(3 * atT);
  });

  // UCB1 needs about 2·ln t / gap² pulls of a worse arm before it stops trying it: with gaps of 0.2 that is a few
  // hundred, so sublinear growth shows within 20,000 rounds …
  it('UCB1 regret grows sublinearly when the click rates are far apart', () => {
    const { atT, at4T } = averageRegret('ucb1', 5000, 20, [0.1, 0.2, 0.3, 0.5]);
    expect(at4T).toBeLessThan(3 * atT);
  });

  // … but with click rates of a few percent and gaps of 0.01 it is ~180,000 pulls: UCB1 still explores almost
  // uniformly at 20,000 rounds, while Thompson's posterior has already concentrated.
  it('at click rates of a few percent, Thompson sampling beats UCB1 by a wide margin', () => {
    expect(averageRegret('thompson', 5000, 10).at4T).toBeLessThan(0.7 * averageRegret('ucb1', 5000, 10).at4T);
  });

  // ε = 0.1 explores 10% of the time forever: each exploring round costs the mean gap μ* − mean(μ) = 0.016 in
  // expectation, so in the late window regret rises by at least 0.1 × 0.016 per round; allow 20% for noise.
  it('fixed ε-greedy keeps paying for exploration: late regret slope ≥ 0.8 × ε × mean gap', () => {
    const { at2T, at4T } = averageRegret('epsilon-greedy', 5000, 20);
    const meanGap = 0.05 - ARMS.reduce((a, b) => a + b, 0) / ARMS.length;
    expect((at4T - at2T) / 10000).toBeGreaterThan(0.8 * 0.1 * meanGap);
  });

  it('Thompson sampling ends with lower regret than fixed ε-greedy', () => {
    expect(averageRegret('thompson', 5000, 10).at4T).toBeLessThan(averageRegret('epsilon-greedy', 5000, 10).at4T);
  });

  it('regret is never negative and never decreases', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }), fc.constantFrom('thompson', 'ucb1', 'epsilon-greedy'), fc.integer({ min: 0, max: 1e6 }), (probs, name, seed) => {
        const run = simulateBandit({ probabilities: probs, policy: createBanditPolicy(name, probs.length), rounds: 300, rng: new Rng(seed), checkpoints: 10 });
        for (let i = 0; i < run.regret.length; i++) {
          if (run.regret[i] < -1e-12) return false;
          if (i > 0 && run.regret[i] < run.regret[i - 1] - 1e-12) return false;
        }
        return true;
      }),
      { numRuns: 50 },
    );
  });

  it('the same seed gives the same curve', () => {
    const a = simulateBandit({ probabilities: ARMS, policy: createBanditPolicy('thompson', 5), rounds: 2000, rng: new Rng(7) });
    const b = simulateBandit({ probabilities: ARMS, policy: createBanditPolicy('thompson', 5), rounds: 2000, rng: new Rng(7) });
    expect(Array.from(a.regret)).toEqual(Array.from(b.regret));
  });

  it('an unknown policy name fails with the list of known ones', () => {
    expect(() => createBanditPolicy('softmax', 3)).toThrow(/unknown bandit policy "softmax"; known policies: epsilon-greedy, ucb1, thompson/);
  });

  it('UCB1 plays every arm once before it trusts any mean', () => {
    const policy = createBanditPolicy('ucb1', 4);
    const rng = new Rng(1);
    const first = [0, 1, 2, 3].map(() => {
      const a = policy.select(rng);
      policy.update(a, 1);
      return a;
    });
    expect(first).toEqual([0, 1, 2, 3]);
  });
});
