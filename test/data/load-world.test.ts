// loadWorld: memory + disk cache over generateWorld, the memory estimate, and cancellation.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResourceLimitError, RunCancelledError } from '../../src/core/errors.js';
import { cacheRoot } from '../../src/data/cache-files.js';
import type { CacheEvent } from '../../src/data/cache.js';
import { clearWorldMemoryCache, estimateWorldBytes, loadWorld } from '../../src/data/load-world.js';
import { presetConfig } from '../../src/data/presets.js';
import { generateWorld } from '../../src/data/world.js';
import { worldHash } from '../helpers/world-hash.js';

let root: string;
let reference: string;
beforeAll(() => {
  root = mkdtempSync(join(os.tmpdir(), 'recsys-world-'));
  reference = worldHash(generateWorld({ scale: 'tiny', seed: 42 }));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => clearWorldMemoryCache());

function worldDir(): string {
  const dirs = readdirSync(root).filter((d) => d.startsWith('world-tiny-s42-'));
  expect(dirs).toHaveLength(1);
  return join(root, dirs[0]);
}

describe('loadWorld', () => {
  it('generates, caches, and reads back a byte-identical world', async () => {
    const events: CacheEvent[] = [];
    const built = await loadWorld({ scale: 'tiny', cacheRoot: root, onCacheEvent: (e) => events.push(e) });
    expect(worldHash(built)).toBe(reference);
    clearWorldMemoryCache();
    const read = await loadWorld({ scale: 'tiny', cacheRoot: root, onCacheEvent: (e) => events.push(e) });
    expect(worldHash(read)).toBe(reference);
    expect(events.map((e) => e.type)).toEqual(['miss', 'built', 'hit']);
  });

  it('returns the same object from memory for the same scale and seed', async () => {
    const a = await loadWorld({ scale: 'tiny', cacheRoot: root });
    expect(await loadWorld({ scale: 'tiny', cacheRoot: root })).toBe(a);
    expect(await loadWorld({ scale: 'tiny', seed: 43, disk: false })).not.toBe(a);
  });

  it('rebuilds a world whose interactions file was corrupted', async () => {
    await loadWorld({ scale: 'tiny', cacheRoot: root });
    clearWorldMemoryCache();
    const file = join(worldDir(), 'interactions.item.bin');
    const bytes = readFileSync(file);
    bytes[100] ^= 1;
    writeFileSync(file, bytes);
    const events: CacheEvent[] = [];
    const w = await loadWorld({ scale: 'tiny', cacheRoot: root, onCacheEvent: (e) => events.push(e) });
    expect(events.map((e) => e.type)).toEqual(['corrupt', 'built']);
    expect(worldHash(w)).toBe(reference);
  });

  it('rebuilds a world cached by an older generator version', async () => {
    await loadWorld({ scale: 'tiny', cacheRoot: root });
    clearWorldMemoryCache();
    const manifest = join(worldDir(), 'manifest.json');
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    m.version = -1;
    writeFileSync(manifest, JSON.stringify(m));
    const events: CacheEvent[] = [];
    await loadWorld({ scale: 'tiny', cacheRoot: root, onCacheEvent: (e) => events.push(e) });
    expect(events.map((e) => e.type)).toEqual(['stale', 'built']);
  });

  it('an aborted generation throws RunCancelledError and leaves no cache directory', async () => {
    const empty = mkdtempSync(join(os.tmpdir(), 'recsys-abort-'));
    const ac = new AbortController();
    const p = loadWorld({
      scale: 'tiny', seed: 99, cacheRoot: empty, signal: ac.signal,
      onProgress: (stage) => { if (stage === 'users') ac.abort(); },
    });
    await expect(p).rejects.toBeInstanceOf(RunCancelledError);
    expect(readdirSync(empty)).toEqual([]);
    rmSync(empty, { recursive: true, force: true });
  });

  it('refuses a world above the memory limit, naming the estimate and the knob', async () => {
    const p = loadWorld({ scale: 'small', seed: 5, disk: false, memoryLimitBytes: 64 * 2 ** 20 });
    await expect(p).rejects.toBeInstanceOf(ResourceLimitError);
    await expect(p).rejects.toThrow(/needs about .* GiB.*limit of 0\.06 GiB.*--scale.*RECSYS_LAB_MEMORY_LIMIT_MB/);
  });

  it('estimates at least the bytes of the arrays the world ends up holding', () => {
    const w = generateWorld({ scale: 'tiny' });
    let held = 0;
    for (const part of [w.users, w.items, w.interactions] as unknown as Record<string, unknown>[]) {
      for (const v of Object.values(part)) if (ArrayBuffer.isView(v)) held += v.byteLength;
    }
    expect(estimateWorldBytes(w.config)).toBeGreaterThan(held);
    expect(estimateWorldBytes(presetConfig('full'))).toBeGreaterThan(estimateWorldBytes(presetConfig('small')));
  });

  it('honours RECSYS_LAB_CACHE_DIR for the cache root', () => {
    const before = process.env.RECSYS_LAB_CACHE_DIR;
    process.env.RECSYS_LAB_CACHE_DIR = root;
    try {
      expect(cacheRoot()).toBe(root);
    } finally {
      if (before === undefined) delete process.env.RECSYS_LAB_CACHE_DIR;
      else process.env.RECSYS_LAB_CACHE_DIR = before;
    }
  });
});
