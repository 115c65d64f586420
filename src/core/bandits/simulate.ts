/**
 * Simulating a bandit against Bernoulli arms whose true click probabilities we know, so regret is exact:
 * pseudo-regret after T rounds = Σ_t (μ* − μ_{a_t}), the expected clicks lost to not always showing the best arm.
 * O(rounds × arms) time.
 */
import { UsageError } from '../errors.js';
import type { Rng } from '../rng.js';
import type { BanditPolicy } from './policies.js';

export interface BanditRun {
  /** cumulative pseudo-regret after each checkpoint round */
  regret: Float64Array;
  /** rounds at the checkpoints (1-based counts) */
  checkpoints: Int32Array;
  /** observed clicks in total */
  clicks: number;
  /** how often each arm was shown */
  pulls: Int32Array;
}

export function simulateBandit(options: { probabilities: ArrayLike<number>; policy: BanditPolicy; rounds: number; rng: Rng; checkpoints?: number }): BanditRun {
  const { probabilities: p, policy, rounds, rng } = options;
  if (!Number.isInteger(rounds) || rounds < 1) throw new UsageError(`simulateBandit: rounds must be an integer ≥ 1, got ${rounds}`);
  let best = -Infinity;
  for (let a = 0; a < p.length; a++) {
    if (!(p[a] >= 0 && p[a] <= 1)) throw new UsageError(`simulateBandit: probability of arm ${a} must be in [0, 1], got ${p[a]}`);
    best = Math.max(best, p[a]);
  }
  const nCheck = Math.max(1, Math.min(rounds, options.checkpoints ?? 50));
  const checkpoints = new Int32Array(nCheck);
  for (let i = 0; i < nCheck; i++) checkpoints[i] = Math.round(((i + 1) * rounds) / nCheck);
  const regret = new Float64Array(nCheck);
  const pulls = new Int32Array(p.length);
  let cumulative = 0;
  let clicks = 0;
  let next = 0;
  for (let t = 1; t <= rounds; t++) {
    const arm = policy.select(rng);
    const reward = rng.next() < p[arm] ? 1 : 0;
    policy.update(arm, reward);
    pulls[arm]++;
    clicks += reward;
    cumulative += best - p[arm];
    if (t === checkpoints[next]) regret[next++] = cumulative;
  }
  return { regret, checkpoints, clicks, pulls };
}
