// The design review end to end at tiny scale on cut-down sizes (each run takes seconds): the reference design builds,
// serves and is scored through the runner; the scorecard carries intervals and n; each choice changes the system
// that is built — every choice (shards, leaves and the hybrid ranker included) against one run of the base design at
// its defaults, made once for the file; exact shards lose nothing; a combination that is not built is refused (the bad
// values of those choices are in design-file.test.ts). With the artefact cache, a second run of the reference loads
// its trained two-tower (with the user tower) and its HNSW index: it trains and builds nothing, says so on the
// scorecard (load times, never a build time of 0) and scores the same quality as the cold run. Timings are never
// asserted (speed belongs in bench/): every run measures briefly (BRIEF_MEASURE, as every test run), and the sizes are
// cut where nothing asserted reads them (below).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { designBlocks, designDocument, formatDesignMarkdown, formatDesignText } from '../../src/scenario/design-report.js';
import { renderHtml } from '../../src/scenario/format/html.js';
import { designScenario, findDesign, parseDesign } from '../../src/scenario/design.js';
import { readRunResult } from '../../src/scenario/result-schema.js';
import { runScenario } from '../../src/scenario/runner.js';
import { BRIEF_MEASURE } from '../helpers/run-scenario.js';
import type { ParamValue, RunEvent, RunResult } from '../../src/scenario/types.js';

const T = { timeout: 240_000 };
// 100 candidates a request (the default 500 made the index search and the ranker most of a run): every comparison
// below is between runs on the same cut, and what is asserted is the structure of a run (stages, memory rows,
// equalities that hold at any candidate count, such as the same retrieval recall under another ranker)
const CUT = { requests: 100, warmup: 10, evalUsers: 40, activeUsers: 60, candidates: 100 };

// the choices' runs take their requests at 2,000 req/s: the open loop waits for each arrival in real time (at the
// designs' 200 req/s, half a second of a run), and nothing asserted of them follows the rate (the TTL caches run on
// simulated time, set to each arrival, so the same users hit them)
const ARRIVALS = { qps: 2000 };
// and every run builds its HNSW graphs at the least breadth (efConstruction 16, the knob's floor): the choices compare
// memory, stage lists and lists served, every HNSW run here is built the same way (so equal index memory and equal
// retrieval recall stay equal), and the reference's document is checked to echo the breadth it was built with
const CHEAP_BUILD = { efConstruction: 16 };

async function review(text: string, params: Record<string, ParamValue>, onEvent?: (e: RunEvent) => void) {
  const design = parseDesign(text, 'test-design.yaml');
  const scenario = designScenario(design);
  const result = await runScenario(scenario, { scale: 'tiny', seed: 42, params: { ...CUT, ...ARRIVALS, ...CHEAP_BUILD, ...params }, onEvent, measure: BRIEF_MEASURE });
  return { design, scenario, result };
}

const BASE = 'id: t\ntitle: T\nretrieval: { embeddings: latent }\n';
// the base design at its defaults (HNSW, MMR, the seen-items rule) with a GBDT of 5 trees: the run every choice is
// compared with, made once for the file (and by whichever test asks first, so each passes alone)
let baseRun: Promise<RunResult> | undefined;
const base = (): Promise<RunResult> => (baseRun ??= review(BASE, { ann: 'hnsw', trees: 5, reranker: 'mmr', excludeSeen: true }).then((r) => r.result));
// exact search, a linear scorer, no re-ranker, no seen-items rule, batch lists: the other end of every choice, and the
// one exact index the exact shards are held to (retrieval recall reads the index alone, not the ranker or the lists)
const EXACT = { ann: 'exact', trees: 0, reranker: 'none', excludeSeen: false, freshness: 'batch' } as const;
let exactRun: Promise<RunResult> | undefined;
const exact = (): Promise<RunResult> => (exactRun ??= review(BASE, EXACT).then((r) => r.result));

