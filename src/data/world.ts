/**
 * The seeded synthetic world: catalog → items → users → simulated history → time split.
 * Same options ⇒ byte-identical arrays (every draw comes from a forked Rng stream per stage, so
 * changing how one stage draws does not shift the others).
 */
import { Rng } from '../core/rng.js';
import { buildCatalog } from './catalog.js';
import { expectedEngagements, simulateInteractions } from './interactions.js';
import { generateItems } from './items.js';
import { LoggingPolicy } from './logging-policy.js';
import { resolveWorldConfig } from './presets.js';
import { driveAsync, driveSync, type Step } from './steps.js';
import { MEAN_ACTIVITY, generateUsers } from './users.js';
import type { Interactions, World, WorldConfig, WorldOptions, WorldSplit } from './world-types.js';

/**
 * Bumped whenever generation changes what a given (config, seed) produces; part of every cache key,
 * so a stale cached world is rebuilt rather than silently reused.
 */
export const WORLD_VERSION = 2;

function* worldSteps(config: WorldConfig): Step<World> {
  const root = new Rng(config.seed);
  yield { stage: 'catalog', fraction: 0 };
  const catalog = buildCatalog(config, root.fork('catalog'));
  const items = yield* generateItems(config, catalog, root.fork('items'));
  const { users, prefs } = yield* generateUsers(config, catalog, root.fork('users'));
  const policy = new LoggingPolicy(items, catalog, prefs);
  const capacity = expectedEngagements(config, MEAN_ACTIVITY);
  const interactions = yield* simulateInteractions(config, users, items, policy, root.fork('interactions'), capacity);
  yield { stage: 'interactions', fraction: 1 };
  return { config, users, items, interactions, split: timeSplit(interactions, config.days - config.testDays) };
}

/** Index of the first interaction at or after `trainEndDay` (binary search over sorted times). O(log n). */
export function timeSplit(interactions: Interactions, trainEndDay: number): WorldSplit {
  let lo = 0;
  let hi = interactions.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (interactions.time[mid] < trainEndDay) lo = mid + 1;
    else hi = mid;
  }
  return { trainEndDay, trainCount: lo };
}

/**
 * Generate the world synchronously. Throws UsageError for a bad config and RunCancelledError when
 * options.signal is aborted (checked at every chunk, but only an already-aborted signal or one
 * aborted from inside onProgress can fire here — use generateWorldAsync to cancel from outside).
 * Time and memory: O(items·dim + users·dim + sessions·slate·dim); see estimateWorldBytes.
 */
export function generateWorld(options: WorldOptions = {}): World {
  return driveSync(worldSteps(resolveWorldConfig(options)), options);
}

/** As generateWorld, but gives the event loop a turn every ~40 ms so Ctrl-C / aborts get through. */
export function generateWorldAsync(options: WorldOptions = {}): Promise<World> {
  return driveAsync(worldSteps(resolveWorldConfig(options)), options);
}
