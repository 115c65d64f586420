/**
 * Loads hnswlib-node (a CommonJS native addon, so no ESM named exports) and exposes the path the shard
 * workers need to load the same addon.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type HnswlibModule = typeof import('hnswlib-node');
export type NativeHnsw = InstanceType<HnswlibModule['HierarchicalNSW']>;

let cached: HnswlibModule | null = null;

export function hnswlib(): HnswlibModule {
  cached ??= require('hnswlib-node') as HnswlibModule;
  return cached;
}

/** Absolute path of the addon's entry, for worker_threads that must `require` it themselves. */
export function hnswlibPath(): string {
  return require.resolve('hnswlib-node');
}
