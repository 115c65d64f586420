/**
 * The seeded synthetic world: catalog → items → users → simulated history → time split.
 * Same options ⇒ byte-identical arrays (every draw comes from a forked Rng stream per stage, and the
 * history from per-block seeds, so the thread count and changes to one stage do not shift the others).
 */
import { RunCancelledError, throwIfAborted } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { buildCatalog, type Catalog } from './catalog.js';
import { BLOCK_USERS, blockSeeds, simulateInteractions, sortByTime, type BlockResult } from './interactions.js';
import { generateItems } from './items.js';
import { resolveWorldConfig } from './presets.js';
import { buildSimSpace, simulatorFor } from './sim-space.js';
import { SimulationPool, defaultThreads } from './simulate-parallel.js';
import { driveAsync, driveSync, type Step } from './steps.js';
import { generateUsers, type UserPrefs } from './users.js';
import type { Interactions, Items, Users, World, WorldConfig, WorldOptions, WorldSplit } from './world-types.js';

/**
 * Bumped whenever generation changes what a given (config, seed) produces; part of every cache
 * entry's manifest, so a stale cached world is rebuilt rather than silently reused.
 */
export const WORLD_VERSION = 6;

interface Prepared {
  config: WorldConfig;
  catalog: Catalog;
  items: Items;
  users: Users;
  prefs: UserPrefs;
  seeds: Uint32Array;
}

function* prepare(config: WorldConfig): Step<Prepared> {
  const root = new Rng(config.seed);
  yield { stage: 'catalog', fraction: 0 };
  const catalog = buildCatalog(config, root.fork('catalog'));
  const items = yield* generateItems(config, catalog, root.fork('items'));
  const { users, prefs } = yield* generateUsers(config, catalog, root.fork('users'));
  return { config, catalog, items, users, prefs, seeds: blockSeeds(config.numUsers, root.fork('interactions')) };
}

function simulateSequential(p: Prepared): Step<BlockResult[]> {
  const { input, policy, base } = simulatorFor(buildSimSpace(p.config, p.users, p.items, p.catalog, p.prefs, false));
  return simulateInteractions(input, policy, base, p.seeds);
}

function assemble(p: Prepared, blocks: BlockResult[]): World {
  const interactions = sortByTime(blocks);
  return { config: p.config, users: p.users, items: p.items, interactions, split: timeSplit(interactions, p.config.days - p.config.testDays) };
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
 * Generate the world synchronously on this thread. Throws UsageError for a bad config and
 * RunCancelledError when options.signal is aborted (checked at every chunk, but only an
 * already-aborted signal or one aborted from inside onProgress can fire here — use
 * generateWorldAsync to cancel from outside). O(items·dim + users·dim + sessions·slate·dim).
 */
export function generateWorld(options: WorldOptions = {}): World {
  const p = driveSync(prepare(resolveWorldConfig(options)), options);
  const blocks = driveSync(simulateSequential(p), options);
  options.onProgress?.('sorting', 0);
  return assemble(p, blocks);
}

export interface GenerateAsyncOptions extends WorldOptions {
  /** worker threads for the simulation; default 1 for small worlds, else the cores (≤ 4). Same result for any value. */
  threads?: number;
}

/**
 * As generateWorld, but gives the event loop a turn every ~40 ms so Ctrl-C / aborts get through,
 * and simulates the history on worker threads when the world is large. Byte-identical to generateWorld.
 */
export async function generateWorldAsync(options: GenerateAsyncOptions = {}): Promise<World> {
  const config = resolveWorldConfig(options);
  const threads = Math.min(options.threads ?? defaultThreads(config), Math.ceil(config.numUsers / BLOCK_USERS));
  // start the workers now: their module loading overlaps generating the items and users
  const pool = threads > 1 ? new SimulationPool(threads) : null;
  try {
    const p = await driveAsync(prepare(config), options);
    let blocks: BlockResult[] | null = null;
    if (pool) {
      try {
        blocks = await pool.run(buildSimSpace(config, p.users, p.items, p.catalog, p.prefs, true), p.seeds, { signal: options.signal, onProgress: options.onProgress });
      } catch (err) {
        if (err instanceof RunCancelledError) throw err;
        // same result on one thread (per-block seeds), only slower: say so rather than fail the run
        process.emitWarning(`world: worker threads failed (${err instanceof Error ? err.message : String(err)}); simulating on one thread`);
      }
    }
    blocks ??= await driveAsync(simulateSequential(p), options);
    throwIfAborted(options.signal);
    options.onProgress?.('sorting', 0);
    const world = assemble(p, blocks);
    options.onProgress?.('sorting', 1);
    return world;
  } finally {
    pool?.close();
  }
}

/**
 * What identifies a world's content for caches built on top of it (embeddings, indexes): the
 * generator version and the full config. Put this in the params of any artefact derived from a world,
 * so a change to the generator (a WORLD_VERSION bump) makes those artefacts stale too.
 */
export function worldIdentity(world: World): { worldVersion: number; config: WorldConfig } {
  return { worldVersion: WORLD_VERSION, config: { ...world.config, positionBias: [...world.config.positionBias] } };
}
