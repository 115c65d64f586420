export { EpsilonGreedy, Ucb1, ThompsonBeta, createBanditPolicy, POLICY_NAMES } from './policies.js';
export type { BanditPolicy, PolicyName } from './policies.js';
export { simulateBandit } from './simulate.js';
export type { BanditRun } from './simulate.js';
