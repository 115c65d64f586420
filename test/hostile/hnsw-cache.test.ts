// A corrupted HNSW index cache (header, links, payload) is detected before its bytes reach hnswlib and rebuilt with
// a note — never a crash, never a silent change of results. Corrupted links used to crash the native loader
// (exit 139) on every later run.
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import type { CacheEvent } from '../../src/data/cache.js';
import { getOrBuildHnsw } from '../../src/retrieval/index.js';
import { gaussianRows } from '../arbitraries/vectors.js';
import { cleanup, cli, expectNoStack, scenarioWithoutClaims, scratch } from './helpers.js';

const root = scratch('hnsw');
afterAll(() => cleanup(root));

const DIM = 8;
const N = 600;
const rng = new Rng(11);
const vectors = gaussianRows(rng, N, DIM);
const queries = gaussianRows(rng, 20, DIM);

function request(label: string, events: CacheEvent[]) {
  return { options: { dim: DIM, metric: 'ip' as const, maxElements: N, efConstruction: 50 }, vectors, source: { test: label }, shards: 1, root, onEvent: (e: CacheEvent) => events.push(e) };
}

/** hnswlib's file: a 96-byte header, then per element [link count, links…, vector, label]; size per element at byte 24. */
const HEADER = 96;
const perElement = (b: Buffer) => Number(b.readBigUInt64LE(24));

const corruptions: Record<string, (b: Buffer) => void> = {
  // max_elements: loadIndex tries to allocate level 0 for it and throws
  header: (b) => b.fill(0xff, 8, 16),
  // every neighbour id of the first 200 elements points far outside the index: a search reads wild memory
  links: (b) => {
    for (let e = 0; e < 200; e++) {
      const o = HEADER + e * perElement(b);
      for (let j = 0; j < b.readUInt32LE(o); j++) b.writeUInt32LE(0x7fffffff - j, o + 4 + 4 * j);
    }
  },
  // 64 bytes of vector data: no crash, but recall would silently change
  payload: (b) => {
    const o = HEADER + 5 * perElement(b) + 4 + 4 * 32; // inside element 5's vector (links of M0 = 32 before it)
    for (let i = 0; i < 64; i++) b[o + i] ^= 0xa5;
  },
};

function shardFile(dir: string): string {
  return join(dir, readdirSync(dir).find((f) => f.startsWith('shard') && f.endsWith('.bin'))!);
}

describe('a corrupted HNSW index cache', () => {
  for (const [part, corrupt] of Object.entries(corruptions)) {
    it(`corrupted ${part}: detected by its checksum, rebuilt with a 'corrupt' event, answers as a fresh build`, async () => {
      const first = await getOrBuildHnsw(request(part, []));
      const fresh = first.index.searchBatch(queries, 10, { ef: 40 });
      const file = shardFile(first.dir);
      const bytes = readFileSync(file);
      corrupt(bytes);
      writeFileSync(file, bytes);
      const events: CacheEvent[] = [];
      const again = await getOrBuildHnsw(request(part, events));
      expect(events[0]).toMatchObject({ type: 'corrupt' });
      expect((events[0] as { reason: string }).reason).toMatch(/checksum mismatch/);
      expect(again.source).toBe('built');
      expect(again.index.searchBatch(queries, 10, { ef: 40 })).toEqual(fresh);
      // and the rebuilt copy is good: the next load is a hit
      const third: CacheEvent[] = [];
      expect((await getOrBuildHnsw(request(part, third))).source).toBe('disk');
      expect(third.map((e) => e.type)).toEqual(['hit']);
    });
  }

  it('a copy whose checksums match but that hnswlib refuses (a damaged header) is rebuilt too', async () => {
    const first = await getOrBuildHnsw(request('refused', []));
    const file = shardFile(first.dir);
    const bytes = readFileSync(file);
    corruptions.header(bytes);
    writeFileSync(file, bytes);
    // make the manifest agree with the damaged bytes, as if they had been written that way
    const manifestPath = join(first.dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const name = Object.keys(manifest.files).find((k) => manifest.files[k].file === file.split('/').pop())!;
    manifest.files[name].sha256 = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const events: CacheEvent[] = [];
    const again = await getOrBuildHnsw(request('refused', events));
    expect(events.map((e) => e.type)).toContain('corrupt');
    expect(events.find((e) => e.type === 'corrupt')).toMatchObject({ reason: expect.stringMatching(/hnswlib could not load it/) });
    expect(again.source).toBe('built');
    expect(again.index.size).toBe(N);
  });

  it('end to end: a run over a cache with corrupted links notes the rebuild in one line and exits 0', () => {
    const cache = scratch('hnsw-e2e');
    try {
      // the tiny world of seed 42 as the global setup built it (test/global-setup.ts), copied: the cache under test is
      // the index's, and generating the world again in the first run cost it a second of CPU
      const shared = process.env.RECSYS_LAB_CACHE_DIR!;
      const world = readdirSync(shared).find((k) => k.startsWith('world-tiny-s42-'))!;
      cpSync(join(shared, world), join(cache, world), { recursive: true });
      const scenario = scenarioWithoutClaims('ann-recall-latency');
      const args = ['run', scenario, '--scale', 'tiny', '--no-sweep', '--set', 'items=1000', '--set', 'queries=20', '--set', 'cache=true', '--format', 'json'];
      const env = { RECSYS_LAB_CACHE_DIR: cache };
      expect(cli(args, { env }).code).toBe(0);
      const dir = join(cache, readdirSync(cache).find((d) => d.startsWith('hnsw-'))!);
      const file = shardFile(dir);
      const bytes = readFileSync(file);
      corruptions.links(bytes);
      writeFileSync(file, bytes);
      const r = cli(args, { env });
      expect(r.code).toBe(0);
      expect(r.stderr.split('\n').filter((l) => l.includes('is corrupt'))).toEqual([
        expect.stringMatching(/^cache: hnsw-.* is corrupt \(shard0\.bin: checksum mismatch .*\); rebuilding$/),
      ]);
      expectNoStack(r.stderr);
      expect(JSON.parse(r.stdout).metrics.recall_at_10).toBeGreaterThan(0);
    } finally {
      cleanup(cache);
    }
  }, 120_000);
});
