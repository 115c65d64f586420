/**
 * Embedding dimension sweep for the two-tower retriever: for each dim, recall@100 and NDCG@10 on the
 * time-split test, training time, the HNSW index's memory and its query latency — next to the rule of
 * thumb dim = 4·⁴√vocab and the measured knee (the smallest dim within 95% of the best recall).
 *
 * Recall is a mean over eval users: every dim's model and the popularity baseline are scored on the same users,
 * so their replicates are paired, and the knee is found again on each replicate (its interval says how sure the
 * sweep is of it). Index latency goes through the measurement protocol.
 */
import { UsageError } from '../core/errors.js';
import { measure } from '../measure/index.js';
import { createAnnIndex } from '../retrieval/index.js';
import { gatherRows, popularityScores } from '../models/eval/baselines.js';
import { retrieveExact, retrieveGlobal } from '../models/eval/retrieve.js';
import { MAX_K, retrievalMetrics, retrievalPerUser } from '../models/eval/retrieval-metrics.js';
import type { EvalSet } from '../models/eval/eval-set.js';
import { evalSet, num, trainStage, twoTowerOptions } from './two-tower-common.js';
import { timingQuantile } from './timing-replicates.js';
import type { Experiment, ExperimentContext, Series, Table } from './types.js';

const USERS = 'eval-users';

/** The guide's rule of thumb, dim = 4 · vocab^(1/4). */
export function ruleOfThumbDim(vocab: number): number {
  return 4 * Math.pow(vocab, 0.25);
}

/** Smallest x whose y reaches `share` of the best y (the "knee" of a saturating curve). */
export function kneeOf(points: { x: number; y: number }[], share = 0.95): number {
  const best = Math.max(...points.map((p) => p.y));
  return [...points].sort((a, b) => a.x - b.x).find((p) => p.y >= share * best)!.x;
}

/** Swept dims up to maxDim (tiny caps the sweep so tests stay quick), plus the headline dim. */
function dims(ctx: ExperimentContext): number[] {
  const maxDim = num(ctx, 'maxDim');
  const values = ctx.sweep?.param === 'dim' ? ctx.sweep.values.map(Number).filter((v) => v <= maxDim) : [];
  values.push(num(ctx, 'dim'));
  for (const v of values) if (!Number.isInteger(v) || v < 2 || v > 1024) throw new UsageError(`embedding-dim: dim values must be integers in [2, 1024], got ${v}`);
  return [...new Set(values)].sort((a, b) => a - b);
}

/** HNSW over the item vectors: memory, and per-query latency of top-100 searches for the eval users (the protocol). */
async function indexCost(ctx: ExperimentContext, items: Float32Array, queries: Float32Array, d: number) {
  const index = createAnnIndex({ kind: 'hnsw', dim: d, metric: 'ip', maxElements: items.length / d, M: 16, efConstruction: 64 });
  index.addBatch(items);
  const nq = queries.length / d;
  const m = await measure((i) => index.search(queries.subarray((i % nq) * d, ((i % nq) + 1) * d), 100, { ef: 100 }), {
    label: `hnsw top-100, dim ${d}`, quantile: 0.99, budgetMs: 500, trials: 10, tick: () => ctx.tick(), signal: ctx.signal,
  });
  return { mb: index.memoryBytes() / 2 ** 20, m };
}

/** Exact top-MAX_K lists of a model's user vectors for the eval users: the metrics and their per-user values. */
async function evaluate(ctx: ExperimentContext, set: EvalSet, users: Float32Array, items: Float32Array, d: number) {
  const lists = await ctx.stage('exact search', () => retrieveExact(set, users, items, d, MAX_K));
  return { metrics: retrievalMetrics(set, lists, MAX_K), perUser: retrievalPerUser(set, lists, MAX_K) };
}

