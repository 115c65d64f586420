// One world cache for the whole test run, shared by every worker (cache writes are atomic), removed at the end:
// tests never touch datasets/cache and leave nothing behind in /tmp. The world every scenario runs on at tiny scale
// (seed 42) is built here once, before the workers start, so no two of them build it at the same time; the HNSW
// indexes the scenarios cache land in the same folder and are shared the same way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SEED } from '../src/scenario/runner.js';

export default async function setup(): Promise<() => void> {
  const owned = !process.env.RECSYS_LAB_CACHE_DIR;
  const dir = process.env.RECSYS_LAB_CACHE_DIR ?? mkdtempSync(join(tmpdir(), 'recsys-lab-test-cache-'));
  process.env.RECSYS_LAB_CACHE_DIR = dir;
  const { loadWorld } = await import('../src/data/load-world.js');
  await loadWorld({ scale: 'tiny', seed: DEFAULT_SEED, cacheRoot: dir });
  return () => {
    if (owned) rmSync(dir, { recursive: true, force: true });
  };
}
