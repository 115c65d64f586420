/**
 * "What if a user has 10,000 items in their history?" — the user tower pools history embeddings, so
 * the question is how much of the history to pool and how to weight it. Each variant (truncate to the
 * last L items, pool everything, recency-weight with a half-life, or both) is trained and evaluated, and
 * the cost of encoding one user with a 10,000-item history is timed for each.
 */
import { summariseLatency } from '../core/stats.js';
import type { HistoryOptions } from '../models/two-tower/features.js';
import { evalSet, evaluateTwoTower, num, trainStage, twoTowerOptions, type Metrics } from './two-tower-common.js';
import type { Experiment, Table } from './types.js';

interface Variant { id: string; label: string; history: HistoryOptions }

function variants(long: number, halfLife: number, truncate: number): Variant[] {
  return [
    { id: 'truncate_short', label: `last 10 items`, history: { maxLength: 10, halfLife: Infinity } },
    { id: 'truncate', label: `last ${truncate} items`, history: { maxLength: truncate, halfLife: Infinity } },
    { id: 'all_mean', label: `all items (up to ${long}), plain mean`, history: { maxLength: long, halfLife: Infinity } },
    { id: 'all_recency', label: `all items (up to ${long}), half-life ${halfLife}`, history: { maxLength: long, halfLife } },
    { id: 'truncate_recency', label: `last ${truncate}, half-life ${halfLife}`, history: { maxLength: truncate, halfLife } },
  ];
}

export const experiment: Experiment = {
  id: 'two-tower-history',
  description: 'User-tower history pooling: truncation vs recency weighting vs both, recall and the cost of a 10,000-item history',
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const set = evalSet(ctx, world);
    const base = twoTowerOptions(ctx);
    const long = num(ctx, 'longHistory', 10_000);
    const truncate = num(ctx, 'truncate', 50);
    const rng = ctx.rng('long-history');
    const longHistory = Int32Array.from({ length: long }, () => rng.int(world.items.count));
    const metrics: Metrics = {};
    const table: Table = { title: 'History pooling', columns: ['history', 'recall@100', 'NDCG@10', 'train s', 'encode 10k-history user p50 ms'], rows: [] };
    for (const v of variants(long, num(ctx, 'halfLife', 10), truncate)) {
      // not cacheable: this experiment times encodeUser, which needs the towers
      const m = await trainStage(ctx, world, { ...base, history: v.history }, `train (${v.label})`, false);
      const r = await evaluateTwoTower(ctx, set, m, false);
      const ms: number[] = [];
      for (let q = 0; q < 20; q++) {
        const t = performance.now();
        m.encodeUser({ ageBand: 0, country: 0, device: 0, history: longHistory });
        ms.push(performance.now() - t);
      }
      const enc = summariseLatency(ms).p50_ms;
      metrics[`recall_at_100_${v.id}`] = r.recall_at_100;
      metrics[`train_seconds_${v.id}`] = m.stats.trainMs / 1000;
      metrics[`encode_ms_${v.id}`] = enc;
      table.rows.push([v.label, r.recall_at_100, r.ndcg_at_10, m.stats.trainMs / 1000, enc]);
      m.dispose();
      ctx.partial({ tables: [table] });
    }
    metrics.encode_cost_ratio_all_vs_truncate = metrics.encode_ms_all_mean / metrics.encode_ms_truncate;
    metrics.recall_gain_recency_over_truncate = metrics.recall_at_100_truncate_recency - metrics.recall_at_100_truncate;
    const lengths: number[] = [];
    const { user } = world.interactions;
    const counts = new Int32Array(world.users.count);
    for (let k = 0; k < world.split.trainCount; k++) counts[user[k]]++;
    for (const c of counts) if (c > 0) lengths.push(c);
    lengths.sort((a, b) => a - b);
    metrics.history_p50 = lengths[Math.floor(lengths.length / 2)] ?? 0;
    metrics.history_max = lengths[lengths.length - 1] ?? 0;
    return {
      metrics,
      tables: [table],
      notes: [
        `train histories on this world: median ${metrics.history_p50} items, longest ${metrics.history_max}; the 10k-item user is synthetic (random items) and only timed`,
        'pooling is O(history length) per user at serving and per example at training, and the sparse update touches every pooled row: truncation bounds both; recency weights decide what the kept items count for',
      ],
    };
  },
};
