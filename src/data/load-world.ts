/**
 * loadWorld: the world for a scale and seed, from the in-process memory cache, else the disk cache
 * (datasets/cache/world-…), else generated (and written to disk). Before generating, the memory the
 * run needs is estimated and compared with the limit, so an impossible run is refused up front.
 */
import os from 'node:os';
import { ResourceLimitError } from '../core/errors.js';
import { getOrBuild, type Artefact, type CacheEvent, type CacheSpec, type Json } from './cache.js';
import { expectedEngagements } from './interactions.js';
import { resolveWorldConfig } from './presets.js';
import { MEAN_ACTIVITY } from './users.js';
import { defaultThreads } from './simulate-parallel.js';
import { WORLD_VERSION, generateWorldAsync } from './world.js';
import type { World, WorldConfig, WorldOptions } from './world-types.js';

export interface LoadWorldOptions extends WorldOptions {
  /** use the disk cache (default true) */
  disk?: boolean;
  /** ignore any cached copy and regenerate */
  force?: boolean;
  onCacheEvent?: (event: CacheEvent) => void;
  /** refuse generation above this many bytes; default $RECSYS_LAB_MEMORY_LIMIT_MB or 80% of RAM */
  memoryLimitBytes?: number;
  /** cache root override (default $RECSYS_LAB_CACHE_DIR or <repo>/datasets/cache) */
  cacheRoot?: string;
  /** worker threads for the simulation (default: 1 for small worlds, else the cores ≤ 4); never changes the result */
  threads?: number;
}

const MAX_MEMORY_ENTRIES = 2;
const memory = new Map<string, Promise<World>>();

/**
 * Peak bytes world generation needs for a config: the world's own arrays, the simulator's
 * temporaries (block buffers grown ×1.5, the concatenation, sort keys, the policy's alias tables),
 * and with worker threads their shared copies of the inputs, per-worker tables and V8 baselines.
 * An upper-side estimate; bench/world.bench.ts measures the real peak. O(1).
 */
export function estimateWorldBytes(config: WorldConfig, threads = defaultThreads(config)): number {
  const n = config.numItems;
  const m = config.numUsers;
  const D = config.latentDim;
  const E = expectedEngagements(config, MEAN_ACTIVITY) * 1.3; // head-room over the rough count
  const items = n * (4 * D + 4 * config.tagsPerItem + 5 * 4);
  const users = m * (4 * D + 3 + 8) + m * 3 * 8;
  const interactions = E * 14;
  const policy = n * (8 + 4 + 12 * 2 + 8);
  const simulator = E * 14 * 2.5 + E * 8 + policy;
  const workers = threads > 1 ? n * (4 * D + 12) + m * (4 * D + 8 + 24) + threads * (policy + 60 * 2 ** 20) : 0;
  const baseline = 150 * 2 ** 20;
  return Math.ceil(items + users + interactions + simulator + workers + baseline);
}

function memoryLimit(options: LoadWorldOptions): number {
  if (options.memoryLimitBytes !== undefined) return options.memoryLimitBytes;
  const env = Number(process.env.RECSYS_LAB_MEMORY_LIMIT_MB);
  if (Number.isFinite(env) && env > 0) return env * 2 ** 20;
  return os.totalmem() * 0.8;
}

const gib = (b: number): string => `${(b / 2 ** 30).toFixed(2)} GiB`;

/** Throw ResourceLimitError when the estimate exceeds the limit, naming both and the knobs. */
export function checkWorldFits(config: WorldConfig, limitBytes: number, threads = defaultThreads(config)): void {
  const need = estimateWorldBytes(config, threads);
  if (need > limitBytes) {
    throw new ResourceLimitError(
      `world: generating ${config.scale} (${config.numItems.toLocaleString('en-US')} items, ${config.numUsers.toLocaleString('en-US')} users) ` +
      `needs about ${gib(need)}, above the limit of ${gib(limitBytes)}; use a smaller --scale, lower numItems/numUsers, ` +
      `or raise RECSYS_LAB_MEMORY_LIMIT_MB`,
    );
  }
}

/** The world as a cache artefact: every typed array as a file, config/split/counts as JSON. */
export function worldToArtefact(w: World): Artefact {
  const out: Artefact = { config: { ...w.config }, split: { ...w.split } } as unknown as Artefact;
  for (const [group, part] of [['users', w.users], ['items', w.items], ['interactions', w.interactions]] as const) {
    for (const [name, v] of Object.entries(part)) out[`${group}.${name}`] = v as Artefact[string];
  }
  return out;
}

export function artefactToWorld(a: Artefact): World {
  const group = (g: string): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(a)) if (k.startsWith(`${g}.`)) o[k.slice(g.length + 1)] = v;
    return o;
  };
  return {
    config: a.config as unknown as WorldConfig,
    split: a.split as unknown as World['split'],
    users: group('users') as unknown as World['users'],
    items: group('items') as unknown as World['items'],
    interactions: group('interactions') as unknown as World['interactions'],
  };
}

/** The key a world is cached under (memory and disk), from its resolved config. */
export function worldCacheSpec(config: WorldConfig, root?: string): CacheSpec {
  const { seed, ...params } = config;
  const custom = JSON.stringify(resolveWorldConfig({ scale: config.scale, seed })) !== JSON.stringify(config);
  return { kind: 'world', params: params as unknown as Json, seed, version: WORLD_VERSION, label: `${config.scale}-s${seed}${custom ? '-custom' : ''}`, root };
}

/**
 * Load (or generate and cache) the world. Throws UsageError for bad options, ResourceLimitError
 * when generation would not fit, RunCancelledError when options.signal aborts.
 */
export function loadWorld(options: LoadWorldOptions = {}): Promise<World> {
  const config = resolveWorldConfig(options);
  const spec = worldCacheSpec(config, options.cacheRoot);
  const memKey = JSON.stringify(spec);
  const cached = options.force ? undefined : memory.get(memKey);
  if (cached) {
    memory.delete(memKey);
    memory.set(memKey, cached); // most recently used last
    return cached;
  }
  const promise = loadUncached(config, spec, options);
  memory.set(memKey, promise);
  while (memory.size > MAX_MEMORY_ENTRIES) memory.delete(memory.keys().next().value as string);
  promise.catch(() => memory.delete(memKey));
  return promise;
}

async function loadUncached(config: WorldConfig, spec: CacheSpec, options: LoadWorldOptions): Promise<World> {
  const generate = (): Promise<World> => {
    const threads = options.threads ?? defaultThreads(config);
    checkWorldFits(config, memoryLimit(options), threads);
    return generateWorldAsync({ scale: config.scale, seed: config.seed, overrides: options.overrides, onProgress: options.onProgress, signal: options.signal, threads });
  };
  if (options.disk === false) return generate();
  const result = await getOrBuild({
    ...spec,
    build: async () => worldToArtefact(await generate()),
    onEvent: options.onCacheEvent,
    force: options.force,
    signal: options.signal,
  });
  return artefactToWorld(result.value);
}

/** Forget worlds held in memory (tests; or to free memory between scales). */
export function clearWorldMemoryCache(): void {
  memory.clear();
}
