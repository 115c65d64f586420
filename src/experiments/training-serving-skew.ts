/**
 * training-serving-skew: train on point-in-time features, then serve through a pipeline that differs subtly —
 * a bucketing boundary (> instead of ≥), a unit mismatch (per 30 days instead of per day), or an online store
 * refreshed late (stale values). Measure the AUC lost, then log what serving actually computed, retrain on the
 * log and measure again: the model now learns the distribution it is served.
 */
import { deriveReplicates } from '../core/resample.js';
import { UsageError } from '../core/errors.js';
import { NUM_MODEL_FEATURES, SKEW_KINDS, TRAINING_SPEC, offlineFeatures, serveReplay, servingSpec, sliceEvents, type SkewKind } from '../production/feature-store/index.js';
import { setUpFeatureStore } from './feature-store-common.js';
import { aucReplicates, aucRoc } from '../core/metrics/index.js';
import { gbdtPredict, round4, trainBinaryGbdt } from './production-ml-common.js';
import type { Experiment } from './types.js';
import { num, str } from './param-readers.js';

export const experiment: Experiment = {
  id: 'training-serving-skew',
  description: 'Serve with a subtly different feature computation; measure the AUC lost and recover it by training on logged served features',
  async run(ctx) {
    const skew = str(ctx, 'skew') as SkewKind;
    if (!SKEW_KINDS.includes(skew) || skew === 'none') throw new UsageError(`training-serving-skew: skew must be one of ${SKEW_KINDS.filter((k) => k !== 'none').join(', ')}, got ${skew}`);
    const staleDays = num(ctx, 'staleDays');
    if (!(staleDays >= 0)) throw new UsageError(`training-serving-skew: staleDays must be ≥ 0, got ${staleDays}`);
    const { world, rows, store, events, trainEnd } = await setUpFeatureStore(ctx);
    try {
      const F = NUM_MODEL_FEATURES;
      const train = sliceEvents(events, 0, trainEnd);
      const test = sliceEvents(events, trainEnd, events.count);
      const spec = servingSpec(skew);
      const lag = skew === 'stale' ? staleDays : 0;
      const offline = await ctx.stage('as-of-join', () => offlineFeatures(store, world, train, 'point-in-time', TRAINING_SPEC));
      const model = await ctx.stage('train-offline', () => trainBinaryGbdt(ctx, offline, F, train.label, ctx.seed));
      const consistent = await ctx.stage('serve-consistent', () => serveReplay(rows, world, test, TRAINING_SPEC, 0));
      const skewed = await ctx.stage('serve-skewed', () => serveReplay(rows, world, test, spec, lag));
      // the feature log: what the skewed pipeline served on the training period's requests
      const logged = await ctx.stage('log-served-train', () => serveReplay(rows, world, train, spec, lag));
      const logModel = await ctx.stage('train-on-log', () => trainBinaryGbdt(ctx, logged, F, train.label, ctx.seed));
      let differing = 0;
      for (let i = 0; i < consistent.length; i++) if (consistent[i] !== skewed[i]) differing++;
      const scores = {
        auc_consistent: gbdtPredict(model, consistent, test.count),
        auc_skewed: gbdtPredict(model, skewed, test.count),
        auc_log_trained: gbdtPredict(logModel, skewed, test.count),
      };
      // AUCs resampled by test label request (a positive and its negatives), the same requests for every pipeline
      const group = 1 + num(ctx, 'negatives');
      const metrics: Record<string, number> = {};
      const replicates: Record<string, Float64Array> = {};
      for (const [name, sc] of Object.entries(scores)) {
        metrics[name] = round4(aucRoc(test.label, sc));
        replicates[name] = aucReplicates(ctx.bootstrap, 'test-label-requests', test.label, sc, undefined, group);
      }
      Object.assign(metrics, { skewed_value_share: round4(differing / consistent.length), test_requests: test.count });
      metrics.auc_lost_to_skew = round4(metrics.auc_consistent - metrics.auc_skewed);
      metrics.auc_recovered_by_log = round4(metrics.auc_log_trained - metrics.auc_skewed);
      replicates.auc_lost_to_skew = deriveReplicates([replicates.auc_consistent, replicates.auc_skewed], (c, s) => c - s);
      replicates.auc_recovered_by_log = deriveReplicates([replicates.auc_log_trained, replicates.auc_skewed], (l, s) => l - s);
      return {
        metrics,
        replicates,
        tables: [{
          title: 'AUC on the test days by pipeline',
          columns: ['model / serving', 'test AUC'],
          rows: [
            ['trained offline, served consistently', metrics.auc_consistent],
            [`trained offline, served with ${skew}`, metrics.auc_skewed],
            [`trained on the served-feature log, served with ${skew}`, metrics.auc_log_trained],
          ],
        }],
        notes: [
          `Skew "${skew}"${skew === 'stale' ? ` (online store ${staleDays} days behind)` : ''} changed ${(100 * metrics.skewed_value_share).toFixed(1)}% of served feature values.`,
          'Consistent serving reads the online store fed by the same definitions and calls the same computeModelFeatures as training.',
          `AUC intervals resample the ${test.count / group} test label requests (a positive with its matched negatives), the same ones for every pipeline.`,
          'Training on the log fixes the mismatch between what the model learned and what it is served; for stale values it cannot bring back the information staleness removed.',
        ],
      };
    } finally {
      store.close();
    }
  },
};
