// The compressed-index cache: a second request with the same vectors and options loads from disk and answers exactly
// as the built index does; other options get another key; a flipped byte in a cached file is caught by its checksum
// and the index is rebuilt (a 'corrupt' event), never loaded with wrong codes.
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { getOrBuildAnn } from '../../src/retrieval/index.js';
import { gaussianRows } from '../arbitraries/vectors.js';

const root = mkdtempSync(join(tmpdir(), 'ann-cache-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('getOrBuildAnn', () => {
  const rng = new Rng(4);
  const dim = 8;
  const vectors = gaussianRows(rng, 800, dim);
  const queries = gaussianRows(rng, 10, dim);

  for (const options of [
    { kind: 'ivfpq', dim, metric: 'ip', maxElements: 800, nlist: 4, pqM: 4, nbits: 5, iterations: 3, seed: 2 },
    { kind: 'ivf', dim, metric: 'l2', maxElements: 800, nlist: 4, iterations: 3, seed: 2 },
    { kind: 'sq8', dim, metric: 'cosine', maxElements: 800 },
  ] as const) {
    it(`builds ${options.kind} once, then loads the same index from disk`, async () => {
      const events: string[] = [];
      const req = { options, vectors, source: { test: options.kind }, root, onEvent: (e: { type: string }) => events.push(e.type) };
      const first = await getOrBuildAnn(req);
      const second = await getOrBuildAnn(req);
      expect([first.source, second.source]).toEqual(['built', 'disk']);
      expect(events).toEqual(['miss', 'built', 'hit']);
      expect(second.index.kind).toBe(options.kind);
      expect(second.index.size).toBe(800);
      const opts = { nprobe: 2, rerank: options.kind === 'ivf' ? 0 : 20 };
      expect(second.index.searchBatch(queries, 10, opts)).toEqual(first.index.searchBatch(queries, 10, opts));
    });
  }

  it('keys on the options, and rebuilds a copy whose bytes changed', async () => {
    const options = { kind: 'ivfpq', dim, metric: 'ip', maxElements: 800, nlist: 4, pqM: 2, nbits: 4, iterations: 3, seed: 2 } as const;
    const events: string[] = [];
    const req = { options, vectors, source: { test: 'corrupt' }, root, onEvent: (e: { type: string }) => events.push(e.type) };
    const built = await getOrBuildAnn(req);
    expect(built.source).toBe('built');
    const codes = readdirSync(built.dir).find((f) => f.includes('list-codes'))!;
    const bytes = readFileSync(join(built.dir, codes));
    bytes[0] ^= 1;
    writeFileSync(join(built.dir, codes), bytes);
    const again = await getOrBuildAnn(req);
    expect(again.source).toBe('built');
    expect(events).toContain('corrupt');
    expect(again.index.searchBatch(queries, 10, { nprobe: 4 })).toEqual(built.index.searchBatch(queries, 10, { nprobe: 4 }));
    expect((await getOrBuildAnn({ ...req, options: { ...options, nbits: 5 } })).source).toBe('built');
  });
});
