// The design review's two-tower cache (keep 'serving'): a loaded model serves like the trained one — the same item
// embeddings and, through the stored user tower, the same encodeUser output bit for bit; a corrupted file is caught by
// its checksum and the model retrained with a 'corrupt' event; the embeddings-only layout keeps its old behaviour.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CacheEvent } from '../../src/data/cache.js';
import { generateWorld } from '../../src/data/world.js';
import { getOrTrainTwoTower } from '../../src/models/two-tower/cached.js';
import { trainTwoTower } from '../../src/models/two-tower/train.js';
import type { TwoTowerModel, TwoTowerOptions, UserFeatures } from '../../src/models/two-tower/types.js';

const root = mkdtempSync(join(tmpdir(), 'two-tower-serving-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// a small world (150 users, 300 items): every check here is an equality of bits or a cache event, true at any size,
// and the eleven trainings of the file (the JS engine's among them) cost in proportion to its engagements
const world = generateWorld({
  scale: 'tiny', seed: 5,
  overrides: { numUsers: 150, numItems: 300, numCategories: 20, numTopCategories: 5, numBrands: 40, numTags: 30, days: 20, testDays: 4 },
});
const base: TwoTowerOptions = {
  dim: 16, hidden: [32], negatives: 'mixed', numNegatives: 16, logQ: 'correct', temperature: 0.1,
  batchSize: 128, epochs: 1, learningRate: 0.003, seed: 7,
};

/** Feature-only users: every demographic value met, histories of 0 to 60 items (beyond the 50-item pool), untrained items too. */
const probes: UserFeatures[] = Array.from({ length: 40 }, (_, i) => ({
  ageBand: i % world.config.numAgeBands,
  country: (i * 7) % world.config.numCountries,
  device: i % world.config.numDevices,
  history: Array.from({ length: (i * 3) % 61 }, (_, j) => (i * 31 + j * 17) % world.items.count),
}));
const encodings = (m: TwoTowerModel) => probes.map((f) => Array.from(m.encodeUser(f)));

/** Where two typed arrays first differ in their bytes (the same float bits), or their lengths if those differ; -1 when equal. */
function firstDifference(a: Float32Array | Float64Array, b: Float32Array | Float64Array): number | string {
  if (a.constructor !== b.constructor || a.length !== b.length) return `${a.constructor.name}(${a.length}) against ${b.constructor.name}(${b.length})`;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return Math.floor(i / a.BYTES_PER_ELEMENT);
  return -1;
}

describe("the two-tower serving cache (keep: 'serving')", () => {
  for (const engine of ['auto', 'js'] as const) {
    it(`a model loaded from disk encodes users bit for bit as the trained one (engine ${engine})`, async () => {
      const o = { ...base, engine };
      const events: CacheEvent[] = [];
      const first = await getOrTrainTwoTower(world, o, { root, keep: 'serving', onEvent: (e) => events.push(e) });
      const second = await getOrTrainTwoTower(world, o, { root, keep: 'serving', onEvent: (e) => events.push(e) });
      expect(events.map((e) => e.type)).toEqual(['miss', 'built', 'hit']);
      expect([first.source, second.source]).toEqual(['built', 'disk']);
      expect(first.loadSeconds).toBe(0);
      expect(second.loadSeconds).toBeGreaterThan(0);
      // the reference: the same options trained outside the cache (training is seeded, so this is the model that was stored)
      const direct = await trainTwoTower(world, o);
      const trained = encodings(direct);
      for (const got of [first.model, second.model]) {
        // bit for bit, compared byte by byte (toEqual walks every element through its generic equality: most of a check)
        expect(firstDifference(got.itemEmbeddings(), direct.itemEmbeddings()), 'item embeddings').toBe(-1);
        expect(firstDifference(got.userEmbeddings(), direct.userEmbeddings()), 'user embeddings').toBe(-1);
        expect(firstDifference(got.samplingProbabilities(), direct.samplingProbabilities()), 'sampling probabilities').toBe(-1);
        expect(got.stats.examples).toBe(direct.stats.examples);
        // toEqual on number arrays is exact: the same float bits, not "close"
        expect(encodings(got)).toEqual(trained);
      }
      expect(second.model.stats).toEqual(first.model.stats);
      // and not vacuously: the encodings differ between users, and from another seed's model
      expect(new Set(trained.map((v) => v.join(','))).size).toBeGreaterThan(30);
      const other = await trainTwoTower(world, { ...o, seed: 8 });
      expect(encodings(other)).not.toEqual(trained);
      for (const m of [first.model, second.model, direct, other]) m.dispose();
    });
  }

  it('a key covers every training option: another learning rate is a miss, not the cached model', async () => {
    const events: CacheEvent[] = [];
    const res = await getOrTrainTwoTower(world, { ...base, engine: 'js', learningRate: 0.004 }, { root, keep: 'serving', onEvent: (e) => events.push(e) });
    expect(res.source).toBe('built');
    expect(events[0].type).toBe('miss');
    res.model.dispose();
  });

  it("a corrupted table is caught by its checksum, retrained with a 'corrupt' event, and the next load is a hit", async () => {
    const o = { ...base, engine: 'js' as const, seed: 11 };
    const first = await getOrTrainTwoTower(world, o, { root, keep: 'serving' });
    const direct = await trainTwoTower(world, o);
    const trained = encodings(direct);
    direct.dispose();
    expect(encodings(first.model)).toEqual(trained);
    const dir = join(root, first.key);
    const file = join(dir, readdirSync(dir).find((f) => f.startsWith('table-itemId'))!);
    const bytes = readFileSync(file);
    for (let i = 100; i < 164; i++) bytes[i] ^= 0x5a;
    writeFileSync(file, bytes);
    const events: CacheEvent[] = [];
    const again = await getOrTrainTwoTower(world, o, { root, keep: 'serving', onEvent: (e) => events.push(e) });
    expect(events[0]).toMatchObject({ type: 'corrupt' });
    expect((events[0] as { reason: string }).reason).toMatch(/checksum/);
    expect(again.source).toBe('built');
    expect(encodings(again.model)).toEqual(trained);
    const third: CacheEvent[] = [];
    const loaded = await getOrTrainTwoTower(world, o, { root, keep: 'serving', onEvent: (e) => third.push(e) });
    expect(third.map((e) => e.type)).toEqual(['hit']);
    expect(encodings(loaded.model)).toEqual(trained);
    for (const m of [first.model, again.model, loaded.model]) m.dispose();
  });

  it('the embeddings-only layout is unchanged: a separate entry, and its loaded model still refuses encodeUser', async () => {
    const o = { ...base, engine: 'js' as const };
    await getOrTrainTwoTower(world, o, { root });
    const loaded = await getOrTrainTwoTower(world, o, { root });
    expect(loaded.source).toBe('disk');
    expect(loaded.key.startsWith('two-tower-embeddings-')).toBe(true);
    expect(() => loaded.model.encodeUser(probes[3])).toThrow(/cache/);
  });
});
