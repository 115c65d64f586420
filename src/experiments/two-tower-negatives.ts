/**
 * Negatives × logQ for the two-tower retriever: for the chosen negative sampling, train with the
 * logQ correction off, correct and with the wrong sign, and compare recall, tail-item recall, the
 * popularity of what is retrieved and training time. Alongside, the streaming frequency estimator of
 * Yi et al. (2019) is run over the same batch stream and compared with the exact sampling probabilities.
 */
import { batchInclusionProbabilities, StreamingFrequencyEstimator } from '../core/sampled-softmax/frequency-estimator.js';
import { itemCounts, popularitySplit } from '../data/cohorts.js';
import type { World } from '../data/world-types.js';
import { LOGQ_MODES, type LogQMode } from '../models/two-tower/types.js';
import { MetricSet } from './metric-set.js';
import {
  bool, CORE_METRICS, evalSet, num, str, popularityEvaluation, trainStage, twoTowerEvaluation, twoTowerOptions, type Metrics,
} from './two-tower-common.js';
import type { Experiment, ExperimentContext, Table } from './types.js';
import type { LatencySummary } from '../core/stats.js';
import type { HnswSpace } from '../retrieval/index.js';
import { dotRows } from '../core/vec.js';

const SUFFIX: Record<LogQMode, string> = { correct: '', off: '_logq_off', 'wrong-sign': '_wrong_sign' };

/**
 * Mean |q̂/q − 1| of the streaming estimate against the exact per-batch inclusion probability, over
 * head and tail items that occur in training, after one pass over the shuffled train stream.
 */
function estimatorError(ctx: ExperimentContext, world: World, batchSize: number, alpha: number): Metrics {
  const counts = itemCounts(world, 'train');
  const exact = batchInclusionProbabilities(counts, batchSize);
  const est = new StreamingFrequencyEstimator({ buckets: Math.max(1024, world.items.count * 2), alpha });
  const items = world.interactions.item.slice(0, world.split.trainCount);
  ctx.rng('estimator-stream').shuffle(items);
  for (let s = 0; s + batchSize <= items.length; s += batchSize) est.update(items.subarray(s, s + batchSize));
  const { isHead } = popularitySplit(world, 0.2);
  const err = [[0, 0], [0, 0]];
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    const q = est.probability(i);
    const g = isHead[i] ? 0 : 1;
    err[g][0] += Math.abs(q / exact[i] - 1);
    err[g][1]++;
  }
  return {
    estimator_error_head: err[0][0] / Math.max(1, err[0][1]),
    estimator_error_tail: err[1][0] / Math.max(1, err[1][1]),
  };
}

const HNSW_METRICS = ['hnsw_recall_at_100', 'recall_at_100_lost_to_ann', 'hnsw_overlap_at_100'];

/** Smallest and largest item norm: when they are equal, ip-as-l2 adds a zero coordinate and builds the same graph as ip. */
function normRange(items: Float32Array, dim: number): [number, number] {
  let lo = Infinity;
  let hi = 0;
  for (let r = 0; r < items.length / dim; r++) {
    const length = Math.sqrt(dotRows(items, r, items, r, dim));
    lo = Math.min(lo, length);
    hi = Math.max(hi, length);
  }
  return [lo, hi];
}

