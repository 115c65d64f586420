/**
 * point-in-time: the same GBDT trained on features from an as-of join (the value at or before each label's time,
 * within the TTL) and from a naive join (by default the latest value there is). Offline, on test rows joined the
 * same way, the naive model shines; served with the values an online store really holds at request time, it falls
 * below the point-in-time model, whose offline and served numbers agree. AUCs are resampled by label request (a
 * positive and its matched negatives), the same requests for every model and join, so the gaps are paired.
 */
import { deriveReplicates } from '../core/resample.js';
import { UsageError } from '../core/errors.js';
import { NUM_MODEL_FEATURES, OFFLINE_JOINS, TRAINING_SPEC, offlineFeatures, serveReplay, sliceEvents, type OfflineJoin } from '../production/feature-store/index.js';
import { setUpFeatureStore } from './feature-store-common.js';
import { aucReplicates, aucRoc } from '../core/metrics/index.js';
import { gbdtPredict, round4, trainBinaryGbdt } from './production-ml-common.js';
import type { Experiment } from './types.js';
import { num, str } from './param-readers.js';

export const experiment: Experiment = {
  id: 'point-in-time',
  description: 'As-of join vs a naive join (latest value by default) from a SQLite offline store: offline vs served AUC',
  async run(ctx) {
    const naiveJoin = str(ctx, 'naiveJoin') as OfflineJoin;
    if (naiveJoin === 'point-in-time' || !OFFLINE_JOINS.includes(naiveJoin)) {
      throw new UsageError(`point-in-time: naiveJoin must be one of ${OFFLINE_JOINS.filter((j) => j !== 'point-in-time').join(', ')}, got ${naiveJoin}`);
    }
    const { world, rows, store, storePath, events, trainEnd } = await setUpFeatureStore(ctx);
    try {
      const F = NUM_MODEL_FEATURES;
      // the as-of join's wall time is the stage timing of the run ('as-of-join')
      const pit = await ctx.stage('as-of-join', () => offlineFeatures(store, world, events, 'point-in-time', TRAINING_SPEC));
      const naive = await ctx.stage('naive-join', () => offlineFeatures(store, world, events, naiveJoin, TRAINING_SPEC));
      const test = sliceEvents(events, trainEnd, events.count);
      const served = await ctx.stage('serve-test', () => serveReplay(rows, world, test, TRAINING_SPEC, 0));
      const yTrain = events.label.subarray(0, trainEnd);
      const yTest = test.label;
      const trainOf = (x: Float32Array): Float32Array => x.subarray(0, trainEnd * F);
      const testOf = (x: Float32Array): Float32Array => x.subarray(trainEnd * F);
      const naiveModel = await ctx.stage('train-naive', () => trainBinaryGbdt(ctx, trainOf(naive), F, yTrain, ctx.seed));
      const pitModel = await ctx.stage('train-point-in-time', () => trainBinaryGbdt(ctx, trainOf(pit), F, yTrain, ctx.seed));
      let leakyRows = 0;
      for (let r = 0; r < trainEnd; r++) {
        for (let f = 0; f < F; f++) if (naive[r * F + f] !== pit[r * F + f]) { leakyRows++; break; }
      }
      let servedMismatch = 0;
      const pitTest = testOf(pit);
      for (let i = 0; i < served.length; i++) if (served[i] !== pitTest[i]) servedMismatch++;
      const scores = {
        auc_offline_naive: gbdtPredict(naiveModel, testOf(naive), yTest.length),
        auc_served_naive: gbdtPredict(naiveModel, served, yTest.length),
        auc_offline_pit: gbdtPredict(pitModel, pitTest, yTest.length),
        auc_served_pit: gbdtPredict(pitModel, served, yTest.length),
      };
      const group = 1 + num(ctx, 'negatives');
      const metrics: Record<string, number> = {};
      const replicates: Record<string, Float64Array> = {};
      for (const [name, s] of Object.entries(scores)) {
        metrics[name] = round4(aucRoc(yTest, s));
        replicates[name] = aucReplicates(ctx.bootstrap, 'test-label-requests', yTest, s, undefined, group);
      }
      Object.assign(metrics, {
        leaky_train_row_share: round4(leakyRows / trainEnd),
        served_values_differing_from_pit: servedMismatch,
        feature_rows: rows.length,
        label_events: events.count,
        test_label_requests: test.count / group,
      });
      metrics.offline_optimism_naive = round4(metrics.auc_offline_naive - metrics.auc_served_naive);
      metrics.offline_optimism_pit = round4(metrics.auc_offline_pit - metrics.auc_served_pit);
      replicates.offline_optimism_naive = deriveReplicates([replicates.auc_offline_naive, replicates.auc_served_naive], (a, b) => a - b);
      replicates.offline_optimism_pit = deriveReplicates([replicates.auc_offline_pit, replicates.auc_served_pit], (a, b) => a - b);
      return {
        metrics,
        replicates,
        tables: [{
          title: 'Offline vs served AUC by join',
          columns: ['training join', 'offline AUC (test joined the same way)', 'served AUC (online store at request time)'],
          rows: [
            [`naive: ${naiveJoin}`, metrics.auc_offline_naive, metrics.auc_served_naive],
            ['point-in-time (as-of, TTL = window)', metrics.auc_offline_pit, metrics.auc_served_pit],
          ],
        }],
        notes: [
          `${rows.length} event-time feature rows in SQLite (${storePath}); ${events.count} label events (engagements and popularity-matched negatives).`,
          `${(100 * metrics.leaky_train_row_share).toFixed(1)}% of training rows get at least one value different from the as-of join under the naive ${naiveJoin} join.`,
          `The online store fed by the same definitions served ${servedMismatch} values different from the as-of join (0 means training and serving agree bit for bit).`,
          `AUC intervals resample the ${metrics.test_label_requests} test label requests (a positive with its matched negatives), the same ones for both joins.`,
        ],
      };
    } finally {
      store.close();
    }
  },
};
