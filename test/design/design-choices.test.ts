// Shards, GBDT leaves and the hybrid ranker as design choices, end to end at tiny on cut-down sizes: each one changes
// the system that is built, and the scorecard's stage list and memory say so. Timings are never asserted.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { designDocument } from '../../src/scenario/design-report.js';
import { designScenario, parseDesign } from '../../src/scenario/design.js';
import { runScenario } from '../../src/scenario/runner.js';
import type { ParamValue, RunResult } from '../../src/scenario/types.js';

const T = { timeout: 240_000 };
const CUT = { requests: 100, warmup: 10, evalUsers: 40, activeUsers: 60, trees: 5 };
const BASE = 'id: t\ntitle: T\nretrieval: { embeddings: latent }\n';

async function review(params: Record<string, ParamValue>): Promise<RunResult> {
  return runScenario(designScenario(parseDesign(BASE, 'test-design.yaml')), { scale: 'tiny', seed: 42, params: { ...CUT, ...params } });
}

/** The stages a run's latency reports (end to end and the protocol's extras left out). */
const stagesOf = (r: RunResult): string[] => Object.keys(r.latency).filter((s) => !['end_to_end', 'cpu_time_per_request', 'queue'].includes(s));

describe('design choices: shards, leaves, the hybrid ranker', () => {
  it('each choice changes the system that is built: the stage list and the memory follow the choice', T, async () => {
    const base = await review({});
    // shards: the same vectors in 2 worker shards; fewer leaves: a smaller GBDT
    const sharded = await review({ shards: 2, leaves: 4 });
    // hybrid: the GBDT in front, a neural ranker on its best 20
    const hybrid = await review({ ranker: 'hybrid', hybridHead: 20, nnEpochs: 1 });

    expect(stagesOf(base)).not.toContain('merge');
    expect(stagesOf(base)).not.toContain('rank_head');
    expect(stagesOf(sharded)).toContain('merge');
    expect(sharded.latency.merge.n).toBe(100);
    expect(stagesOf(hybrid)).toContain('rank_head');
    expect(stagesOf(hybrid)).not.toContain('merge');

    // memory: the worker shards' shared copy of the vectors is there only with shards (items × dim × 4 B, as the item vectors)
    expect(base.metrics.memory_shard_vectors_mb).toBe(0);
    expect(sharded.metrics.memory_shard_vectors_mb).toBeCloseTo(sharded.metrics.memory_item_vectors_mb, 12);
    // and nothing else moved but the ranker (same users served, same caches)
    expect(sharded.metrics.memory_total_mb - sharded.metrics.memory_shard_vectors_mb - sharded.metrics.memory_ranker_mb).toBeCloseTo(base.metrics.memory_total_mb - base.metrics.memory_ranker_mb, 9);
    // the graphs together: hnswlib's layout is linear in the items, so the index figure is one index's
    expect(sharded.metrics.memory_index_mb).toBe(base.metrics.memory_index_mb);
    // leaves 4 against 31: a smaller tree array
    expect(sharded.metrics.memory_ranker_mb).toBeLessThan(base.metrics.memory_ranker_mb);
    // the hybrid holds the GBDT and the network's weights
    expect(hybrid.metrics.memory_ranker_mb).toBeGreaterThan(base.metrics.memory_ranker_mb);
    expect(hybrid.tables?.find((t) => t.title.startsWith('Memory'))?.rows.find((r) => r[0] === 'ranker')?.[2]).toMatch(/GBDT.*\+ \d+ network weights/);

    // retrieval: the hybrid ranks the same candidates, so retrieval recall is the base's; its served lists differ
    expect(hybrid.metrics.recall_at_100).toBe(base.metrics.recall_at_100);
    expect(hybrid.metrics.ndcg_at_10 !== base.metrics.ndcg_at_10 || hybrid.metrics.diversity_ild !== base.metrics.diversity_ild).toBe(true);
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
    const one = await review({ ann: 'exact' });
    const split = await review({ ann: 'exact', shards: 3 });
    expect(split.metrics.recall_at_100).toBe(one.metrics.recall_at_100);
    expect(split.metrics.loss_index_recall_at_100).toBe(0);
    // the exact twin runs on this thread and merges inside: no worker copy of the vectors
    expect(split.metrics.memory_shard_vectors_mb).toBe(0);
  });

  it('bad values name the file, the field and the allowed values', () => {
    const bad = (text: string): string => {
      try {
        parseDesign(`id: b\ntitle: B\n${text}\n`, 'bad.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(bad('ranking: { ranker: cascade }')).toBe('bad.yaml: ranking.ranker: "cascade" is not allowed; expected one of gbdt, nn, hybrid');
    expect(bad('index: { shards: 0 }')).toMatch(/^bad\.yaml: index\.shards: 0 is not allowed; expected an integer in \[1, 64\]/);
    expect(bad('index: { shards: 2.5 }')).toMatch(/^bad\.yaml: index\.shards: 2\.5 is not allowed/);
    expect(bad('ranking: { leaves: 1 }')).toMatch(/^bad\.yaml: ranking\.leaves: 1 is not allowed; expected an integer in \[2, 255\]/);
    expect(bad('ranking: { hybridHead: 0 }')).toMatch(/^bad\.yaml: ranking\.hybridHead: 0 is not allowed/);
    expect(bad('ranking: { shards: 2 }')).toMatch(/ranking\.shards: unknown field here \(it belongs in index\)/);
  });

  it('shards with a popularity source in front is refused, naming both fields', T, async () => {
    await expect(review({ shards: 2, popularCandidates: 10 })).rejects.toThrow(/index\.shards 2 with retrieval\.popularCandidates 10 is not built/);
  });
});
