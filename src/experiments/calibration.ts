/**
 * Calibration of a click model: a GBDT (binary log loss) and a network (one click head) trained on engaged-or-not
 * labels with a share of the negatives dropped, as large systems do to save compute. Down-sampling inflates the
 * predicted probabilities; the experiment measures ECE and the reliability curve raw, after Platt scaling and after
 * isotonic regression (both fitted on the validation requests), and after the analytic correction p / (p + (1 − p)/w).
 * AUC is reported beside: a monotone recalibration cannot change the order.
 */
import { trainGbdtAsync, type GbdtData } from '../core/gbdt/index.js';
import {
  correctDownsampledProbability, expectedCalibrationError, isotonicFit, plattProbability, plattScaling, reliabilityCurve,
} from '../core/calibration/index.js';
import { aucReplicates, aucRoc } from '../core/metrics/index.js';
import type { Rng } from '../core/rng.js';
import { trainMultiTaskRanker } from '../models/nn-ranker/multi-task.js';
import { gbdtScorer } from '../ranking/gbdt-scorer.js';
import { nativeGbdtTrainKernels } from '../ranking/gbdt-train-kernels.js';
import { num } from './param-readers.js';
import { rankingData, rankingIndex } from './ranker-common.js';
import type { Experiment, ExperimentContext, Series, Table } from './types.js';

const ROWS = 'test-rows';

export const experiment: Experiment = {
  id: 'calibration',
  description: 'ECE and reliability curves of a GBDT and a network trained with down-sampled negatives: raw, Platt, isotonic, and the analytic correction',
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const idx = await rankingIndex(ctx, world);
    const ds = await rankingData(ctx, idx);
    const keep = num(ctx, 'negativeKeepRate');
    const bins = num(ctx, 'bins');
    const binary = (d: GbdtData): GbdtData => ({ ...d, labels: Float32Array.from(d.labels, (l) => (l > 0 ? 1 : 0)), groups: undefined });
    const train = downsample(binary(ds.train.data), keep, ctx.rng('negative-sampling'));
    const valid = binary(ds.valid.data);
    const test = binary(ds.test.data);
    const nValid = valid.labels.length;
    const nTest = test.labels.length;

    const gbdt = await ctx.stage('train gbdt', () => trainGbdtAsync(train, {
      objective: 'binary', numTrees: num(ctx, 'trees'), learningRate: num(ctx, 'shrinkage'), numLeaves: num(ctx, 'leaves'), maxBin: num(ctx, 'maxBins'),
      minDataInLeaf: num(ctx, 'minDataInLeaf'), lambdaL2: 1, earlyStoppingRounds: num(ctx, 'earlyStopping'),
      // early stopping on down-sampled validation rows, as the training rows are
      valid: downsample(valid, keep, ctx.rng('negative-sampling-valid')), seed: ctx.seed,
      // the compiled training kernels grow the same trees bit for bit (test/ranking/gbdt-train-native.test.ts), faster
      kernels: nativeGbdtTrainKernels() ?? undefined,
      onIteration: (i) => ctx.progress('train gbdt', (i.iteration + 1) / num(ctx, 'trees')),
    }, () => ctx.tick()));
    const nn = await ctx.stage('train nn', () => trainMultiTaskRanker(
      { features: train.features, numFeatures: train.numFeatures, click: train.labels, logDwell: new Float32Array(train.labels.length), purchase: new Float32Array(train.labels.length) },
      {
        trunk: 'shared-bottom', hidden: num(ctx, 'nnHidden'), experts: 1, towerHidden: Math.max(4, num(ctx, 'nnHidden') >> 1),
        lossWeights: { click: 1, dwell: 0, purchase: 0 }, epochs: num(ctx, 'nnEpochs'), batchSize: 512, learningRate: 0.003, seed: ctx.seed,
        signal: ctx.signal, tick: () => ctx.tick(), onProgress: (f) => ctx.progress('train nn', f),
      },
    ));
    ctx.setEnvironment('tfjsBackend', nn.backend);
    const logits = {
      // the serving scorer: the same doubles as predictRaw (test/ranking/gbdt-native.test.ts), without compiling the trees
      gbdt: { valid: gbdtScorer(gbdt).score(valid.features, nValid), test: gbdtScorer(gbdt).score(test.features, nTest) },
      nn: { valid: nn.predict(valid.features, nValid).clickLogit, test: nn.predict(test.features, nTest).clickLogit },
    };
    nn.dispose();

    const metrics: Record<string, number> = {};
    const replicates: Record<string, ArrayLike<number>> = {};
    const rows: (string | number)[][] = [];
    const series: Series[] = [];
    for (const [model, z] of Object.entries(logits)) {
      const raw = sigmoidAll(z.test);
      const platt = plattProbability(plattScaling(valid.labels, z.valid), z.test);
      const iso = isotonicFit(Float64Array.from(z.valid), valid.labels).predict(Float64Array.from(z.test));
      const corrected = correctDownsampledProbability(raw, keep);
      const variants = { raw, platt, isotonic: iso, corrected };
      for (const [v, p] of Object.entries(variants)) {
        const name = `${model}_ece_${v}`;
        metrics[name] = expectedCalibrationError(test.labels, p, bins);
        replicates[name] = eceReplicates(ctx, test.labels, p, bins);
        metrics[`${model}_mean_p_${v}`] = meanOf(p);
      }
      metrics[`${model}_auc`] = aucRoc(test.labels, raw);
      replicates[`${model}_auc`] = aucReplicates(ctx.bootstrap, ROWS, test.labels, raw);
      // how far each recalibration moved the AUC (exact: the same rows, no resampling)
      metrics[`${model}_auc_change_platt`] = Math.abs(aucRoc(test.labels, platt) - metrics[`${model}_auc`]);
      metrics[`${model}_auc_change_isotonic`] = Math.abs(aucRoc(test.labels, iso) - metrics[`${model}_auc`]);
      rows.push([model, r4(metrics[`${model}_auc`]), ...Object.keys(variants).map((v) => r4(metrics[`${model}_ece_${v}`]))]);
      series.push(reliabilitySeries(`${model}-reliability`, test.labels, variants, bins));
    }
    metrics.test_rate = meanOf(test.labels);
    metrics.train_rate = meanOf(train.labels);
    metrics.train_rows = train.labels.length;
    const table: Table = {
      title: `ECE on the test requests (${bins} bins), negatives kept at rate ${keep}`,
      columns: ['model', 'auc', 'ece_raw', 'ece_platt', 'ece_isotonic', 'ece_corrected'],
      rows,
    };
    return {
      metrics,
      replicates,
      series,
      tables: [table],
      notes: [
        `Training rows: ${train.labels.length} after keeping ${(100 * keep).toFixed(0)}% of the negatives (positive rate ${(100 * metrics.train_rate).toFixed(1)}% there, ${(100 * metrics.test_rate).toFixed(1)}% on test).`,
        `Platt and isotonic are fitted on ${nValid} validation rows with every negative kept (the calibration set must look like serving); the analytic correction needs only the keep rate.`,
        `Network backend: ${nn.backend}; ${gbdt.numTrees} trees kept by early stopping.`,
      ],
    };
  },
};

