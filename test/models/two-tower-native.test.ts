// The compiled dense engine (src/native/two-tower) against the JS reference: same loss, input
// gradients and weight gradients on shapes that exercise both the vector tiles (widths that are
// multiples of 16 and 32) and the scalar edges; finite differences on its own input gradients; the
// thread count never changes a bit of the result; the tables' sparse row work in C++ matches the JS
// loops; and trainTwoTower on it learns and is reproducible.
// `npm ci` builds the addon; where CI runs, a missing addon is a failure, not a skip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { generateWorld } from '../../src/data/world.js';
import { JsDenseEngine } from '../../src/models/two-tower/dense-js.js';
import { NativeDenseEngine } from '../../src/models/two-tower/dense-native.js';
import { EmbeddingTable, RowPlan } from '../../src/models/two-tower/embedding-table.js';
import { WorldFeatures } from '../../src/models/two-tower/features.js';
import { initDenseWeights, type DenseConfig, type DenseStepInput } from '../../src/models/two-tower/dense-types.js';
import { nativeStatus } from '../../src/native/addon.js';
import { expectInputGradientsMatch } from '../helpers/dense-finite-diff.js';
import { makeDenseEngine, resolveDenseEngine, trainTwoTower } from '../../src/models/two-tower/train.js';

const { addon, reason } = nativeStatus();

function input(rng: Rng, e: number, B: number, C: number, k: number, inBatch: boolean): DenseStepInput {
  const r = (n: number) => Float32Array.from({ length: n }, () => rng.normal(0, 1));
  // a few repeated items so accidental-hit masking is exercised
  const rowItem = Int32Array.from({ length: B }, () => rng.int(Math.max(2, B - 3)));
  const colItem = Int32Array.from({ length: C }, (_, j) => (j < B ? rowItem[j] : rng.int(B + 5)));
  return {
    xu: r(B * e), xi: r((C + B * k) * e), B, C, k, rowItem, colItem,
    logQ: Float32Array.from({ length: C }, () => -1 - 4 * rng.next()), correction: 1, temperature: 0.3, inBatch,
  };
}

/** float32 pipelines summing in different orders (and a polynomial exp): relative 2e-4 */
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(2e-4 * Math.max(1, Math.abs(b)));

interface Apart { what: string; i: number; got: number; want: number }
/**
 * `close` over whole arrays in plain code: every index of `got` whose value is not within relative 2e-4 of `want`'s at
 * the same index (a missing `want` value or a NaN is a mismatch, as it fails `close`) goes to `out` with its index and
 * both values, for one `expect(out).toEqual([])` after the loop instead of an expect per element.
 */
function collectApart(what: string, got: ArrayLike<number>, want: ArrayLike<number>, out: Apart[]): void {
  for (let i = 0; i < got.length; i++) {
    const a = got[i];
    const b = want[i];
    if (!(Math.abs(a - b) < 2e-4 * Math.max(1, Math.abs(b)))) out.push({ what, i, got: a, want: b });
  }
}