/** The stages a run's latency reports (end to end and the protocol's extras left out). */
const stagesOf = (r: RunResult): string[] => Object.keys(r.latency).filter((s) => !['end_to_end', 'cpu_time_per_request', 'queue'].includes(s));

/**
 * The reference design (a trained two-tower) at tiny on the cut-down sizes, with its stages and log lines. Its two-tower
 * trains on 2,000 examples (the trainer's tiny default is 20,000): the runs are held to each other (the cached run's
 * quality equal to the cold one's, training seeded), and recall > 0 asks only for a model that was trained.
 */
async function reviewReference(params: Record<string, ParamValue>): Promise<{ result: RunResult; stages: string[]; logs: string[] }> {
  const stages: string[] = [];
  const logs: string[] = [];
  const result = await runScenario(designScenario(findDesign('reference')), {
    scale: 'tiny', seed: 42, params: { ...CUT, ...CHEAP_BUILD, trees: 5, maxExamples: 2000, ...params }, measure: BRIEF_MEASURE,
    onEvent: (e) => {
      if (e.type === 'stage-end') stages.push(e.stage);
      if (e.type === 'log') logs.push(e.message);
    },
  });
  return { result, stages, logs };
}
// its run without the artefact cache (the default at tiny): the reference the cache test's cold path is held to too
let referenceRun: ReturnType<typeof reviewReference> | undefined;
const reference = (): ReturnType<typeof reviewReference> => (referenceRun ??= reviewReference({}));

