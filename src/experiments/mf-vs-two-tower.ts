/**
 * Matrix factorisation (BPR) against the two-tower model on the same time split: warm users, new users,
 * tail items and cold items (never engaged with in training), with training time — next to the
 * popularity baseline and the ground-truth ceiling of the world's hidden preferences. For the cold items it
 * also measures where they land in each model's ranking (their mean rank percentile: 0.5 is chance) and the
 * recall@100 a random ranking would give them, so "MF leaves them at chance" can be told from "MF buries them".
 */
import type { BprNegatives } from '../models/mf/bpr.js';
import { chanceColdRecallPerUser } from '../models/eval/retrieval-metrics.js';
import { MetricSet } from './metric-set.js';
import {
  bprEvaluation, ceilingEvaluation, CORE_METRICS, evalSet, num, popularityEvaluation, str, trainBprStage, trainStage,
  twoTowerEvaluation, twoTowerOptions, type Metrics,
} from './two-tower-common.js';
import type { Experiment, Table } from './types.js';

const ROW = ['recall_at_10', 'recall_at_100', 'ndcg_at_10', 'recall_at_100_warm_users', 'recall_at_100_new_users', 'recall_at_100_tail_items', 'recall_at_100_cold_items'];
const COLD_RANK = 'cold_item_rank_percentile';

export const experiment: Experiment = {
  id: 'mf-vs-two-tower',
  description: 'BPR matrix factorisation vs two-tower on warm/new users and tail/cold items, with training time, popularity and the ground-truth ceiling',
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const set = evalSet(ctx, world);
    const o = twoTowerOptions(ctx);
    const mfNegatives = str(ctx, 'mfNegatives') as BprNegatives;
    const mf = await trainBprStage(ctx, world, num(ctx, 'mfDim'), num(ctx, 'mfEpochs'), mfNegatives);
    // the cold items are the probe: where does each model rank the items nobody engaged with before the split?
    const mfE = await ctx.stage('evaluate mf', () => bprEvaluation(ctx, set, mf, { prefix: 'mf_', probe: set.isCold }));
    const tt = await trainStage(ctx, world, o, 'train two-tower');
    const ttE = await twoTowerEvaluation(ctx, set, tt, false, { probe: set.isCold });
    const popE = popularityEvaluation(set);
    const ceilE = await ctx.stage('ceiling', () => ceilingEvaluation(ctx, world, set));
    const ttSeconds = tt.stats.trainMs / 1000;
    tt.dispose();
    // every model is evaluated on the same users: one population, paired replicates
    const out = new MetricSet(ctx)
      .means(ttE.perUser, (k) => (CORE_METRICS.includes(k) || k === COLD_RANK ? k : null))
      .means(mfE.perUser, (k) => (CORE_METRICS.includes(k.slice(3)) || k === `mf_${COLD_RANK}` ? k : null))
      .means(popE.perUser, (k) => (['popularity_recall_at_100', 'popularity_recall_at_100_cold_items'].includes(k) ? k : null))
      .means(ceilE.perUser, (k) => (['ceiling_recall_at_100', 'ceiling_recall_at_100_cold_items'].includes(k) ? k : null))
      .mean('chance_recall_at_100_cold_items', chanceColdRecallPerUser(set, world.items.count, 100));
    for (const k of ['eval_users', 'eval_users_warm', 'eval_users_new', 'eval_users_with_tail_items', 'eval_users_with_cold_items']) out.exact(k, ttE.metrics[k]);
    out.exact('cold_items', set.isCold.reduce((s, c) => s + c, 0));
    // training wall times are single stage timings (exact), not quantiles
    out.exact('train_seconds', ttSeconds).exact('mf_train_seconds', mf.trainMs / 1000);
    out.derive('two_tower_over_ceiling', ['recall_at_100', 'ceiling_recall_at_100'], (a, b) => a / b);
    out.derive('two_tower_over_mf', ['recall_at_100', 'mf_recall_at_100'], (a, b) => a / b);
    const metrics = out.metrics;
    const row = (name: string, m: Metrics, prefix: string, seconds: number | string) => [name, ...ROW.map((k) => m[`${prefix}${k}`]), seconds];
    const table: Table = {
      title: 'MF vs two-tower',
      columns: ['model', 'recall@10', 'recall@100', 'NDCG@10', 'warm users', 'new users', 'tail items', 'cold items', 'train s'],
      rows: [
        row('popularity', popE.metrics, 'popularity_', 0),
        row(`MF (BPR, dim ${mf.dim})`, mfE.metrics, 'mf_', mf.trainMs / 1000),
        row(`two-tower (dim ${o.dim})`, ttE.metrics, '', ttSeconds),
        row('ceiling (hidden vectors)', ceilE.metrics, 'ceiling_', '—'),
      ],
    };
    const coldTable: Table = {
      title: 'Where the cold items land',
      columns: ['model', 'cold-item recall@100', 'mean rank percentile of cold items (0 top, 1 bottom)'],
      rows: [
        ['random ranking (chance)', metrics.chance_recall_at_100_cold_items, 0.5],
        [`MF (BPR, negatives from the ${mfNegatives === 'catalog' ? 'whole catalogue' : 'engagement log'})`, metrics.mf_recall_at_100_cold_items, metrics[`mf_${COLD_RANK}`]],
        ['two-tower (item features)', metrics.recall_at_100_cold_items, metrics[COLD_RANK]],
      ],
    };
    const buried = mfNegatives === 'catalog'
      ? 'BPR draws its negatives from the whole catalogue, so an item with no engagement before the split was only ever a negative: every epoch pushed its score down, and MF ranks it below the items that have data (buried, not left at chance)'
      : 'with negatives drawn from the engagement log, an item nobody engaged with is never sampled: it keeps its random starting vector and zero bias, and lands where chance puts it';
    return {
      metrics,
      replicates: out.replicates,
      tables: [table, coldTable],
      notes: [
        `${set.users.length} test users; cohort columns are recall@100 (warm: ≥ 5 train engagements; new: none; tail: outside the top 20% by train count; cold: no train engagement)`,
        `${metrics.cold_items} cold items, all with a row in MF's table: ${buried}; an item added after training would have no row at all, and MF could not score it. The two-tower item tower builds a vector from category, brand, price and tags`,
      ],
    };
  },
};
