// Training behaviour of the GBDT on small synthetic data: the loss falls, lambdarank lifts NDCG,
// NaN follows the learned default, bad names fail with the list, the model round-trips through JSON.
import { describe, expect, it } from 'vitest';
import { trainGbdt, gbdtFromJSON, meanNdcgAtK, binaryLogLoss, meanSquaredError, type GbdtParams } from '../../../src/core/gbdt/index.js';
import { UsageError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';

const base: Omit<GbdtParams, 'objective'> = { numTrees: 30, learningRate: 0.1, numLeaves: 15, minDataInLeaf: 5, maxBin: 63, lambdaL2: 1, seed: 3 };

function binaryData(n: number, seed: number, nanRate = 0) {
  const rng = new Rng(seed);
  const F = 5;
  const features = new Float32Array(n * F);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < F; f++) features[i * F + f] = rng.normal();
    const z = 1.5 * features[i * F] - features[i * F + 1] + features[i * F + 2] * features[i * F + 3] + 0.5 * rng.normal();
    labels[i] = z > 0 ? 1 : 0;
    if (rng.next() < nanRate) features[i * F + 4] = NaN;
  }
  return { features, numFeatures: F, labels };
}

/** Queries of 20 documents whose graded label (0–3) depends on two features, the rest noise. */
function rankingData(queries: number, seed: number) {
  const rng = new Rng(seed);
  const per = 20;
  const F = 4;
  const n = queries * per;
  const features = new Float32Array(n * F);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < F; f++) features[i * F + f] = rng.normal();
    const z = features[i * F] + 0.5 * features[i * F + 1] + 0.3 * rng.normal();
    labels[i] = z > 1.5 ? 3 : z > 0.8 ? 2 : z > 0.2 ? 1 : 0;
  }
  return { features, numFeatures: F, labels, groups: new Int32Array(queries).fill(per) };
}

