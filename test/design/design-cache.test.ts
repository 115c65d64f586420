// The design review reuses its trained two-tower (with the user tower) and its HNSW index from the artefact cache:
// a second run trains nothing and builds nothing, says so on the scorecard (load times, never a build time of 0) and
// scores the same quality; cache = false takes the cold path again. Timings are never asserted (speed is in bench/).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { designDocument, formatDesignText } from '../../src/scenario/design-report.js';
import { designScenario, findDesign } from '../../src/scenario/design.js';
import { runScenario } from '../../src/scenario/runner.js';
import type { ParamValue, RunEvent, RunResult } from '../../src/scenario/types.js';

const T = { timeout: 300_000 };
const CUT = { requests: 100, warmup: 10, evalUsers: 40, activeUsers: 60, trees: 5, maxExamples: 5000 };
const QUALITY = ['recall_at_100', 'exact_recall_at_100', 'ceiling_recall_at_100', 'ndcg_at_10', 'diversity_ild', 'catalog_coverage', 'recall_at_100_new_users', 'recall_at_100_cold_items'];

let dir = '';
const before = process.env.RECSYS_LAB_CACHE_DIR;
beforeAll(() => {
  // a cache of its own: the first run must find nothing of this model or index
  dir = mkdtempSync(join(tmpdir(), 'design-cache-'));
  process.env.RECSYS_LAB_CACHE_DIR = dir;
});
afterAll(() => {
  process.env.RECSYS_LAB_CACHE_DIR = before;
  rmSync(dir, { recursive: true, force: true });
});

const design = findDesign('reference');
async function review(params: Record<string, ParamValue>): Promise<{ result: RunResult; logs: string[] }> {
  const logs: string[] = [];
  const result = await runScenario(designScenario(design), {
    scale: 'tiny', seed: 42, params: { ...CUT, ...params },
    onEvent: (e: RunEvent) => { if (e.type === 'log') logs.push(e.message); },
  });
  return { result, logs };
}

describe('the design review with the artefact cache (tiny, cut-down)', () => {
  it('a second run loads the two-tower and the index, says so with load times, and scores the same quality; cache = false trains and builds again', T, async () => {
    const first = await review({ cache: true });
    const second = await review({ cache: true });
    const a = first.result.metrics;
    const b = second.result.metrics;
    // first run: trained and built (and stored), with build times
    expect(a.train_embeddings_s).toBeGreaterThan(0);
    expect(a.index_build_s).toBeGreaterThan(0);
    expect(a.embeddings_load_s).toBeUndefined();
    expect(first.logs.filter((l) => l.startsWith('cache: wrote')).length).toBe(2);
    expect(first.result.notes?.find((n) => n.startsWith('artefact cache on'))).toMatch(/embeddings: trained in this run .*index: built in this run/);
    // second run: both loaded, load times under their own names, no build time at all
    expect(b.train_embeddings_s).toBeUndefined();
    expect(b.index_build_s).toBeUndefined();
    expect(b.embeddings_load_s).toBeGreaterThan(0);
    expect(b.index_load_s).toBeGreaterThan(0);
    expect(second.logs.filter((l) => l.startsWith('cache: loaded two-tower-serving-')).length).toBe(1);
    expect(second.logs.filter((l) => l.startsWith('cache: loaded hnsw-')).length).toBe(1);
    expect(second.result.notes?.find((n) => n.startsWith('artefact cache on'))).toMatch(/embeddings: cached \(loaded in [\d.]+ s\); index: cached \(loaded in [\d.]+ s\)/);
    // the index was built as 2 graphs (the reference has one shard: the build uses two worker threads), said in the notes
    expect(a.index_graphs).toBe(2);
    expect(first.result.notes?.some((n) => n.includes('built as 2 graphs in parallel worker threads'))).toBe(true);
    // the same system: every quality figure equal
    for (const m of QUALITY) expect(b[m], m).toBe(a[m]);
    // the scorecard says cached, with the load time, where the build time was
    const card = designDocument(design, second.result).scorecard;
    expect(card.rows.map((r) => r.metric)).toEqual(expect.arrayContaining(['embeddings_load_s', 'index_load_s']));
    expect(card.rows.map((r) => r.metric)).not.toContain('train_embeddings_s');
    expect(formatDesignText(designDocument(design, second.result), designScenario(design))).toMatch(/embedding training: cached, loaded in +[\d.]+ s/);

    // cache = false: the cold path, nothing read or written, and (training is seeded) the same quality again
    const cold = await review({ cache: false });
    expect(cold.result.metrics.train_embeddings_s).toBeGreaterThan(0);
    expect(cold.result.metrics.index_build_s).toBeGreaterThan(0);
    expect(cold.logs.filter((l) => l.startsWith('cache: ') && !l.includes(' world'))).toEqual([]);
    expect(cold.result.notes?.some((n) => n.startsWith('artefact cache off'))).toBe(true);
    for (const m of QUALITY) expect(cold.result.metrics[m], m).toBe(a[m]);
  });
});
