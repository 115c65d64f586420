/**
 * The guide's "Matrix Factorization vs Deep Learning" table, each row measured on this world:
 * data size (both models on a fraction of the train engagements and on all of them), side information
 * (the two-tower model with ids only vs with features), training time, cold start (cold items, new
 * users) and complexity (parameters). Interpretability is not measured; the table says so.
 */
import { MetricSet } from './metric-set.js';
import {
  bprEvaluation, evalSet, num, parameterCounts, subsampleTrain, trainBprStage, trainStage, twoTowerEvaluation, twoTowerOptions,
} from './two-tower-common.js';
import type { Experiment, Table } from './types.js';

/** The per-user columns each model contributes (renamed per model below). */
const COLUMNS = ['recall_at_100', 'recall_at_100_cold_items', 'recall_at_100_new_users'];

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '—');

export const experiment: Experiment = {
  id: 'mf-vs-deep',
  description: "MF vs deep learning trade-off table, each row measured: data size, side information, training time, cold start, complexity",
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const set = evalSet(ctx, world);
    const o = twoTowerOptions(ctx);
    const fraction = num(ctx, 'dataFraction');
    const mfDim = num(ctx, 'mfDim');
    const mfEpochs = num(ctx, 'mfEpochs');
    const few = subsampleTrain(world, fraction, ctx.rng('data-fraction'));
    // every model is evaluated on the same users: one population, so differences between models are paired
    const out = new MetricSet(ctx);
    const keep = (perUser: Record<string, Float64Array>, name: (column: string) => string | null) =>
      out.means(perUser, (k) => (COLUMNS.includes(k) ? name(k) : null));
    const run = async (w: typeof world, label: string, features: 'all' | 'ids' = 'all') => {
      const m = await trainStage(ctx, w, { ...o, features, maxExamples: o.maxExamples && Math.ceil(o.maxExamples * (w === few ? fraction : 1)) }, `train two-tower (${label})`);
      const ev = await twoTowerEvaluation(ctx, set, m, false);
      const seconds = m.stats.trainMs / 1000;
      const examples = m.stats.examples;
      m.dispose();
      return { r: ev.metrics, perUser: ev.perUser, seconds, examples };
    };
    const mfFull = await trainBprStage(ctx, world, mfDim, mfEpochs);
    const mfAllE = await bprEvaluation(ctx, set, mfFull, { prefix: '' });
    const mfAll = mfAllE.metrics;
    const mfFewE = await bprEvaluation(ctx, set, await trainBprStage(ctx, few, mfDim, mfEpochs), { prefix: '' });
    const mfFew = mfFewE.metrics;
    const dlAll = await run(world, 'all data');
    const dlFew = await run(few, `${Math.round(fraction * 100)}% data`);
    const dlIds = await run(world, 'ids only', 'ids');
    keep(mfAllE.perUser, (k) => `mf_${k}`);
    keep(mfFewE.perUser, (k) => (k === 'recall_at_100' ? 'mf_recall_at_100_small_data' : null));
    keep(dlAll.perUser, (k) => `dl_${k}`);
    keep(dlFew.perUser, (k) => (k === 'recall_at_100' ? 'dl_recall_at_100_small_data' : null));
    keep(dlIds.perUser, (k) => (k === 'recall_at_100_new_users' ? null : `dl_ids_only_${k}`));
    out.derive('dl_gain_small_data', ['dl_recall_at_100_small_data', 'mf_recall_at_100_small_data'], (a, b) => a - b);
    out.derive('dl_gain_all_data', ['dl_recall_at_100', 'mf_recall_at_100'], (a, b) => a - b);
    // training times are single stage timings (exact); per example they compare the work, not the budgets
    const mfSeconds = mfFull.trainMs / 1000;
    const mfTriples = mfEpochs * world.split.trainCount;
    const params = parameterCounts(world, mfDim, o);
    out.exact('mf_train_seconds', mfSeconds).exact('dl_train_seconds', dlAll.seconds)
      .exact('train_time_ratio', dlAll.seconds / mfSeconds)
      .exact('mf_train_triples', mfTriples).exact('dl_train_examples', dlAll.examples)
      .exact('train_cost_per_example_ratio', (dlAll.seconds / dlAll.examples) / (mfSeconds / mfTriples))
      .exact('mf_parameters', params.mf).exact('dl_parameters', params.twoTower)
      .exact('train_engagements', world.split.trainCount);
    const metrics = out.metrics;
    const pct = `${Math.round(fraction * 100)}%`;
    const table: Table = {
      title: 'MF vs deep learning, measured',
      columns: ['aspect', "guide's MF", "guide's DL", 'measured MF', 'measured two-tower'],
      rows: [
        [`data size (recall@100, ${pct} of ${world.split.trainCount.toLocaleString('en-US')} engagements)`, '< 100M interactions', '> 100M', f3(mfFew.recall_at_100), f3(dlFew.r.recall_at_100)],
        ['data size (recall@100, all engagements)', '', '', f3(mfAll.recall_at_100), f3(dlAll.r.recall_at_100)],
        ['side information (recall@100 ids only → with features)', 'no', 'yes', f3(mfAll.recall_at_100), `${f3(dlIds.r.recall_at_100)} → ${f3(dlAll.r.recall_at_100)}`],
        ['training time (s, this machine)', 'fast (minutes)', 'slow (hours/days)', mfSeconds.toFixed(2), dlAll.seconds.toFixed(2)],
        ['training cost per example (µs: one BPR triple, one two-tower example)', '', '', ((mfSeconds / mfTriples) * 1e6).toFixed(2), ((dlAll.seconds / dlAll.examples) * 1e6).toFixed(2)],
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
      replicates: out.replicates,
      tables: [table, numeric],
      notes: [
        `MF = BPR (dim ${mfDim}, ${mfEpochs} epochs, ${mfTriples.toLocaleString('en-US')} triples); two-tower dim ${o.dim}, ${o.negatives} negatives, ${o.epochs} epoch(s), ${dlAll.examples.toLocaleString('en-US')} examples`,
        "the guide's thresholds (100M interactions, minutes vs days) are about production scale; here both train in seconds, so read the ratio, not the absolute times",
        "interpretability is a property of how you explain a model, not a number this lab can measure honestly",
      ],
    };
  },
};
