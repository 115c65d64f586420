/**
 * Outcomes that disagree: besides the graded engagement (1 click … 3 purchase), a dwell time in seconds and a
 * clickbait cohort of items that earns clicks it does not deserve (a click-logit lift) and loses the time and the
 * purchases (short dwell, shallow engagement). The multi-objective ranking scenarios read these.
 *
 *   log dwell = DWELL_LOG_MEAN + DWELL_AFFINITY · affinity + quality_i − penalty · clickbait_i + DWELL_NOISE · ε,  ε ~ N(0, 1)
 *   P(click)  = σ(engagementLogit + lift · clickbait_i)        (only for impressions graded here)
 *   grade     = engagementLabel(affinity − penalty · clickbait_i, …)   (≥ 1 when clicked; 3 = purchase)
 *
 * Log-normal dwell is heavy-tailed (mean ≫ median). Every draw comes from the world seed's own 'outcomes' fork, so
 * adding these leaves every existing array of the world — and every existing scenario's metrics — untouched. The
 * stored history keeps its clicks as they were (no lift); it gets a dwell per engagement, and `titleHype` is an
 * observed, noisy content signal of the cohort (a headline classifier's score), so a model can learn who baits.
 */
import { UsageError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { affinityUnchecked, engagementLabel, engagementLogit, sigmoid } from './choice-model.js';
import { getOrBuild, type Artefact, type CacheEvent, type Json } from './cache.js';
import { worldIdentity } from './world.js';
import type { World } from './world-types.js';

export const OUTCOMES_VERSION = 1;
const DWELL_LOG_MEAN = 3.4; // e^3.4 ≈ 30 s median at zero affinity
const DWELL_AFFINITY = 1.2;
const DWELL_NOISE = 0.8;
const QUALITY_STD = 0.4;
const HYPE_NOISE = 0.7;

export interface OutcomeConfig {
  /** share of items in the clickbait cohort, [0, 0.5] */
  clickbaitShare: number;
  /** logit added to a clickbait item's click probability, ≥ 0 */
  clickbaitLift: number;
  /** log-dwell (and engagement-depth affinity) taken from a clickbait item, ≥ 0 */
  clickbaitPenalty: number;
}

export interface WorldOutcomes {
  config: OutcomeConfig;
  /** 1 for items in the clickbait cohort (hidden) */
  clickbait: Uint8Array;
  /** per-item log-dwell offset (hidden) */
  quality: Float32Array;
  /** observed per-item signal: clickbait + N(0, HYPE_NOISE²) */
  titleHype: Float32Array;
  /** dwell seconds of every stored engagement, aligned with world.interactions */
  dwell: Float32Array;
}

/** One graded impression: the click, its dwell (0 without a click) and whether it ended in a purchase. */
export interface ImpressionOutcome {
  click: 0 | 1;
  dwell: number;
  purchase: 0 | 1;
  /** the engagement grade (0 none, 1 click, 2 long view, 3 purchase) */
  grade: number;
}

export function checkOutcomeConfig(c: OutcomeConfig): void {
  if (!(c.clickbaitShare >= 0 && c.clickbaitShare <= 0.5)) throw new UsageError(`outcomes: clickbaitShare must be in [0, 0.5], got ${c.clickbaitShare}`);
  if (!(c.clickbaitLift >= 0 && Number.isFinite(c.clickbaitLift))) throw new UsageError(`outcomes: clickbaitLift must be ≥ 0, got ${c.clickbaitLift}`);
  if (!(c.clickbaitPenalty >= 0 && Number.isFinite(c.clickbaitPenalty))) throw new UsageError(`outcomes: clickbaitPenalty must be ≥ 0, got ${c.clickbaitPenalty}`);
}

/** Expected log dwell of a click on item i with true affinity a (the oracle's dwell head). O(1). */
export function expectedLogDwell(o: WorldOutcomes, i: number, affinity: number): number {
  return DWELL_LOG_MEAN + DWELL_AFFINITY * affinity + o.quality[i] - o.config.clickbaitPenalty * o.clickbait[i];
}

/** E[dwell | click] = exp(μ + σ²/2) of the log-normal. O(1). */
export function expectedDwell(o: WorldOutcomes, i: number, affinity: number): number {
  return Math.exp(expectedLogDwell(o, i, affinity) + (DWELL_NOISE * DWELL_NOISE) / 2);
}

/** True P(click) of user u on item i in slot `position`, with the cohort's lift. O(latentDim). */
export function outcomeClickProbability(world: World, o: WorldOutcomes, u: number, i: number, position: number): number {
  const a = affinityUnchecked(world.users.taste, u, world.items.latent, i, world.config.latentDim);
  return sigmoid(engagementLogit(world.config, a, world.items.popularity[i], position) + o.config.clickbaitLift * o.clickbait[i]);
}

/** P(purchase | click) under engagementLabel with the cohort's penalty: (0.5·s)² with s = σ(3·a′ − 1). O(1). */
export function purchaseGivenClick(o: WorldOutcomes, i: number, affinity: number): number {
  const s = sigmoid(3 * (affinity - o.config.clickbaitPenalty * o.clickbait[i]) - 1);
  return 0.25 * s * s;
}

/**
 * Grade one impression of item i to user u in slot `position`. Always four draws from `rng` (click, two for the
 * grade, one normal for dwell), so a stream stays aligned whatever happens. O(latentDim).
 */
export function gradeImpression(world: World, o: WorldOutcomes, u: number, i: number, position: number, rng: Rng): ImpressionOutcome {
  const a = affinityUnchecked(world.users.taste, u, world.items.latent, i, world.config.latentDim);
  const p = sigmoid(engagementLogit(world.config, a, world.items.popularity[i], position) + o.config.clickbaitLift * o.clickbait[i]);
  const rc = rng.next();
  const r1 = rng.next();
  const r2 = rng.next();
  const z = rng.normal();
  if (rc >= p) return { click: 0, dwell: 0, purchase: 0, grade: 0 };
  const grade = engagementLabel(a - o.config.clickbaitPenalty * o.clickbait[i], r1, r2);
  return { click: 1, dwell: Math.exp(expectedLogDwell(o, i, a) + DWELL_NOISE * z), purchase: grade === 3 ? 1 : 0, grade };
}

/** Draw the cohort, the hidden quality and observed hype of every item, and a dwell for every stored engagement. O(items + engagements · dim). */
export function generateOutcomes(world: World, config: OutcomeConfig): WorldOutcomes {
  checkOutcomeConfig(config);
  const root = new Rng(world.config.seed).fork('outcomes');
  const n = world.items.count;
  const itemRng = root.fork('items');
  const clickbait = new Uint8Array(n);
  const quality = new Float32Array(n);
  const titleHype = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    clickbait[i] = itemRng.next() < config.clickbaitShare ? 1 : 0;
    quality[i] = itemRng.normal(0, QUALITY_STD);
    titleHype[i] = clickbait[i] + itemRng.normal(0, HYPE_NOISE);
  }
  const o: WorldOutcomes = { config: { ...config }, clickbait, quality, titleHype, dwell: new Float32Array(0) };
  const I = world.interactions;
  const dwellRng = root.fork('dwell');
  const dwell = new Float32Array(I.count);
  for (let k = 0; k < I.count; k++) {
    const a = affinityUnchecked(world.users.taste, I.user[k], world.items.latent, I.item[k], world.config.latentDim);
    dwell[k] = Math.exp(expectedLogDwell(o, I.item[k], a) + DWELL_NOISE * dwellRng.normal());
  }
  o.dwell = dwell;
  return o;
}