export const experiment: Experiment = {
  id: 'embedding-dim',
  description: 'Two-tower embedding dimension sweep: recall, training time, index memory and query latency against the 4·⁴√vocab rule of thumb',
  handlesSweep: true,
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const set = evalSet(ctx, world);
    const base = twoTowerOptions(ctx);
    const bs = ctx.bootstrap;
    const points: Series['points'] = [];
    const runs: { dim: number; point: Record<string, number>; recallReps: Float64Array; ndcgReps: Float64Array; latency: Awaited<ReturnType<typeof indexCost>>['m'] }[] = [];
    for (const dim of dims(ctx)) {
      const m = await trainStage(ctx, world, { ...base, dim }, `train dim ${dim}`);
      const userVecs = gatherRows(m.userEmbeddings(), set.users, dim);
      const r = await evaluate(ctx, set, userVecs, m.itemEmbeddings(), dim);
      const cost = await ctx.stage(`hnsw dim ${dim}`, () => indexCost(ctx, m.itemEmbeddings(), userVecs, dim));
      const point = {
        dim, recall_at_100: r.metrics.recall_at_100, ndcg_at_10: r.metrics.ndcg_at_10, recall_at_100_cold_items: r.metrics.recall_at_100_cold_items,
        train_seconds: m.stats.trainMs / 1000, index_mb: cost.mb, p50_ms: cost.m.summary.p50_ms, p99_ms: cost.m.summary.p99_ms,
      };
      runs.push({ dim, point, recallReps: bs.mean(USERS, r.perUser.recall_at_100), ndcgReps: bs.mean(USERS, r.perUser.ndcg_at_10), latency: cost.m });
      points.push(point);
      m.dispose();
      ctx.partial({ series: [{ name: 'dim-sweep', x: 'dim', points: [...points] }] });
    }
    const popLists = retrieveGlobal(set, popularityScores(set), MAX_K);
    const popularity = retrievalMetrics(set, popLists, MAX_K, 'popularity_').popularity_recall_at_100;
    const popReps = bs.mean(USERS, retrievalPerUser(set, popLists, MAX_K, 'popularity_').popularity_recall_at_100);
    const vocab = world.items.count;
    const rule = ruleOfThumbDim(vocab);
    const knee = kneeOf(runs.map((r) => ({ x: r.dim, y: r.point.recall_at_100 })));
    const chosen = runs.find((r) => r.dim === num(ctx, 'dim')) ?? runs.find((r) => r.dim === knee)!;
    const best = Math.max(...runs.map((r) => r.point.recall_at_100));
    const B = bs.B;
    const perB = (f: (b: number) => number): Float64Array => Float64Array.from({ length: B }, (_, b) => f(b));
    const kneeReps = perB((b) => kneeOf(runs.map((r) => ({ x: r.dim, y: r.recallReps[b] }))));
    const guide: Table = {
      title: 'Rule of thumb 4·⁴√vocab, checked',
      columns: ['vocab', '4·⁴√vocab', "guide's figure"],
      rows: [[vocab, rule, '—'], [1_000_000, ruleOfThumbDim(1e6), 126], [10_000_000, ruleOfThumbDim(1e7), 178]],
    };
    const p99 = timingQuantile(bs, chosen.latency.samples, 0.99);
    return {
      metrics: {
        ...chosen.point,
        rule_of_thumb_dim: rule,
        knee_dim: knee,
        best_recall_at_100: best,
        worst_recall_at_100: Math.min(...runs.map((r) => r.point.recall_at_100)),
        knee_over_rule: knee / rule,
        popularity_recall_at_100: popularity,
        rule_of_thumb_10m: ruleOfThumbDim(1e7),
      },
      replicates: {
        recall_at_100: chosen.recallReps,
        ndcg_at_10: chosen.ndcgReps,
        best_recall_at_100: perB((b) => Math.max(...runs.map((r) => r.recallReps[b]))),
        worst_recall_at_100: perB((b) => Math.min(...runs.map((r) => r.recallReps[b]))),
        popularity_recall_at_100: popReps,
        knee_dim: kneeReps,
        knee_over_rule: kneeReps.map((k) => k / rule),
        p50_ms: bs.quantile(chosen.latency.samples, 0.5),
        ...(p99 ? { p99_ms: p99 } : {}),
      },
      series: [{ name: 'dim-sweep', x: 'dim', points, ci: runs.map((r) => ({ p50_ms: r.latency.summary.ci!.p50, p99_ms: r.latency.summary.ci!.p99 })) }],
      tables: [guide],
      notes: [
        `catalog of ${vocab.toLocaleString('en-US')} items: the rule of thumb gives dim ≈ ${rule.toFixed(0)}; the measured knee (smallest dim within 95% of the best recall@100 ${best.toFixed(3)}) is ${knee} — recall is a mean over ${set.users.length} eval users, the same users for every dim (paired)`,
        `the guide's 10M-item example says ≈ 178, but 4·⁴√10⁷ = 4 × 56.2 = ${ruleOfThumbDim(1e7).toFixed(0)}; its 1M example (≈ 126) is right`,
        `index memory grows linearly with dim (vectors dominate: items × dim × 4 bytes, plus the graph's links); query latency grows with dim as each distance costs dim multiply-adds (${chosen.latency.summary.n} timed top-100 searches per dim)`,
      ],
    };
  },
};