describe('trainGbdt', () => {
  it('lowers the binary training log loss in every round', () => {
    const d = binaryData(600, 1);
    const m = trainGbdt(d, { ...base, objective: 'binary' });
    let prev = binaryLogLoss(m.predictRaw(d.features, 600, 0), d.labels);
    for (let k = 1; k <= m.numTrees; k++) {
      const loss = binaryLogLoss(m.predictRaw(d.features, 600, k), d.labels);
      expect(loss).toBeLessThan(prev);
      prev = loss;
    }
    expect(m.numTrees).toBe(30);
  });

  it('lowers the regression training error', () => {
    const d = binaryData(400, 2);
    const m = trainGbdt(d, { ...base, objective: 'regression' });
    const before = meanSquaredError(m.predictRaw(d.features, 400, 0), d.labels);
    const after = meanSquaredError(m.predictRaw(d.features, 400), d.labels);
    expect(after).toBeLessThan(before * 0.5);
  });

  it('raises the lambdarank training NDCG@10 over the rounds', () => {
    const d = rankingData(40, 4);
    const m = trainGbdt(d, { ...base, objective: 'lambdarank', numTrees: 20 });
    const n = d.labels.length;
    const first = meanNdcgAtK(m.predictRaw(d.features, n, 1), d.labels, d.groups, 10);
    const last = meanNdcgAtK(m.predictRaw(d.features, n), d.labels, d.groups, 10);
    expect(last).toBeGreaterThan(first);
    // the labels are a noisy function of two features, so a fitted ranker is close to ideal
    expect(last).toBeGreaterThan(0.9);
  });

  it('stops early and keeps the best validation round', () => {
    const d = binaryData(300, 5);
    const v = binaryData(300, 6);
    const m = trainGbdt(d, { ...base, objective: 'binary', numTrees: 300, learningRate: 0.5, numLeaves: 31, minDataInLeaf: 1, earlyStoppingRounds: 5, valid: v });
    expect(m.numTrees).toBeLessThan(300);
    const values = m.evalHistory.map((e) => e.value);
    expect(Math.min(...values)).toBe(values[m.numTrees - 1]);
    expect(values.length).toBe(m.numTrees + 5);
  });

  it('sends NaN rows the way the learned default says, towards the rows they resemble', () => {
    // feature 0 decides the label; NaN rows are all positives, so they should join the high-x side
    for (const nanLabel of [0, 1]) {
      const rng = new Rng(7 + nanLabel);
      const n = 400;
      const features = new Float32Array(n);
      const labels = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        if (i % 5 === 0) {
          features[i] = NaN;
          labels[i] = nanLabel;
        } else {
          features[i] = rng.uniform(0, 1);
          labels[i] = features[i] > 0.5 ? 1 : 0;
        }
      }
      const m = trainGbdt({ features, numFeatures: 1, labels }, { ...base, objective: 'binary', numTrees: 5, numLeaves: 3 });
      const probe = m.predict(Float32Array.from([NaN, 0.9, 0.1]), 3);
      expect(probe[0]).toBe(nanLabel === 1 ? probe[1] : probe[2]);
      const root = m.toJSON().trees[0];
      expect(root.defaultLeft[0]).toBe(nanLabel === 1 ? 0 : 1);
    }
  });

  it('gives bit-identical predictions after a JSON round trip', () => {
    const d = binaryData(500, 8, 0.2);
    const m = trainGbdt(d, { ...base, objective: 'binary', featureFraction: 0.8, baggingFraction: 0.7 });
    const back = gbdtFromJSON(JSON.stringify(m.toJSON()));
    expect(Array.from(back.predict(d.features, 500))).toEqual(Array.from(m.predict(d.features, 500)));
    expect(Array.from(back.featureImportance('gain'))).toEqual(Array.from(m.featureImportance('gain')));
  });

  it('explains a prediction: path contributions plus bias sum to the raw score', () => {
    const d = binaryData(300, 9, 0.1);
    const m = trainGbdt(d, { ...base, objective: 'binary' });
    const raw = m.predictRaw(d.features, 300);
    for (const row of [0, 17, 123, 299]) {
      const c = m.contributions(d.features, row);
      // a telescoping sum over ≤ 30 trees × depth of doubles: error around 1e-15, checked at 1e-10
      expect(c.reduce((s, v) => s + v, 0)).toBeCloseTo(raw[row], 10);
    }
    // the label depends on features 0–3, not on feature 4: importance says so
    const gain = m.featureImportance('gain');
    expect(gain[4]).toBeLessThan(gain[0]);
  });

  it('is deterministic for a seed, with bagging and feature sampling', () => {
    const d = binaryData(300, 10);
    const p = { ...base, objective: 'binary' as const, featureFraction: 0.6, baggingFraction: 0.5 };
    expect(JSON.stringify(trainGbdt(d, p).toJSON())).toBe(JSON.stringify(trainGbdt(d, p).toJSON()));
  });

  it('rejects an unknown objective with the list of known ones', () => {
    const d = binaryData(50, 11);
    expect(() => trainGbdt(d, { ...base, objective: 'poisson' as never })).toThrow(UsageError);
    expect(() => trainGbdt(d, { ...base, objective: 'poisson' as never })).toThrow(/known objectives: binary, lambdarank, regression/);
  });

  it('rejects bad parameters and data naming the field', () => {
    const d = binaryData(50, 12);
    expect(() => trainGbdt(d, { ...base, objective: 'binary', maxBin: 256 })).toThrow(/maxBin/);
    expect(() => trainGbdt(d, { ...base, objective: 'binary', numLeaves: 1 })).toThrow(/numLeaves/);
    expect(() => trainGbdt({ ...d, labels: d.labels.map(() => 2) }, { ...base, objective: 'binary' })).toThrow(/binary labels/);
    expect(() => trainGbdt(d, { ...base, objective: 'lambdarank' })).toThrow(/groups/);
  });
});
