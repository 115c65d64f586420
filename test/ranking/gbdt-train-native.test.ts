// The native GBDT training kernels (src/native/gbdt-train, through src/ranking/gbdt-train-kernels.ts) against the JS reference loops of
// src/core/gbdt, bit for bit: whole trained models (lambdarank with and without the norm and with a short truncation,
// binary with NaN features, bagging and feature sampling, regression with a depth cap), then each kernel alone on
// random inputs (histograms over row subsets and masked features, partitions with missing bins, split scans with
// missing rows and leaf minimums, lambdarank gradients over rounds with ties, single-document and all-zero queries),
// and malformed arguments refused rather than read out of bounds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionRows } from '../../src/core/gbdt/data-partition.js';
import { buildHistogram, HIST_STRIDE, subtractHistogram } from '../../src/core/gbdt/histogram.js';
import { GbdtModel, trainGbdt, type GbdtParams } from '../../src/core/gbdt/index.js';
import { LambdarankObjective } from '../../src/core/gbdt/lambdarank.js';
import { findBestSplit } from '../../src/core/gbdt/split-finder.js';
import type { GbdtData } from '../../src/core/gbdt/types.js';
import { Rng } from '../../src/core/rng.js';
import { nativeStatus } from '../../src/native/addon.js';
import { nativeGbdtTrainKernels } from '../../src/ranking/gbdt-train-kernels.js';
import { diffValues } from '../helpers/same-values.js';

const { addon } = nativeStatus();
const kernels = nativeGbdtTrainKernels();

function rankingData(rng: Rng, queries: number, F: number, nanShare = 0): GbdtData {
  const groups = Int32Array.from({ length: queries }, () => 1 + rng.int(40));
  const n = groups.reduce((s, g) => s + g, 0);
  const features = new Float32Array(n * F);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = rng.normal();
    for (let f = 0; f < F; f++) {
      const v = rng.next() < nanShare ? NaN : rng.normal();
      features[i * F + f] = v;
      if (f < 3 && !Number.isNaN(v)) z += v;
    }
    labels[i] = z > 2 ? 3 : z > 1 ? 2 : z > 0 ? 1 : 0;
  }
  return { features, numFeatures: F, labels, groups };
}

function sameModel(a: GbdtModel, b: GbdtModel): void {
  expect(b.numTrees).toBe(a.numTrees);
  // toEqual compares numbers with Object.is: −0 and +0 differ, so leaf values are held to the bit
  expect(b.flatLayout()).toEqual(a.flatLayout());
  expect(b.toJSON()).toEqual(a.toJSON());
}