describe('design review (tiny, cut-down)', () => {
  it('the reference design is built, trained, indexed, served open loop and scored, with progress per stage', T, async () => {
    const design = findDesign('reference');
    const scenario = designScenario(design);
    const { result, stages } = await reference();
    expect(stages).toEqual(['world', 'build: embeddings, index, ranker', 'quality on held-out engagements', 'open-loop load at 200 req/s']);
    const m = result.metrics;
    for (const k of ['recall_at_100', 'ndcg_at_10', 'diversity_ild', 'p50_ms', 'p99_ms', 'ceiling_recall_at_100']) {
      expect(result.intervals?.[k], k).toBeDefined();
      expect(result.intervals![k][0], k).toBeLessThanOrEqual(m[k] + 1e-9);
      expect(result.intervals![k][1], k).toBeGreaterThanOrEqual(m[k] - 1e-9);
    }
    // the losses are differences of the same users' recalls (paired), so the three rows add up exactly
    expect(m.ceiling_recall_at_100 - m.loss_embeddings_recall_at_100 - m.loss_index_recall_at_100).toBeCloseTo(m.recall_at_100, 12);
    expect(m.recall_at_100).toBeGreaterThan(0);
    expect(m.catalog_coverage).toBeGreaterThan(0);
    expect(m.memory_total_mb).toBeCloseTo(m.memory_item_vectors_mb + m.memory_index_mb + m.memory_histories_mb + m.memory_ranker_mb + m.memory_user_cache_mb + m.memory_batch_lists_mb + m.memory_response_cache_mb, 9);
    expect(result.latency.end_to_end.n).toBe(100);
    expect(result.claims.map((c) => [c.kind, c.expr])).toEqual([
      ['finding', 'p99_ms < budgetMs'],
      ['finding', 'memory_total_mb <= 4000'],
      ['check', 'unaccounted_pct < 10'],
    ]);
    // the memory claim reads only exact metrics: decided by its point value
    expect(result.claims[1].verdict).toBe(m.memory_total_mb <= 4000 ? 'holds' : 'fails');
    expect(result.claims[1].replicates).toBe(1);
    expect(result.environment.twoTowerEngine).toBeDefined();
    // scaling on paper: labelled as an extrapolation, one row per factor, the formulas in the notes
    const paper = result.tables?.find((t) => t.title.startsWith('Scaling on paper'));
    expect(paper?.title).toContain('not measured');
    expect(paper?.rows.map((r) => r[0])).toEqual(['as measured', '10×', '100×']);
    expect(result.notes?.some((n) => n.startsWith('scaling on paper (an extrapolation)'))).toBe(true);
    expect(result.notes?.some((n) => n.startsWith('where it stops holding'))).toBe(true);

    const doc = designDocument(design, result);
    expect(doc.schema).toBe('recsys-lab/design@1');
    expect(doc.design.stages.index).toEqual({ ann: 'hnsw', M: 16, efConstruction: 16, ef: 100, shards: 1 });
    expect(doc.scorecard.requests).toBe(100);
    expect(doc.scorecard.busy !== undefined).toBe(result.environment.noise?.level === 'busy');
    expect(doc.scorecard.rows.find((r) => r.metric === 'p99_ms')?.interval).toEqual(result.intervals!.p99_ms);
    expect(doc.scorecard.bindingStage?.stage).toMatch(/^(encode|candidates|features|rank|rerank|rules)$/);
    expect(doc.scorecard.biggestQualityLoss?.step).toBe(m.loss_embeddings_recall_at_100 >= m.loss_index_recall_at_100 ? 'embeddings' : 'index');
    // the run document inside reads back like any run
    expect(readRunResult(JSON.parse(JSON.stringify(doc.run)))).not.toBeNull();
    const text = formatDesignText(doc, scenario);
    expect(text).toContain('Choices by stage');
    expect(text).toContain(`The stage that binds the latency: ${doc.scorecard.bindingStage!.stage}`);
    expect(formatDesignMarkdown(doc, scenario)).toMatch(/\| end-to-end p99 at the target QPS \| [\d.]+ ms \| [\d.]+ – [\d.]+ \|/);
    // the HTML page: one title, the choices, the scorecard with its p99 row, then the run's claims one level down
    const blocks = designBlocks(doc, scenario);
    expect(blocks.filter((b) => b.kind === 'heading' && b.level === 1)).toHaveLength(1);
    expect(blocks.some((b) => b.kind === 'table' && b.rows.some((r) => r[0] === 'end-to-end p99 at the target QPS'))).toBe(true);
    expect(blocks.some((b) => b.kind === 'claims')).toBe(true);
    const html = renderHtml({ title: 'Design review', blocks, about: [['command', 'recsys-lab design reference --format html']] });
    expect(html).toContain('Choices by stage');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
  });

  it('each choice changes the system that is built: index kind, ranker, re-ranker, the seen-items rule, freshness, a second retrieval source, a response cache and the ranker kind', T, async () => {
    const a = await base();
    const b = await exact();
    // index: exact search loses nothing to the index (same vectors searched exhaustively twice; ties aside)
    expect(Math.abs(b.metrics.loss_index_recall_at_100)).toBeLessThan(0.01);
    expect(b.metrics.memory_index_mb).not.toBe(a.metrics.memory_index_mb);
    // ranker: the GBDT's arrays against a linear scorer's weights
    expect(a.metrics.memory_ranker_mb).toBeGreaterThan(b.metrics.memory_ranker_mb);
    // re-ranker and rule: different lists, so a different diversity (measured on the hidden vectors, not the ones MMR saw)
    expect(b.metrics.diversity_ild).not.toBe(a.metrics.diversity_ild);
    // the embeddings are the same stand-in in both (latent, same seed): what the embeddings lose is the same
    expect(b.metrics.exact_recall_at_100).toBe(a.metrics.exact_recall_at_100);
    // served lists differ (ranker, re-ranker, rule), so does what they cover
    expect(b.metrics.ndcg_at_10).not.toBe(a.metrics.ndcg_at_10);
    expect(b.notes?.some((n) => n.includes('ann = exact'))).toBe(true);
    // freshness: batch lists are stored (users × k × 4 B) and served by lookup; near-real-time has neither
    expect(a.metrics.memory_batch_lists_mb).toBe(0);
    expect(b.metrics.memory_batch_lists_mb).toBeGreaterThan(0);
    expect(a.latency.lookup).toBeUndefined();
    expect(b.latency.lookup?.n).toBe(100);
    expect(b.metrics.batch_precompute_s).toBeGreaterThan(0);
    // a second retrieval source: the same index and vectors, a different candidate set
    const c = (await review(BASE, { ann: 'hnsw', trees: 5, reranker: 'mmr', excludeSeen: true, popularCandidates: 30, responseCacheTtlS: 3600 })).result;
    expect(c.metrics.memory_index_mb).toBe(a.metrics.memory_index_mb);
    expect(c.metrics.exact_recall_at_100).toBe(a.metrics.exact_recall_at_100);
    expect(c.metrics.recall_at_100).not.toBe(a.metrics.recall_at_100);
    expect(c.tables?.find((t) => t.title.startsWith('Quality'))?.rows[2][0]).toContain('up to 30 popular');
    // a response cache: 100 requests from 60 users repeat, and a repeat is a lookup held in memory
    expect(a.metrics.memory_response_cache_mb).toBe(0);
    expect(c.metrics.memory_response_cache_mb).toBeGreaterThan(0);
    expect(c.latency.lookup?.n).toBe(100);
    // the neural ranker in place of the GBDT: same candidates, other scores
    const d = (await review(BASE, { ann: 'hnsw', trees: 5, reranker: 'mmr', excludeSeen: true, ranker: 'nn', nnEpochs: 1 })).result;
    expect(d.notes?.some((n) => n.startsWith('ranker: neural'))).toBe(true);
    expect(d.metrics.recall_at_100).toBe(a.metrics.recall_at_100);
    expect(d.metrics.ndcg_at_10).not.toBe(a.metrics.ndcg_at_10);
    expect(d.metrics.ranker_train_s).toBeGreaterThan(0);
  });

  it('each choice changes the system that is built: the stage list and the memory follow the choice', T, async () => {
    const a = await base();
    // shards: the same vectors in 2 worker shards; fewer leaves: a smaller GBDT
    const sharded = (await review(BASE, { trees: 5, shards: 2, leaves: 4 })).result;
    // hybrid: the GBDT in front, a neural ranker on its best 20
    const hybrid = (await review(BASE, { trees: 5, ranker: 'hybrid', hybridHead: 20, nnEpochs: 1 })).result;

    expect(stagesOf(a)).not.toContain('merge');
    expect(stagesOf(a)).not.toContain('rank_head');
    expect(stagesOf(sharded)).toContain('merge');
    expect(sharded.latency.merge.n).toBe(100);
    expect(stagesOf(hybrid)).toContain('rank_head');
    expect(stagesOf(hybrid)).not.toContain('merge');

    // memory: the worker shards' shared copy of the vectors is there only with shards (items × dim × 4 B, as the item vectors)
    expect(a.metrics.memory_shard_vectors_mb).toBe(0);
    expect(sharded.metrics.memory_shard_vectors_mb).toBeCloseTo(sharded.metrics.memory_item_vectors_mb, 12);
    // and nothing else moved but the ranker (same users served, same caches)
    expect(sharded.metrics.memory_total_mb - sharded.metrics.memory_shard_vectors_mb - sharded.metrics.memory_ranker_mb).toBeCloseTo(a.metrics.memory_total_mb - a.metrics.memory_ranker_mb, 9);
    // the graphs together: hnswlib's layout is linear in the items, so the index figure is one index's
    expect(sharded.metrics.memory_index_mb).toBe(a.metrics.memory_index_mb);
    // leaves 4 against 31: a smaller tree array
    expect(sharded.metrics.memory_ranker_mb).toBeLessThan(a.metrics.memory_ranker_mb);
    // the hybrid holds the GBDT and the network's weights
    expect(hybrid.metrics.memory_ranker_mb).toBeGreaterThan(a.metrics.memory_ranker_mb);
    expect(hybrid.tables?.find((t) => t.title.startsWith('Memory'))?.rows.find((r) => r[0] === 'ranker')?.[2]).toMatch(/GBDT.*\+ \d+ network weights/);

    // retrieval: the hybrid ranks the same candidates, so retrieval recall is the base's; its served lists differ
    expect(hybrid.metrics.recall_at_100).toBe(a.metrics.recall_at_100);
    expect(hybrid.metrics.ndcg_at_10 !== a.metrics.ndcg_at_10 || hybrid.metrics.diversity_ild !== a.metrics.diversity_ild).toBe(true);
    expect(hybrid.notes?.some((n) => n.startsWith('ranker: hybrid cascade'))).toBe(true);
    // shards: each shard's graph is its own, so what retrieval finds is the sharded index's, measured, not assumed
    expect(sharded.metrics.shards).toBe(2);
    expect(sharded.tables?.find((t) => t.title.startsWith('Quality'))?.rows[2][0]).toContain('hnsw in 2 shards');
    // scaling on paper starts from the design's shards, and its CPU cost is labelled as the serving thread's plus the shards'
    const paper = sharded.tables?.find((t) => t.title.startsWith('Scaling on paper'));
    expect(paper?.rows[0][4]).toBe(2);
    expect(sharded.notes?.some((n) => n.startsWith('CPU per request for scaling on paper: requests overlapped'))).toBe(true);

    // the scorecard's binding stage is one of the path's stages, merge and rank_head included
    const card = designDocument(parseDesign(BASE, 'test-design.yaml'), hybrid).scorecard;
    expect(stagesOf(hybrid)).toContain(card.bindingStage?.stage);
  });

  it('the exact index in shards returns what one exact index returns (the split and the merge lose nothing)', T, async () => {
    const one = await exact();
    const split = (await review(BASE, { ...EXACT, shards: 3 })).result;
    expect(split.metrics.recall_at_100).toBe(one.metrics.recall_at_100);
    expect(split.metrics.loss_index_recall_at_100).toBe(0);
    // the exact twin runs on this thread and merges inside: no worker copy of the vectors
    expect(split.metrics.memory_shard_vectors_mb).toBe(0);
  });

  it('shards with a popularity source in front is refused, naming both fields', T, async () => {
    await expect(review(BASE, { trees: 5, shards: 2, popularCandidates: 10 })).rejects.toThrow(/index\.shards 2 with retrieval\.popularCandidates 10 is not built/);
  });
});

