/**
 * The guide's "Matrix Factorization vs Deep Learning" table, each row measured on this world:
 * data size (both models on a fraction of the train engagements and on all of them), side information
 * (the two-tower model with ids only vs with features), training time, cold start (cold items, new
 * users) and complexity (parameters). Interpretability is not measured; the table says so.
 */
import {
  evalSet, evaluateBpr, evaluateTwoTower, num, parameterCounts, subsampleTrain, trainBprStage, trainStage, twoTowerOptions,
  type Metrics,
} from './two-tower-common.js';
import type { Experiment, Table } from './types.js';

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '—');

export const experiment: Experiment = {
  id: 'mf-vs-deep',
  description: "MF vs deep learning trade-off table, each row measured: data size, side information, training time, cold start, complexity",
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const set = evalSet(ctx, world);
    const o = twoTowerOptions(ctx);
    const fraction = num(ctx, 'dataFraction', 0.2);
    const mfDim = num(ctx, 'mfDim', o.dim);
    const mfEpochs = num(ctx, 'mfEpochs', 10);
    const few = subsampleTrain(world, fraction, ctx.rng('data-fraction'));
    const run = async (w: typeof world, label: string, features: 'all' | 'ids' = 'all') => {
      const m = await trainStage(ctx, w, { ...o, features, maxExamples: o.maxExamples && Math.ceil(o.maxExamples * (w === few ? fraction : 1)) }, `train two-tower (${label})`);
      const r = await evaluateTwoTower(ctx, set, m, false);
      const seconds = m.stats.trainMs / 1000;
      m.dispose();
      return { r, seconds };
    };
    const mfFull = await trainBprStage(ctx, world, mfDim, mfEpochs);
    const mfAll = await evaluateBpr(ctx, set, mfFull, '');
    const mfFew = await evaluateBpr(ctx, set, await trainBprStage(ctx, few, mfDim, mfEpochs), '');
    const dlAll = await run(world, 'all data');
    const dlFew = await run(few, `${Math.round(fraction * 100)}% data`);
    const dlIds = await run(world, 'ids only', 'ids');
    const params = parameterCounts(world, mfDim, o);
    const metrics: Metrics = {
      mf_recall_at_100: mfAll.recall_at_100,
      mf_recall_at_100_small_data: mfFew.recall_at_100,
      dl_recall_at_100: dlAll.r.recall_at_100,
      dl_recall_at_100_small_data: dlFew.r.recall_at_100,
      dl_ids_only_recall_at_100: dlIds.r.recall_at_100,
      dl_ids_only_recall_at_100_cold_items: dlIds.r.recall_at_100_cold_items,
      dl_recall_at_100_cold_items: dlAll.r.recall_at_100_cold_items,
      mf_recall_at_100_cold_items: mfAll.recall_at_100_cold_items,
      dl_recall_at_100_new_users: dlAll.r.recall_at_100_new_users,
      mf_recall_at_100_new_users: mfAll.recall_at_100_new_users,
      mf_train_seconds: mfFull.trainMs / 1000,
      dl_train_seconds: dlAll.seconds,
      train_time_ratio: dlAll.seconds / (mfFull.trainMs / 1000),
      dl_gain_small_data: dlFew.r.recall_at_100 - mfFew.recall_at_100,
      dl_gain_all_data: dlAll.r.recall_at_100 - mfAll.recall_at_100,
      mf_parameters: params.mf,
      dl_parameters: params.twoTower,
      train_engagements: world.split.trainCount,
    };
    const pct = `${Math.round(fraction * 100)}%`;
    const table: Table = {
      title: 'MF vs deep learning, measured',
      columns: ['aspect', "guide's MF", "guide's DL", 'measured MF', 'measured two-tower'],
      rows: [
        [`data size (recall@100, ${pct} of ${world.split.trainCount.toLocaleString('en-US')} engagements)`, '< 100M interactions', '> 100M', f3(mfFew.recall_at_100), f3(dlFew.r.recall_at_100)],
        ['data size (recall@100, all engagements)', '', '', f3(mfAll.recall_at_100), f3(dlAll.r.recall_at_100)],
        ['side information (recall@100 ids only → with features)', 'no', 'yes', f3(mfAll.recall_at_100), `${f3(dlIds.r.recall_at_100)} → ${f3(dlAll.r.recall_at_100)}`],
        ['training time (s, this machine)', 'fast (minutes)', 'slow (hours/days)', (mfFull.trainMs / 1000).toFixed(2), dlAll.seconds.toFixed(2)],
        ['cold start: recall@100 on cold items', 'poor', 'better', f3(mfAll.recall_at_100_cold_items), f3(dlAll.r.recall_at_100_cold_items)],
        ['cold start: recall@100 for new users', 'poor', 'better', f3(mfAll.recall_at_100_new_users), f3(dlAll.r.recall_at_100_new_users)],
        ['complexity (parameters)', 'low', 'high', params.mf.toLocaleString('en-US'), params.twoTower.toLocaleString('en-US')],
        ['interpretability', 'high', 'low', 'not measured', 'not measured'],
      ],
    };
    const numeric: Table = {
      title: 'Recall@100 by setting',
      columns: ['setting', 'MF', 'two-tower'],
      rows: [
        [`${pct} of the data`, mfFew.recall_at_100, dlFew.r.recall_at_100],
        ['all data', mfAll.recall_at_100, dlAll.r.recall_at_100],
        ['all data, ids only', mfAll.recall_at_100, dlIds.r.recall_at_100],
        ['cold items', mfAll.recall_at_100_cold_items, dlAll.r.recall_at_100_cold_items],
        ['new users', mfAll.recall_at_100_new_users, dlAll.r.recall_at_100_new_users],
      ],
    };
    return {
      metrics,
      tables: [table, numeric],
      notes: [
        `MF = BPR (dim ${mfDim}, ${mfEpochs} epochs); two-tower dim ${o.dim}, ${o.negatives} negatives, ${o.epochs} epoch(s) on up to ${o.maxExamples ?? 'all'} examples per epoch`,
        "the guide's thresholds (100M interactions, minutes vs days) are about production scale; here both train in seconds, so read the ratio, not the absolute times",
        "interpretability is a property of how you explain a model, not a number this lab can measure honestly",
      ],
    };
  },
};