export const experiment: Experiment = {
  id: 'two-tower-negatives',
  description: 'Two-tower negatives (in-batch, uniform, mixed, hard) × logQ correction (off, correct, wrong sign): recall, tail recall, popularity bias, training time',
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const set = evalSet(ctx, world);
    const base = twoTowerOptions(ctx);
    const out = new MetricSet(ctx);
    let latency: Record<string, LatencySummary> = {};
    let hnswNote: string[] = [];
    const table: Table = {
      title: 'logQ correction',
      columns: ['logQ', 'recall@10', 'recall@100', 'tail recall@100', 'head share@10', 'mean log pop@10', 'train s', 'last loss'],
      rows: [],
    };
    // every logQ mode is trained on the same examples and evaluated on the same users (paired replicates)
    for (const logQ of LOGQ_MODES) {
      const m = await trainStage(ctx, world, { ...base, logQ }, `train (logQ ${logQ})`);
      const hnsw = logQ === 'correct' && bool(ctx, 'hnsw');
      const ev = await twoTowerEvaluation(ctx, set, m, hnsw, hnsw ? { hnsw: { ef: num(ctx, 'ef'), efConstruction: num(ctx, 'efConstruction'), M: num(ctx, 'M'), space: str(ctx, 'hnswSpace') as HnswSpace } } : {});
      const r = ev.metrics;
      out.means(ev.perUser, (k) => (CORE_METRICS.includes(k) ? `${k}${SUFFIX[logQ]}` : null));
      if (logQ === 'correct') {
        for (const k of ['eval_users', 'eval_users_new', 'eval_users_with_cold_items']) out.exact(k, r[k]);
        out.means(ev.perUser, (k) => (HNSW_METRICS.includes(k) ? k : null));
        for (const [k, reps] of Object.entries(ev.replicates ?? {})) out.withReplicates(k, r[k], reps);
        if (r.hnsw_build_seconds !== undefined) out.exact('hnsw_build_seconds', r.hnsw_build_seconds);
        latency = ev.latency ?? {};
        if (hnsw) {
          const [lo, hi] = normRange(m.itemEmbeddings(), m.dim);
          const same = hi - lo < 1e-3 ? ': all equal (the item tower L2-normalises its output), so ip-as-l2 appends a zero coordinate and builds the same graph as ip' : '';
          hnswNote = [`HNSW graph in ${str(ctx, 'hnswSpace')} space; item norms ${lo.toFixed(4)}–${hi.toFixed(4)}${same}`];
        }
      }
      // training wall time is one stage timing (not a quantile): exact, like the stage table
      out.exact(`train_seconds${SUFFIX[logQ]}`, m.stats.trainMs / 1000);
      out.exact(`examples_per_second${SUFFIX[logQ]}`, m.stats.examplesPerSecond);
      out.exact(`mining_seconds${SUFFIX[logQ]}`, m.stats.miningMs / 1000);
      table.rows.push([logQ, r.recall_at_10, r.recall_at_100, r.recall_at_100_tail_items, r.head_share_at_10, r.mean_log_popularity_at_10, m.stats.trainMs / 1000, m.stats.lastLoss]);
      m.dispose();
      ctx.partial({ tables: [table] });
    }
    out.means(popularityEvaluation(set).perUser, (k) => (['popularity_recall_at_100', 'popularity_head_share_at_10'].includes(k) ? k : null));
    for (const [k, v] of Object.entries(estimatorError(ctx, world, base.batchSize, base.frequencyAlpha!))) out.exact(k, v);
    out.derive('tail_gain_from_correction', ['recall_at_100_tail_items', 'recall_at_100_tail_items_logq_off'], (a, b) => a - b);
    out.derive('recall_cost_of_wrong_sign', ['recall_at_100', 'recall_at_100_wrong_sign'], (a, b) => a - b);
    const metrics = out.metrics;
    return {
      metrics,
      replicates: out.replicates,
      latency,
      tables: [table],
      notes: [
        `${base.negatives} negatives${base.negatives === 'in-batch' ? '' : ` (${base.numNegatives} extra)`}, dim ${base.dim}, batch ${base.batchSize}, τ ${base.temperature}, ${base.epochs} epoch(s); ${set.users.length} test users; the three logQ modes are all trained here, so the logQ knob is not read`,
        ...(base.negatives === 'uniform' ? ['with uniform negatives only, q is the same for every column, so subtracting log q shifts every logit equally and the softmax does not change: the three modes train the same model'] : []),
        ...hnswNote,
        `streaming frequency estimator (α ${base.frequencyAlpha}) after one pass: mean relative error ${(metrics.estimator_error_head * 100).toFixed(1)}% on head items, ${(metrics.estimator_error_tail * 100).toFixed(1)}% on tail items (rare items are seen too seldom for the gap average to settle)`,
      ],
    };
  },
};