const memory = new Map<string, Promise<WorldOutcomes>>();

/** The outcomes of a world, from memory, else the disk cache (kind 'world-outcomes'), else generated. */
export function loadOutcomes(world: World, config: OutcomeConfig, opts: { disk?: boolean; onCacheEvent?: (e: CacheEvent) => void } = {}): Promise<WorldOutcomes> {
  checkOutcomeConfig(config);
  const params = { world: worldIdentity(world), outcomes: { ...config } } as unknown as Json;
  const key = JSON.stringify(params);
  const hit = memory.get(key);
  if (hit) return hit;
  const build = async (): Promise<WorldOutcomes> => generateOutcomes(world, config);
  const promise = opts.disk === false
    ? build()
    : getOrBuild({
        kind: 'world-outcomes',
        params,
        seed: world.config.seed,
        version: OUTCOMES_VERSION,
        label: `${world.config.scale}-s${world.config.seed}`,
        onEvent: opts.onCacheEvent,
        build: async () => {
          const o = await build();
          return { clickbait: o.clickbait, quality: o.quality, titleHype: o.titleHype, dwell: o.dwell } as Artefact;
        },
      }).then((r) => ({ config: { ...config }, ...(r.value as unknown as Omit<WorldOutcomes, 'config'>) }));
  memory.set(key, promise);
  while (memory.size > 2) memory.delete(memory.keys().next().value as string);
  promise.catch(() => memory.delete(key));
  return promise;
}
