// The artefact cache: round trip, corrupt / stale detection and rebuild, atomic writes and cleanup.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunCancelledError } from '../../src/core/errors.js';
import { cacheKey, getOrBuild, type CacheEvent } from '../../src/data/cache.js';
import { listCache } from '../../src/data/cache-inspect.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(os.tmpdir(), 'recsys-cache-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const artefact = () => ({
  ids: Int32Array.from([5, -3, 7, 2 ** 31 - 1]),
  vecs: Float32Array.from([0.5, -1.25, Math.PI, 1e-30]),
  bytes: Uint8Array.from([0, 255, 9]),
  wide: Float64Array.from([Math.E, -0]),
  meta: { note: 'hello', n: 3, list: [1, 2] },
});

function spec(version: number | string = 1, params: Record<string, number> = { n: 4 }) {
  return { kind: 'test-thing', params, seed: 7, version, label: 'unit', root };
}

async function build(events: CacheEvent[], version: number | string = 1, force = false) {
  let builds = 0;
  const r = await getOrBuild({ ...spec(version), force, onEvent: (e) => events.push(e), build: async () => { builds++; return artefact(); } });
  return { ...r, builds };
}

describe('artefact cache', () => {
  it('round-trips typed arrays and JSON values exactly', async () => {
    const first = await build([]);
    expect(first.source).toBe('built');
    const events: CacheEvent[] = [];
    const second = await build(events);
    expect(second.source).toBe('disk');
    expect(second.builds).toBe(0);
    expect(events.map((e) => e.type)).toEqual(['hit']);
    const want = artefact();
    for (const k of ['ids', 'vecs', 'bytes', 'wide'] as const) {
      expect(second.value[k].constructor).toBe(want[k].constructor);
      expect(Array.from(second.value[k] as ArrayLike<number>)).toEqual(Array.from(want[k]));
    }
    expect(Object.is((second.value.wide as Float64Array)[1], -0)).toBe(true);
    expect(second.value.meta).toEqual(want.meta);
  });

  it('writes a manifest with kind, version, params, seed and a sha256 per file', async () => {
    const { dir, key } = await build([]);
    expect(key).toBe(cacheKey(spec()));
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(m).toMatchObject({ kind: 'test-thing', version: 1, params: { n: 4 }, seed: 7 });
    expect(m.files.ids).toMatchObject({ dtype: 'Int32Array', length: 4, bytes: 16 });
    expect(m.files.ids.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('detects a flipped byte as corrupt and rebuilds', async () => {
    const { dir } = await build([]);
    const file = join(dir, 'vecs.bin');
    const bytes = readFileSync(file);
    bytes[3] ^= 0xff;
    writeFileSync(file, bytes);
    expect(listCache({ root, verify: true })[0].ok).toBe(false);
    const events: CacheEvent[] = [];
    const again = await build(events);
    expect(events[0]).toMatchObject({ type: 'corrupt' });
    expect((events[0] as { reason: string }).reason).toMatch(/checksum/);
    expect(again.builds).toBe(1);
    expect(listCache({ root, verify: true })[0].ok).toBe(true);
  });

  it('detects a missing or truncated file as corrupt and rebuilds', async () => {
    const { dir } = await build([]);
    rmSync(join(dir, 'ids.bin'));
    const events: CacheEvent[] = [];
    expect((await build(events)).builds).toBe(1);
    expect(events[0]).toMatchObject({ type: 'corrupt' });
    truncateSync(join(dir, 'wide.bin'), 8);
    const events2: CacheEvent[] = [];
    expect((await build(events2)).builds).toBe(1);
    expect((events2[0] as { reason: string }).reason).toMatch(/truncated/);
  });

  it('rebuilds a cache written by another version (stale)', async () => {
    await build([], 1);
    const events: CacheEvent[] = [];
    const r = await build(events, 2);
    expect(events[0]).toMatchObject({ type: 'stale' });
    expect(r.builds).toBe(1);
    expect(JSON.parse(readFileSync(join(r.dir, 'manifest.json'), 'utf8')).version).toBe(2);
  });

  it('keys differ when params or seed differ', () => {
    expect(cacheKey(spec(1, { n: 4 }))).not.toBe(cacheKey(spec(1, { n: 5 })));
    expect(cacheKey({ ...spec(), seed: 8 })).not.toBe(cacheKey(spec()));
    // key order in params does not matter
    expect(cacheKey(spec(1, { a: 1, b: 2 }))).toBe(cacheKey(spec(1, { b: 2, a: 1 })));
  });

  it('a build that is aborted leaves no cache directory', async () => {
    const ac = new AbortController();
    const p = getOrBuild({ ...spec(), signal: ac.signal, build: async () => { ac.abort(); return artefact(); } });
    await expect(p).rejects.toBeInstanceOf(RunCancelledError);
    expect(readdirSync(root)).toEqual([]);
  });

  it('a build that throws leaves no cache directory', async () => {
    await expect(getOrBuild({ ...spec(), build: async () => { throw new Error('boom'); } })).rejects.toThrow('boom');
    expect(readdirSync(root)).toEqual([]);
  });

  it("removes a dead writer's temp directory and never lists it", async () => {
    // pid 2^22+1 is above Linux's default pid_max of 2^22, so no live process owns it
    const leftover = join(root, `.tmp-test-thing-unit-abc-${2 ** 22 + 1}-${Date.now()}`);
    mkdirSync(leftover);
    writeFileSync(join(leftover, 'ids.bin'), 'half');
    expect(listCache({ root })).toEqual([]);
    const events: CacheEvent[] = [];
    await build(events);
    expect(existsSync(leftover)).toBe(false);
    expect(events.some((e) => e.type === 'cleaned')).toBe(true);
  });

  it('--force rebuilds even a valid cache', async () => {
    await build([]);
    expect((await build([], 1, true)).builds).toBe(1);
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