describe.runIf(addon)('native dense engine', () => {
  const shapes: { config: DenseConfig; B: number; C: number; k: number; inBatch: boolean; correction: number }[] = [
    { config: { inputDim: 3, hidden: [4], dim: 3, learningRate: 0.01 }, B: 3, C: 4, k: 0, inBatch: true, correction: 1 },
    { config: { inputDim: 3, hidden: [4], dim: 3, learningRate: 0.01 }, B: 3, C: 4, k: 2, inBatch: true, correction: -1 },
    { config: { inputDim: 3, hidden: [4], dim: 3, learningRate: 0.01 }, B: 3, C: 5, k: 1, inBatch: false, correction: 0 },
    // vector tiles (multiples of 16/32) plus ragged edges (B, C and a hidden width that are not)
    { config: { inputDim: 32, hidden: [48], dim: 16, learningRate: 0.01 }, B: 21, C: 37, k: 0, inBatch: true, correction: 1 },
    { config: { inputDim: 64, hidden: [64, 33], dim: 32, learningRate: 0.01 }, B: 36, C: 36, k: 3, inBatch: true, correction: 1 },
    { config: { inputDim: 16, hidden: [], dim: 16, learningRate: 0.01 }, B: 8, C: 40, k: 0, inBatch: false, correction: 1 },
  ];

  for (const [n, s] of shapes.entries()) {
    it(`computes the JS reference's loss and gradients (shape ${n}: e ${s.config.inputDim}, hidden [${s.config.hidden}], d ${s.config.dim}, B ${s.B}, C ${s.C}, k ${s.k}, in-batch ${s.inBatch})`, () => {
      const rng = new Rng(30 + n);
      const init = initDenseWeights(s.config, rng);
      init.forEach((w, p) => { if (p % 2 === 1) w.forEach((_, i) => (w[i] = rng.normal(0, 0.1))); });
      const x = { ...input(rng, s.config.inputDim, s.B, s.C, s.k, s.inBatch), correction: s.correction };
      const js = new JsDenseEngine(s.config, init).lossAndGrads(x);
      const apart: Apart[] = [];
      for (const threads of [1, 2] as const) {
        const nat = new NativeDenseEngine(addon!, s.config, init, threads).lossAndGrads(x);
        close(nat.loss, js.loss);
        collectApart(`gxu, ${threads} thread(s)`, nat.gxu, js.gxu, apart);
        collectApart(`gxi, ${threads} thread(s)`, nat.gxi, js.gxi, apart);
        nat.gParams.forEach((gp, p) => collectApart(`gParams[${p}], ${threads} thread(s)`, gp, js.gParams[p], apart));
      }
      expect(apart).toEqual([]);
    });
  }

  it('its input gradients match finite differences of its own loss', () => {
    const config: DenseConfig = { inputDim: 5, hidden: [6], dim: 4, learningRate: 0.01 };
    const rng = new Rng(3);
    const eng = new NativeDenseEngine(addon!, config, initDenseWeights(config, rng), 1);
    const x = input(rng, 5, 4, 6, 1, true);
    // h = 1e-2 in float32: truncation ~1e-4 · third derivative, rounding ~1e-5 / 1e-2
    expectInputGradientsMatch(eng, x, 1e-2, 5e-3);
  });

  it('one thread and two threads give bit-identical steps (no shared sums between threads)', () => {
    const config: DenseConfig = { inputDim: 32, hidden: [32], dim: 32, learningRate: 0.01 };
    const rng = new Rng(4);
    const init = initDenseWeights(config, rng);
    const x = input(rng, 32, 64, 80, 2, true);
    const a = new NativeDenseEngine(addon!, config, init, 1);
    const b = new NativeDenseEngine(addon!, config, init, 2);
    for (let s = 0; s < 3; s++) expect(b.step(x)).toEqual(a.step(x));
    expect(b.weights()).toEqual(a.weights());
    expect(b.encodeItems(x.xi, 80 + 64 * 2)).toEqual(a.encodeItems(x.xi, 80 + 64 * 2));
  });

  it('takes the same Adam steps as the JS reference', () => {
    const config: DenseConfig = { inputDim: 3, hidden: [4], dim: 3, learningRate: 0.01 };
    const rng = new Rng(9);
    const init = initDenseWeights(config, rng);
    const x = input(rng, 3, 3, 4, 1, true);
    const js = new JsDenseEngine(config, init);
    const nat = new NativeDenseEngine(addon!, config, init, 2);
    for (let s = 0; s < 3; s++) {
      js.step(x);
      nat.step(x);
    }
    const b = nat.weights();
    // plain-code comparison, one expect: every weight further than 3e-4 from the JS reference's (or NaN), with its place
    const apart: { p: number; i: number; js: number; native: number }[] = [];
    js.weights().forEach((w, p) => w.forEach((v, i) => { if (!(Math.abs(v - b[p][i]) < 3e-4)) apart.push({ p, i, js: v, native: b[p][i] }); }));
    expect(apart).toEqual([]);
  });

  it('refuses buffers of the wrong length by name instead of reading past them', () => {
    const config: DenseConfig = { inputDim: 3, hidden: [4], dim: 3, learningRate: 0.01 };
    const eng = new NativeDenseEngine(addon!, config, initDenseWeights(config, new Rng(1)), 1);
    const x = input(new Rng(2), 3, 3, 4, 0, true);
    expect(() => eng.lossAndGrads({ ...x, logQ: new Float32Array(2) })).toThrow(/logQ has length 2, expected 4/);
    expect(() => eng.encodeUsers(new Float32Array(5), 2)).toThrow(/x has length 5, expected 6/);
  });

  it('trainTwoTower on it learns, is reproducible, and reports the engine', async () => {
    const world = generateWorld({
      scale: 'tiny', seed: 5,
      overrides: { numUsers: 300, numItems: 600, numCategories: 20, numTopCategories: 5, numBrands: 40, numTags: 30, days: 20, testDays: 4 },
    });
    const o = { dim: 16, hidden: [32], negatives: 'mixed' as const, numNegatives: 16, logQ: 'correct' as const, temperature: 0.1, batchSize: 128, epochs: 2, learningRate: 0.003, seed: 7, engine: 'native' as const };
    const a = await trainTwoTower(world, o);
    const b = await trainTwoTower(world, o);
    expect(a.stats.engine).toBe('native');
    expect(a.stats.backend).toMatch(/^native \(\d threads?\)$/);
    expect(a.stats.lastLoss).toBeLessThan(a.stats.firstLoss - 0.3);
    expect(b.itemEmbeddings()).toEqual(a.itemEmbeddings());
    expect(b.userEmbeddings()).toEqual(a.userEmbeddings());
    a.dispose();
    b.dispose();
  });

  it('sparse rows: gather, scatter (repeated rows, several batches before one update) and Adagrad/SGD updates match the JS loops', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 }), fc.boolean(), fc.integer({ min: 0, max: 1000 }),
      (dim, n, adagrad, seed) => {
        const rng = new Rng(seed);
        const rows = 50;
        const js = new EmbeddingTable(rows, dim, new Rng(seed + 1), 0.1);
        const nat = new EmbeddingTable(rows, dim, new Rng(seed + 1), 0.1, addon);
        const batch = 7;
        const plan = new RowPlan();
        // ids skewed to a few rows so most rows repeat within and across batches
        for (let q = 0; q < n; q++) plan.push(Math.floor(rows * rng.next() ** 3), rng.int(batch), rng.normal(0, 1));
        const outJs = new Float32Array(batch * dim);
        const outNat = new Float32Array(batch * dim);
        js.gather(plan, outJs);
        nat.gather(plan, outNat);
        const apart: Apart[] = [];
        collectApart('gather', outNat, outJs, apart);
        const g = Float32Array.from({ length: batch * dim }, () => rng.normal(0, 1));
        for (let rep = 0; rep < 2; rep++) {
          js.scatter(plan, g);
          nat.scatter(plan, g);
        }
        expect(nat.apply(0.05, adagrad ? 'adagrad' : 'sgd')).toBe(js.apply(0.05, adagrad ? 'adagrad' : 'sgd'));
        collectApart('data after the first apply', nat.data, js.data, apart);
        expect(nat.touched).toEqual(js.touched);
        // the slot map is cleared: a second round starts from empty pending gradients
        js.scatter(plan, g);
        nat.scatter(plan, g);
        js.apply(0.05, 'sgd');
        nat.apply(0.05, 'sgd');
        collectApart('data after the second apply', nat.data, js.data, apart);
        expect(apart).toEqual([]);
      },
    ), { numRuns: 40 });
  });

  it('sparse rows: an id outside the table is refused by name', () => {
    const t = new EmbeddingTable(5, 4, new Rng(1), 0.1, addon);
    const plan = new RowPlan();
    plan.push(5, 0, 1);
    expect(() => t.gather(plan, new Float32Array(4))).toThrow(/ids holds 5, outside \[0, 5\)/);
    expect(() => t.scatter(plan, new Float32Array(4))).toThrow(/ids holds 5/);
  });

  it('the world features build the same tower inputs and table updates in C++ and in JS', () => {
    const world = generateWorld({
      scale: 'tiny', seed: 3,
      overrides: { numUsers: 40, numItems: 90, numCategories: 12, numTopCategories: 3, numBrands: 8, numTags: 10, days: 6, testDays: 1 },
    });
    const js = new WorldFeatures(world, 8, new Rng(1));
    const nat = new WorldFeatures(world, 8, new Rng(1), true, addon);
    const users = Int32Array.from([0, 3, 3, 17]);
    const hist = { offsets: Int32Array.from([0, 2, 2, 5, 9]), items: Int32Array.from([1, 7, 2, 7, 9, 1, 1, 4, 80]), weights: Float32Array.from([0.25, 0.75, 0.2, 0.3, 0.5, 0.1, 0.2, 0.3, 0.4]) };
    const items = Int32Array.from([4, 4, 11, 89]);
    const xs = (f: WorldFeatures) => {
      const xu = new Float32Array(4 * 8);
      const xi = new Float32Array(4 * 8);
      f.userInputs(users, hist, xu);
      f.itemInputs(items, xi);
      return [...xu, ...xi];
    };
    const a = xs(js);
    const apart: Apart[] = [];
    collectApart('inputs before the update', xs(nat), a, apart);
    const g = Float32Array.from({ length: 32 }, (_, i) => Math.sin(i));
    for (const f of [js, nat]) {
      f.userBackward(users, hist, g);
      f.itemBackward(items, g);
      f.apply(0.1, 'adagrad');
    }
    const b = xs(js);
    collectApart('inputs after the update', xs(nat), b, apart);
    expect(apart).toEqual([]);
    expect(b).not.toEqual(a);
  });

  it("'auto' resolves to native when the addon is built", () => {
    expect(resolveDenseEngine('auto')).toBe('native');
    expect(resolveDenseEngine('tfjs')).toBe('tfjs');
  });
});

describe('native addon availability', () => {
  it.runIf(process.env.CI)('is built where CI runs (npm ci runs the install script)', () => {
    expect(reason).toBe('loaded');
  });

  it.runIf(!addon)('without it, engine native is refused with the reason and auto falls back to tfjs', async () => {
    const o = { dim: 4, hidden: [], learningRate: 0.01, engine: 'native' as const };
    await expect(makeDenseEngine(o, 4, new Rng(1))).rejects.toThrow(UsageError);
    expect(resolveDenseEngine('auto')).toBe('tfjs');
  });
});