describe.runIf(addon)('native GBDT training kernels', () => {
  it('grow the same lambdarank models as the JS loops, bit for bit (norm on and off, truncation 5, 16 bins)', () => {
    const train = rankingData(new Rng(7), 60, 6);
    const base: GbdtParams = { objective: 'lambdarank', numTrees: 25, learningRate: 0.1, numLeaves: 15, maxBin: 255, minDataInLeaf: 2, lambdaL2: 1, seed: 3 };
    for (const p of [base, { ...base, lambdarankNorm: false }, { ...base, truncationLevel: 5, maxBin: 16 }]) {
      sameModel(trainGbdt(train, p), trainGbdt(train, { ...p, kernels: kernels! }));
    }
  });

  it('grow the same binary and regression models with NaN features, bagging, feature sampling and a depth cap', () => {
    const d = rankingData(new Rng(11), 40, 8, 0.1);
    const binary: GbdtData = { features: d.features, numFeatures: 8, labels: d.labels.map((l) => (l > 1 ? 1 : 0)) };
    const reg: GbdtData = { features: d.features, numFeatures: 8, labels: d.labels };
    const b: GbdtParams = { objective: 'binary', numTrees: 20, learningRate: 0.2, numLeaves: 31, maxBin: 63, minDataInLeaf: 5, lambdaL2: 0.5, seed: 5, baggingFraction: 0.7, featureFraction: 0.6 };
    sameModel(trainGbdt(binary, b), trainGbdt(binary, { ...b, kernels: kernels! }));
    const r: GbdtParams = { objective: 'regression', numTrees: 15, learningRate: 0.1, numLeaves: 20, maxDepth: 3, maxBin: 255, minDataInLeaf: 3, lambdaL2: 0, seed: 9 };
    sameModel(trainGbdt(reg, r), trainGbdt(reg, { ...r, kernels: kernels! }));
  });

  it('build every histogram as the JS loop does, over any row subset and feature mask', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), (seed) => {
      const rng = new Rng(seed);
      const F = 1 + rng.int(9);
      const n = 1 + rng.int(300);
      const nvb = Int32Array.from({ length: F }, () => 1 + rng.int(40));
      const off = new Int32Array(F);
      for (let f = 1; f < F; f++) off[f] = off[f - 1] + nvb[f - 1] + 1;
      const total = off[F - 1] + nvb[F - 1] + 1;
      const bins = Uint8Array.from({ length: n * F }, (_, i) => rng.int(nvb[i % F] + 1));
      const grad = Float32Array.from({ length: n }, () => rng.normal());
      const hess = Float32Array.from({ length: n }, () => rng.next());
      const mask = Uint8Array.from({ length: F }, () => (rng.next() < 0.7 ? 1 : 0));
      const rows = rng.sampleWithoutReplacement(n, 1 + rng.int(n)).sort();
      const start = rng.int(rows.length);
      const end = start + rng.int(rows.length - start + 1);
      const js = new Float64Array(total * HIST_STRIDE).fill(7);
      const nat = new Float64Array(total * HIST_STRIDE).fill(-7);
      buildHistogram(bins, F, off, mask, rows, start, end, grad, hess, js);
      kernels!.buildHistogram(bins, F, off, mask, rows, start, end, grad, hess, nat);
      expect(diffValues(nat, js)).toEqual([]); // bit for bit: Object.is per bin, as toEqual
      const parent = Float64Array.from(js, (v) => v * 3 + rng.normal());
      const a = new Float64Array(js.length);
      const b = new Float64Array(js.length);
      subtractHistogram(parent, js, a);
      kernels!.subtractHistogram(parent, js, b);
      expect(diffValues(b, a)).toEqual([]);
    }), { numRuns: 60 });
  });

  it('partition rows as the JS loop does: stable, missing bins following the default side', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), (seed) => {
      const rng = new Rng(seed);
      const F = 1 + rng.int(5);
      const n = 1 + rng.int(200);
      const nb = 2 + rng.int(20);
      const bins = Uint8Array.from({ length: n * F }, () => rng.int(nb + 1));
      const idx = rng.sampleWithoutReplacement(n, n);
      const start = rng.int(n);
      const count = rng.int(n - start + 1);
      const args = [start, count, bins, F, rng.int(F), rng.int(nb), nb, rng.next() < 0.5] as const;
      const a = idx.slice();
      const b = idx.slice();
      const la = partitionRows(a, new Int32Array(n), ...args);
      const lb = kernels!.partitionRows(b, new Int32Array(n), ...args);
      expect(lb).toBe(la);
      expect(diffValues(b, a)).toEqual([]);
    }), { numRuns: 80 });
  });

  it('find the same best split (feature, bin, default side, gain and sums), missing rows and minimums included', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), (seed) => {
      const rng = new Rng(seed);
      const F = 1 + rng.int(6);
      const nvb = Int32Array.from({ length: F }, () => 1 + rng.int(30));
      const off = new Int32Array(F);
      for (let f = 1; f < F; f++) off[f] = off[f - 1] + nvb[f - 1] + 1;
      const total = off[F - 1] + nvb[F - 1] + 1;
      const hist = new Float64Array(total * HIST_STRIDE);
      for (let f = 0; f < F; f++) {
        const missing = rng.next() < 0.4;
        for (let b = 0; b <= nvb[f]; b++) {
          if (b === nvb[f] && !missing) continue;
          const c = rng.int(6);
          const o = (off[f] + b) * HIST_STRIDE;
          hist[o] = c * rng.normal();
          hist[o + 1] = c * rng.next();
          hist[o + 2] = c;
        }
      }
      // the leaf's sums from feature 0's bins (every row sits in one bin of each feature; the others only need shape)
      let g = 0, h = 0, c = 0;
      for (let b = 0; b <= nvb[0]; b++) {
        g += hist[b * 3];
        h += hist[b * 3 + 1];
        c += hist[b * 3 + 2];
      }
      const mask = Uint8Array.from({ length: F }, () => (rng.next() < 0.8 ? 1 : 0));
      const cons = { lambdaL2: rng.next() * 2, minDataInLeaf: 1 + rng.int(4), minSumHessianInLeaf: rng.next() < 0.5 ? 1e-3 : rng.next() };
      const sums = { grad: g, hess: h, count: c };
      expect(kernels!.findBestSplit(hist, off, nvb, mask, sums, cons)).toEqual(findBestSplit(hist, off, nvb, mask, sums, cons));
    }), { numRuns: 150 });
  });

  it('compute the lambdarank gradients of every round as oneQuery does, ties and degenerate queries included', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), fc.boolean(), fc.integer({ min: 1, max: 40 }), (seed, norm, truncationLevel) => {
      const rng = new Rng(seed);
      const groups = Int32Array.from({ length: 1 + rng.int(8) }, () => 1 + rng.int(50));
      const n = groups.reduce((s, x) => s + x, 0);
      const labels = Float32Array.from({ length: n }, () => (rng.next() < 0.5 ? 0 : rng.int(5)));
      if (groups.length > 1) labels.fill(0, 0, groups[0]);
      const opts = { lambdarankNorm: norm, truncationLevel, sigmoid: 0.5 + rng.next() * 2 };
      const js = new LambdarankObjective(groups, opts);
      const nat = new LambdarankObjective(groups, { ...opts, pairs: kernels!.lambdarankPairs });
      const scores = Float64Array.from({ length: n }, () => (rng.next() < 0.3 ? 0 : rng.normal() * 20));
      for (let round = 0; round < 3; round++) {
        const [g1, h1, g2, h2] = [0, 0, 0, 0].map(() => new Float32Array(n).fill(9));
        js.gradients(scores, labels, g1, h1);
        nat.gradients(scores, labels, g2, h2);
        expect({ g: diffValues(g2, g1), h: diffValues(h2, h1) }).toEqual({ g: [], h: [] });
        for (let i = 0; i < n; i++) scores[i] -= 0.3 * g1[i] + (rng.next() < 0.1 ? rng.normal() : 0);
      }
    }), { numRuns: 80 });
  });

  it('refuse malformed arguments instead of reading outside a buffer', () => {
    const bins = new Uint8Array(6);
    expect(() => addon!.gbdtPartition(Int32Array.of(0, 5), new Int32Array(2), 0, 2, bins, 2, 0, 1, 2, true)).toThrow(/outside/);
    expect(() => addon!.gbdtPartition(Int32Array.of(0, 1), new Int32Array(2), 1, 2, bins, 2, 0, 1, 2, true)).toThrow(/inside idx/);
    const off = Int32Array.of(0, 3);
    expect(() => addon!.gbdtHistogram(bins, 2, off, Uint8Array.of(1, 1), Int32Array.of(0), 0, 1, new Float32Array(2), new Float32Array(3), new Float64Array(18))).toThrow(/one per row/);
    expect(() => addon!.gbdtHistogram(Uint8Array.of(0, 200, 0, 0, 0, 0), 2, off, Uint8Array.of(1, 1), Int32Array.of(0), 0, 1, new Float32Array(3), new Float32Array(3), new Float64Array(18))).toThrow(/outside out/);
    expect(() => addon!.gbdtBestSplit(new Float64Array(6), Int32Array.of(0), Int32Array.of(5), Uint8Array.of(1), new Float64Array(6), new Float64Array(10))).toThrow(/outside hist/);
  });
});