describe('the design review with the artefact cache (tiny, cut-down)', () => {
  const QUALITY = ['recall_at_100', 'exact_recall_at_100', 'ceiling_recall_at_100', 'ndcg_at_10', 'diversity_ild', 'catalog_coverage', 'recall_at_100_new_users', 'recall_at_100_cold_items'];

  it('a second run loads the two-tower and the index, says so with load times, and scores the same quality; cache = false trains and builds again', { timeout: 300_000 }, async () => {
    const design = findDesign('reference');
    // a cache of its own: the first run must find nothing of this model or index
    const before = process.env.RECSYS_LAB_CACHE_DIR;
    const dir = mkdtempSync(join(tmpdir(), 'design-cache-'));
    process.env.RECSYS_LAB_CACHE_DIR = dir;
    try {
      const first = await reviewReference({ cache: true });
      const second = await reviewReference({ cache: true });
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

      // cache = false (the tiny default): the cold path, nothing read or written, and (training is seeded) the same
      // quality again — the reference run of the first test, made once for the file
      const cold = await reference();
      expect(cold.result.params.cache).toBe(false);
      expect(cold.result.metrics.train_embeddings_s).toBeGreaterThan(0);
      expect(cold.result.metrics.index_build_s).toBeGreaterThan(0);
      expect(cold.logs.filter((l) => l.startsWith('cache: ') && !l.includes(' world'))).toEqual([]);
      expect(cold.result.notes?.some((n) => n.startsWith('artefact cache off'))).toBe(true);
      for (const m of QUALITY) expect(cold.result.metrics[m], m).toBe(a[m]);
    } finally {
      process.env.RECSYS_LAB_CACHE_DIR = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