/** All positives, each negative kept with probability `keep`. */
function downsample(d: GbdtData, keep: number, rng: Rng): GbdtData {
  const F = d.numFeatures;
  const rows: number[] = [];
  for (let r = 0; r < d.labels.length; r++) if (d.labels[r] > 0 || rng.next() < keep) rows.push(r);
  const features = new Float32Array(rows.length * F);
  rows.forEach((r, j) => features.set(d.features.subarray(r * F, (r + 1) * F), j * F));
  return { features, numFeatures: F, labels: Float32Array.from(rows, (r) => d.labels[r]) };
}

/**
 * ECE over resampled test rows (B · n). Each row's bin is found once; a replicate then adds its drawn rows into their
 * bins in draw order — the sums expectedCalibrationError makes over a resampled copy, in the same order, without
 * copying or re-checking the rows (the metric's own call checked them).
 */
function eceReplicates(ctx: ExperimentContext, labels: Float32Array, p: Float64Array, bins: number): Float64Array {
  expectedCalibrationError(labels, p, bins);
  const bin = Int32Array.from(p, (v) => Math.min(bins - 1, Math.floor(v * bins))); // p = 1 in the last, closed bin
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  return ctx.bootstrap.statistic(ROWS, labels.length, (idx) => {
    count.fill(0);
    sumP.fill(0);
    sumY.fill(0);
    for (let j = 0; j < idx.length; j++) {
      const r = idx[j];
      const b = bin[r];
      count[b]++;
      sumP[b] += p[r];
      sumY[b] += labels[r];
    }
    let ece = 0;
    for (let b = 0; b < bins; b++) if (count[b] > 0) ece += Math.abs(sumP[b] - sumY[b]);
    return ece / idx.length;
  });
}

function reliabilitySeries(name: string, labels: Float32Array, variants: Record<string, Float64Array>, bins: number): Series {
  const curves = Object.fromEntries(Object.entries(variants).map(([v, p]) => [v, reliabilityCurve(labels, p, bins)]));
  return {
    name,
    x: 'bin',
    points: Array.from({ length: bins }, (_, b) => {
      const point: Record<string, number> = { bin: r3((b + 0.5) / bins) };
      for (const [v, c] of Object.entries(curves)) if (c.count[b] > 0) point[`observed_${v}`] = r3(c.fractionPositive[b]);
      return point;
    }),
  };
}

const sigmoidAll = (z: ArrayLike<number>) => Float64Array.from(z, (v) => 1 / (1 + Math.exp(-v)));
const meanOf = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s / a.length; };
const r3 = (v: number) => Number(v.toFixed(3));
const r4 = (v: number) => Number(v.toFixed(4));
