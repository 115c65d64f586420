/**
 * target-encoding-leakage: the same GBDT, once on naively target-encoded ids (each row's own label inside its
 * feature) and once on out-of-fold encodings. Train versus test AUC for both: the naive model looks better on its
 * training rows and is worse on the test days.
 */
import { UsageError } from '../core/errors.js';
import { applyTargetEncoding, targetEncode } from '../core/features/index.js';
import { generateImpressions } from '../production/impressions.js';
import { aucReplicates, aucRoc } from '../core/metrics/index.js';
import { deriveReplicates } from '../core/resample.js';
import { gbdtPredict, round4, rowMajor, trainBinaryGbdt } from './production-ml-common.js';
import type { Experiment } from './types.js';
import { num, str } from './param-readers.js';

const FIELDS = { user: ['user'], brand: ['brand'], item: ['item'], all: ['user', 'brand', 'item'] } as const;
type FieldChoice = keyof typeof FIELDS;

export const experiment: Experiment = {
  id: 'target-encoding-leakage',
  description: 'GBDT on naive vs out-of-fold target-encoded user/brand/item ids: train vs test AUC',
  async run(ctx) {
    const requests = num(ctx, 'requests');
    const folds = num(ctx, 'folds');
    const smoothing = num(ctx, 'smoothing');
    const fieldChoice = str(ctx, 'encode') as FieldChoice;
    if (!(fieldChoice in FIELDS)) throw new UsageError(`target-encoding-leakage: encode must be one of ${Object.keys(FIELDS).join(', ')}, got ${fieldChoice}`);
    const world = await ctx.world();
    const imp = await ctx.stage('impressions', () => generateImpressions(world, ctx.rng('impressions'), requests));
    const nTrain = imp.trainCount;
    const nTest = imp.count - nTrain;
    if (nTrain < 100 || nTest < 100) throw new UsageError(`target-encoding-leakage: too few impressions on one side of the split (${nTrain} train, ${nTest} test); raise requests`);
    const yTrain = imp.label.subarray(0, nTrain);
    const yTest = imp.label.subarray(nTrain);
    const fields = FIELDS[fieldChoice];
    const metrics: Record<string, number> = {};
    const replicates: Record<string, Float64Array> = {};
    const rows: (string | number)[][] = [];
    for (const method of ['naive', 'out-of-fold'] as const) {
      const { trainCols, testCols } = await ctx.stage(`encode-${method}`, () => {
        const trainCols: ArrayLike<number>[] = [];
        const testCols: ArrayLike<number>[] = [];
        for (const f of fields) {
          const ids = imp[f as 'user' | 'brand' | 'item'];
          const enc = targetEncode(ids.subarray(0, nTrain), yTrain, { method, folds, smoothing, seed: ctx.seed });
          trainCols.push(enc.train);
          testCols.push(applyTargetEncoding(enc.encoder, ids.subarray(nTrain)));
        }
        trainCols.push(imp.position.subarray(0, nTrain));
        testCols.push(imp.position.subarray(nTrain));
        return { trainCols, testCols };
      });
      const Xtr = rowMajor(trainCols);
      const Xte = rowMajor(testCols);
      const model = await ctx.stage(`train-${method}`, () => trainBinaryGbdt(ctx, Xtr, trainCols.length, yTrain, ctx.seed));
      const key = method === 'naive' ? 'naive' : 'oof';
      const trainScores = gbdtPredict(model, Xtr, nTrain);
      const testScores = gbdtPredict(model, Xte, nTest);
      metrics[`auc_train_${key}`] = round4(aucRoc(yTrain, trainScores));
      metrics[`auc_test_${key}`] = round4(aucRoc(yTest, testScores));
      metrics[`auc_gap_${key}`] = round4(metrics[`auc_train_${key}`] - metrics[`auc_test_${key}`]);
      // both encodings are scored on the same train rows and the same test rows: resamples are paired per split
      replicates[`auc_train_${key}`] = aucReplicates(ctx.bootstrap, 'train-impressions', yTrain, trainScores);
      replicates[`auc_test_${key}`] = aucReplicates(ctx.bootstrap, 'test-impressions', yTest, testScores);
      replicates[`auc_gap_${key}`] = deriveReplicates([replicates[`auc_train_${key}`], replicates[`auc_test_${key}`]], (a, b) => a - b);
      rows.push([method, metrics[`auc_train_${key}`], metrics[`auc_test_${key}`], metrics[`auc_gap_${key}`]]);
    }
    metrics.test_auc_lift_oof_over_naive = round4(metrics.auc_test_oof - metrics.auc_test_naive);
    replicates.test_auc_lift_oof_over_naive = deriveReplicates([replicates.auc_test_oof, replicates.auc_test_naive], (a, b) => a - b);
    metrics.train_rows = nTrain;
    metrics.test_rows = nTest;
    let ctr = 0;
    for (let i = 0; i < nTrain; i++) ctr += yTrain[i];
    metrics.train_ctr = round4(ctr / nTrain);
    return {
      metrics,
      replicates,
      tables: [{ title: 'Train vs test AUC by encoding', columns: ['encoding', 'train AUC', 'test AUC', 'gap'], rows }],
      notes: [
        `Encoded ${fields.join(', ')} (+ slot position) on ${nTrain} train and ${nTest} test impressions; clicks drawn from the world's choice model.`,
        `Naive: each training row's encoding contains its own label. Out-of-fold (${folds} folds, smoothing m=${smoothing}): never. Test rows use the encoder fitted on all train rows in both cases.`,
      ],
    };
  },
};
