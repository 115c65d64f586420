/**
 * Matrix factorisation (BPR) against the two-tower model on the same time split: warm users, new users,
 * tail items and cold items (never engaged with in training), with training time — next to the
 * popularity baseline and the ground-truth ceiling of the world's hidden preferences.
 */
import {
  CORE_METRICS, evalSet, evaluateBpr, evaluateCeiling, evaluatePopularity, evaluateTwoTower, num, pick, trainBprStage,
  trainStage, twoTowerOptions, type Metrics,
} from './two-tower-common.js';
import type { Experiment, Table } from './types.js';

const ROW = ['recall_at_10', 'recall_at_100', 'ndcg_at_10', 'recall_at_100_warm_users', 'recall_at_100_new_users', 'recall_at_100_tail_items', 'recall_at_100_cold_items'];

export const experiment: Experiment = {
  id: 'mf-vs-two-tower',
  description: 'BPR matrix factorisation vs two-tower on warm/new users and tail/cold items, with training time, popularity and the ground-truth ceiling',
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const set = evalSet(ctx, world);
    const o = twoTowerOptions(ctx);
    const mf = await trainBprStage(ctx, world, num(ctx, 'mfDim', o.dim), num(ctx, 'mfEpochs', 10));
    const mfM = await ctx.stage('evaluate mf', () => evaluateBpr(ctx, set, mf, 'mf_'));
    const tt = await trainStage(ctx, world, o, 'train two-tower');
    const ttM = await evaluateTwoTower(ctx, set, tt, false);
    const pop = evaluatePopularity(set);
    const ceil = await ctx.stage('ceiling', () => evaluateCeiling(ctx, world, set));
    const ttSeconds = tt.stats.trainMs / 1000;
    tt.dispose();
    const metrics: Metrics = {
      ...pick(ttM, CORE_METRICS),
      ...pick(ttM, ['eval_users', 'eval_users_warm', 'eval_users_new', 'eval_users_with_tail_items', 'eval_users_with_cold_items']),
      ...pick(mfM, CORE_METRICS.map((n) => `mf_${n}`)),
      ...pick(pop, ['popularity_recall_at_100', 'popularity_recall_at_100_cold_items']),
      ...pick(ceil, ['ceiling_recall_at_100', 'ceiling_recall_at_100_cold_items']),
      train_seconds: ttSeconds,
      mf_train_seconds: mf.trainMs / 1000,
      two_tower_over_ceiling: ttM.recall_at_100 / ceil.ceiling_recall_at_100,
      two_tower_over_mf: ttM.recall_at_100 / mfM.mf_recall_at_100,
    };
    const row = (name: string, m: Metrics, prefix: string, seconds: number | string) => [name, ...ROW.map((k) => m[`${prefix}${k}`]), seconds];
    const table: Table = {
      title: 'MF vs two-tower',
      columns: ['model', 'recall@10', 'recall@100', 'NDCG@10', 'warm users', 'new users', 'tail items', 'cold items', 'train s'],
      rows: [
        row('popularity', pop, 'popularity_', 0),
        row(`MF (BPR, dim ${mf.dim})`, mfM, 'mf_', mf.trainMs / 1000),
        row(`two-tower (dim ${o.dim})`, ttM, '', ttSeconds),
        row('ceiling (hidden vectors)', ceil, 'ceiling_', '—'),
      ],
    };
    return {
      metrics,
      tables: [table],
      notes: [
        `${set.users.length} test users; cohort columns are recall@100 (warm: ≥ 5 train engagements; new: none; tail: outside the top 20% by train count; cold: no train engagement)`,
        'MF has no features, so an item nobody engaged with before the split keeps its random vector: its cold-item recall is what chance gives; the two-tower item tower builds a vector from category, brand, price and tags',
      ],
    };
  },
};
