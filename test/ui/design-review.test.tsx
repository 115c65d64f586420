// The design review in the TUI: the shipped designs are listed first on the home screen, open on their stage knobs
// (the same ParamSpec machinery as scenarios), run through the run service with progress, and show the scorecard
// under the verdicts. The run itself is faked (test/design runs the real one).
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { designScenario, findDesign } from '../../src/scenario/design.js';
import { DESIGN_GROUP_LABEL, visibleScenarios } from '../../src/ui/state/selectors.js';
import type { RunResult } from '../../src/scenario/types.js';
import { annResult, scenarios } from './fixtures.js';
import { KEYS, renderApp } from './helpers/render-app.js';

afterEach(() => cleanup());

const reference = designScenario(findDesign('reference'));

function designResult(params: RunResult['params']): RunResult {
  const stage = (mean: number) => ({ n: 300, p50_ms: mean, p95_ms: 2 * mean, p99_ms: 3 * mean, mean_ms: mean });
  return annResult({
    scenario: reference.id,
    title: reference.title,
    params,
    metrics: { recall_at_100: 0.33, ndcg_at_10: 0.12, diversity_ild: 0.61, catalog_coverage: 0.2, p50_ms: 6.4, p99_ms: 29.8, memory_total_mb: 2.2, loss_embeddings_recall_at_100: 0.28, loss_index_recall_at_100: 0.002 },
    intervals: { recall_at_100: [0.29, 0.37], p99_ms: [25.3, 33.1] },
    series: [],
    latency: { end_to_end: stage(8), encode: stage(0.3), candidates: stage(0.8), rank: stage(1.6), rerank: stage(0.4) },
    claims: [{ text: reference.claims[0].text, expr: reference.claims[0].expr, kind: 'finding', verdict: 'holds', holds: true, share: 1, replicates: 400, observed: { p99_ms: 29.8, budgetMs: 100 } }],
    tables: [],
    notes: [],
  });
}

describe('design review in the TUI', () => {
  it('lists the design reviews first, in their own group, before the interview topics', () => {
    const list = visibleScenarios({ scenarios: [...scenarios, reference], home: { filter: '', filtering: false, cursor: 0 } });
    expect(list[0].id).toBe('design-reference');
    expect(visibleScenarios({ scenarios: [...scenarios, reference], home: { filter: 'cache', filtering: false, cursor: 0 } }).map((s) => s.id)).toContain('design-reference');
  });

  it('home → the reference design: its stage knobs, a run with progress, then the scorecard with the binding stage', async () => {
    const app = renderApp({
      scenarios: [...scenarios, reference],
      rows: 60,
      columns: 120,
      events: [
        { type: 'stage-start', stage: 'build: embeddings, index, ranker' },
        { type: 'progress', stage: 'build: embeddings, index, ranker', fraction: 0.5, detail: 'two-tower' },
      ],
      result: (p) => designResult(p as RunResult['params']),
    });
    const home = await app.waitFor(DESIGN_GROUP_LABEL);
    expect(home.indexOf(DESIGN_GROUP_LABEL)).toBeLessThan(home.indexOf('System design'));
    expect(home).toMatch(/› Design review — Reference: two-tower retrieval/);
    await app.press(KEYS.enter);
    const knobs = await app.waitFor('Knobs');
    for (const k of ['candidates', 'reranker', 'cacheTtlS', 'budgetMs']) expect(knobs).toContain(k);
    await app.press(KEYS.enter);
    const f = await app.waitFor('Scorecard');
    expect(f).toMatch(/retrieval recall@100 \(new items\)\s+0\.330\s+0\.290 – 0\.370/);
    expect(f).toMatch(/end-to-end p99 at the target QPS\s+29\.800 ms\s+25\.300 – 33\.100/);
    expect(f).toContain('The stage that binds the latency: rank');
    expect(f).toContain('✓ End-to-end p99 at the target QPS');
    // the run carried the design's choices at tiny scale
    expect(app.runs[0].params).toMatchObject({ candidates: 500, ann: 'hnsw', reranker: 'mmr', trees: 30, dim: 24 });
  });

  it('asks for predictions of the headline figures before a rerun of the design', async () => {
    const previous = designResult({ candidates: 500 });
    const app = renderApp({ scenarios: [...scenarios, reference], rows: 60, columns: 120, history: { [reference.id]: [previous] }, result: (p) => designResult(p as RunResult['params']) });
    await app.waitFor(DESIGN_GROUP_LABEL);
    await app.press(KEYS.enter);
    await app.waitFor('Knobs');
    await app.press(KEYS.enter);
    const f = await app.waitFor('Predict, then observe');
    expect(f).toContain('does the end-to-end p99 at the target QPS go up, down or stay about the same?');
  });

  it('sets another design\'s scorecard against the reference design\'s last run at the same scale', async () => {
    const cheap = designScenario(findDesign('cheap-and-fast'));
    const ref = designResult({});
    const app = renderApp({
      scenarios: [...scenarios, reference, cheap],
      rows: 60,
      columns: 120,
      history: { [reference.id]: [ref] },
      result: (p) => ({ ...designResult(p as RunResult['params']), scenario: cheap.id, title: cheap.title, metrics: { ...ref.metrics, recall_at_100: 0.3, p99_ms: 12.5 } }),
    });
    await app.waitFor(DESIGN_GROUP_LABEL);
    await app.press(KEYS.down, KEYS.enter);
    await app.waitFor('Design review — Cheap and fast');
    await app.press(KEYS.enter);
    const f = await app.waitFor('against the reference design');
    // 0.300 against the reference's 0.330: −0.0300; p99 12.5 against 29.8: −17.3
    expect(f).toMatch(/retrieval recall@100 \(new items\)\s+0\.300\s+0\.290 – 0\.370\s+0\.330\s+−0\.0300/);
    expect(f).toMatch(/end-to-end p99 at the target QPS\s+12\.500 ms\s+25\.300 – 33\.100\s+29\.800\s+−17\.300/);
  });
});
