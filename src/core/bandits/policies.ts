/**
 * Bandit policies for explore/exploit over Bernoulli rewards (a click or not):
 * ε-greedy, UCB1 (Auer, Cesa-Bianchi & Fischer 2002) and Thompson sampling with Beta priors
 * (Thompson 1933; Chapelle & Li 2011 for its use in ads and recommendations).
 * Each policy keeps its own counts in typed arrays; select() is O(arms), update() O(1).
 */
import { UsageError } from '../errors.js';
import type { Rng } from '../rng.js';

export interface BanditPolicy {
  readonly name: string;
  /** the arm to show next */
  select(rng: Rng): number;
  /** observe the reward (0 or 1) of the arm shown */
  update(arm: number, reward: number): void;
}

abstract class CountingPolicy implements BanditPolicy {
  abstract readonly name: string;
  protected readonly pulls: Float64Array;
  protected readonly rewards: Float64Array;
  protected t = 0;
  constructor(readonly arms: number) {
    if (!Number.isInteger(arms) || arms < 1) throw new UsageError(`bandit: arms must be an integer ≥ 1, got ${arms}`);
    this.pulls = new Float64Array(arms);
    this.rewards = new Float64Array(arms);
  }
  abstract select(rng: Rng): number;
  update(arm: number, reward: number): void {
    this.pulls[arm] += 1;
    this.rewards[arm] += reward;
    this.t += 1;
  }
  /** argmax of a per-arm value; ties go to the lower index so runs are reproducible */
  protected argmax(value: (arm: number) => number): number {
    let best = 0;
    let bestValue = -Infinity;
    for (let a = 0; a < this.arms; a++) {
      const v = value(a);
      if (v > bestValue) {
        bestValue = v;
        best = a;
      }
    }
    return best;
  }
}

/** With probability ε show a uniformly random arm, otherwise the best empirical mean (unplayed arms first). */
export class EpsilonGreedy extends CountingPolicy {
  readonly name = 'epsilon-greedy';
  constructor(arms: number, readonly epsilon: number) {
    super(arms);
    if (!(epsilon >= 0 && epsilon <= 1)) throw new UsageError(`epsilon-greedy: epsilon must be in [0, 1], got ${epsilon}`);
  }
  select(rng: Rng): number {
    if (rng.next() < this.epsilon) return rng.int(this.arms);
    return this.argmax((a) => (this.pulls[a] === 0 ? Infinity : this.rewards[a] / this.pulls[a]));
  }
}

/** UCB1: play each arm once, then the arm maximising mean + √(2 ln t / n_a). Deterministic given the rewards. */
export class Ucb1 extends CountingPolicy {
  readonly name = 'ucb1';
  select(): number {
    for (let a = 0; a < this.arms; a++) if (this.pulls[a] === 0) return a;
    const logT = Math.log(this.t);
    return this.argmax((a) => this.rewards[a] / this.pulls[a] + Math.sqrt((2 * logT) / this.pulls[a]));
  }
}

/** Thompson sampling: draw θ_a ~ Beta(α + clicks, β + misses) per arm and show the largest draw. */
export class ThompsonBeta extends CountingPolicy {
  readonly name = 'thompson';
  constructor(arms: number, readonly alpha = 1, readonly beta = 1) {
    super(arms);
    if (!(alpha > 0 && beta > 0)) throw new UsageError(`thompson: prior alpha and beta must be > 0, got ${alpha}, ${beta}`);
  }
  select(rng: Rng): number {
    return this.argmax((a) => rng.beta(this.alpha + this.rewards[a], this.beta + this.pulls[a] - this.rewards[a]));
  }
}

export const POLICY_NAMES = ['epsilon-greedy', 'ucb1', 'thompson'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** Factory by name; an unknown name fails with the list of known ones. */
export function createBanditPolicy(name: string, arms: number, opts: { epsilon?: number; alpha?: number; beta?: number } = {}): BanditPolicy {
  switch (name) {
    case 'epsilon-greedy':
      return new EpsilonGreedy(arms, opts.epsilon ?? 0.1);
    case 'ucb1':
      return new Ucb1(arms);
    case 'thompson':
      return new ThompsonBeta(arms, opts.alpha ?? 1, opts.beta ?? 1);
    default:
      throw new UsageError(`unknown bandit policy "${name}"; known policies: ${POLICY_NAMES.join(', ')}`);
  }
}
