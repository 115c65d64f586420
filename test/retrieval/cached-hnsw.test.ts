// The HNSW cache: a second request with the same vectors and options loads from disk and answers exactly
// as the built index does; different vectors get a different key.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { getOrBuildHnsw } from '../../src/retrieval/index.js';
import { gaussianRows } from '../arbitraries/vectors.js';

const root = mkdtempSync(join(tmpdir(), 'hnsw-cache-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('getOrBuildHnsw', () => {
  it('builds once, then loads the same index from disk', async () => {
    const rng = new Rng(3);
    const dim = 8;
    const vectors = gaussianRows(rng, 600, dim);
    const queries = gaussianRows(rng, 10, dim);
    const events: string[] = [];
    const req = { options: { dim, metric: 'ip' as const, maxElements: 600, efConstruction: 50 }, vectors, source: { test: 'a' }, shards: 1, root, onEvent: (e: { type: string }) => events.push(e.type) };
    const first = await getOrBuildHnsw(req);
    const second = await getOrBuildHnsw(req);
    expect(first.source).toBe('built');
    expect(second.source).toBe('disk');
    expect(events).toEqual(['miss', 'built', 'hit']);
    expect(second.index.size).toBe(600);
    expect(second.index.searchBatch(queries, 10, { ef: 20 })).toEqual(first.index.searchBatch(queries, 10, { ef: 20 }));
    const other = await getOrBuildHnsw({ ...req, vectors: gaussianRows(rng, 600, dim) });
    expect(other.source).toBe('built');
  });
});
