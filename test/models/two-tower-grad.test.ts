// Gradient checks for every hand-written backward pass of the two-tower model: the JS dense engine
// (towers + normalisation + loss) against finite differences, the tfjs engine against the JS engine,
// and the sparse embedding scatter (history pooling included) against finite differences.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { generateWorld } from '../../src/data/world.js';
import { getTf } from '../../src/models/tf-backend.js';
import { JsDenseEngine } from '../../src/models/two-tower/dense-js.js';
import { TfjsDenseEngine } from '../../src/models/two-tower/dense-tfjs.js';
import { initDenseWeights, type DenseConfig, type DenseStepInput } from '../../src/models/two-tower/dense-types.js';
import { WorldFeatures } from '../../src/models/two-tower/features.js';
import { expectInputGradientsMatch } from '../helpers/dense-finite-diff.js';

const config: DenseConfig = { inputDim: 3, hidden: [4], dim: 3, learningRate: 0.01 };

function input(rng: Rng, inBatch: boolean, k: number): DenseStepInput {
  const B = 3;
  const C = 4;
  const r = (n: number) => Float32Array.from({ length: n }, () => rng.normal(0, 1));
  return {
    xu: r(B * 3), xi: r((C + B * k) * 3), B, C, k,
    rowItem: Int32Array.from([5, 6, 5]), colItem: Int32Array.from([5, 6, 5, 9]),
    logQ: Float32Array.from([-1, -2, -1, -4]), correction: 1, temperature: 0.4, inBatch,
  };
}

/** Central differences with h = 1e-3 on float32 maths: truncation ~1e-6, rounding ~1e-4; tolerance 3e-3 (relative above 1). */
function expectClose(numeric: number, analytic: number): void {
  expect(Math.abs(numeric - analytic)).toBeLessThan(3e-3 * Math.max(1, Math.abs(numeric)));
}

describe('JS dense engine gradients', () => {
  for (const [inBatch, k] of [[true, 0], [true, 2], [false, 1]] as const) {
    it(`match finite differences for the inputs (inBatch=${inBatch}, hard k=${k})`, () => {
      const rng = new Rng(5 + k);
      const eng = new JsDenseEngine(config, initDenseWeights(config, rng));
      const x = input(rng, inBatch, k);
      expectInputGradientsMatch(eng, x, 1e-3, 3e-3);
    });
  }

  it('match finite differences for every dense weight', () => {
    const rng = new Rng(21);
    const init = initDenseWeights(config, rng);
    init.forEach((w, p) => { if (p % 2 === 1) w.forEach((_, i) => (w[i] = rng.normal(0, 0.3))); });
    const x = input(rng, true, 1);
    const g = new JsDenseEngine(config, init).lossAndGrads(x).gParams;
    for (let p = 0; p < init.length; p++) {
      for (let i = 0; i < init[p].length; i++) {
        const keep = init[p][i];
        init[p][i] = keep + 1e-3;
        const up = new JsDenseEngine(config, init).lossAndGrads(x).loss;
        init[p][i] = keep - 1e-3;
        const down = new JsDenseEngine(config, init).lossAndGrads(x).loss;
        init[p][i] = keep;
        expectClose((up - down) / 2e-3, g[p][i]);
      }
    }
  });
});

describe('tfjs dense engine', () => {
  it('computes the same loss and gradients as the JS reference (to float32 rounding)', async () => {
    const { tf } = await getTf({ gradients: false });
    for (const [inBatch, k] of [[true, 0], [true, 2], [false, 1]] as const) {
      const rng = new Rng(8);
      const init = initDenseWeights(config, rng);
      const x = input(rng, inBatch, k);
      const js = new JsDenseEngine(config, init).lossAndGrads(x);
      const tfe = new TfjsDenseEngine(tf, config, init);
      const t = tfe.lossAndGrads(x);
      // relative 1e-4: both are float32 pipelines that sum in different orders; a row whose hidden
      // units are all dead has a zero output and a gradient scaled by 1/ε, so the scale can be huge
      const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-4 * Math.max(1, Math.abs(b)));
      close(t.loss, js.loss);
      t.gxu.forEach((v, i) => close(v, js.gxu[i]));
      t.gxi.forEach((v, i) => close(v, js.gxi[i]));
      t.gParams!.forEach((gp, p) => gp.forEach((v, i) => close(v, js.gParams[p][i])));
      tfe.dispose();
    }
  });

  it('takes the same Adam step as the JS reference', async () => {
    const { tf } = await getTf({ gradients: false });
    const rng = new Rng(9);
    const init = initDenseWeights(config, rng);
    const x = input(rng, true, 1);
    const js = new JsDenseEngine(config, init);
    const tfe = new TfjsDenseEngine(tf, config, init);
    for (let s = 0; s < 3; s++) {
      js.step(x);
      tfe.step(x);
    }
    const a = js.weights();
    const b = tfe.weights();
    // Adam divides by √v, so float32 noise in a near-zero gradient moves a weight by up to a few % of
    // one step (lr = 0.01): 3e-4 after three steps still catches a wrong moment, sign or bias correction
    a.forEach((w, p) => w.forEach((v, i) => expect(Math.abs(v - b[p][i])).toBeLessThan(3e-4)));
    tfe.dispose();
  });
});

describe('sparse embedding backward (pooling over history included)', () => {
  it('accumulates the gradient of Σ g·input with respect to every table row (finite differences)', () => {
    const world = generateWorld({ scale: 'tiny', seed: 3, overrides: { numUsers: 30, numItems: 60, numCategories: 12, numTopCategories: 3, numBrands: 8, numTags: 10, days: 6, testDays: 1 } });
    const f = new WorldFeatures(world, 2, new Rng(1));
    const users = Int32Array.from([0, 3, 3]);
    const hist = { offsets: Int32Array.from([0, 2, 2, 5]), items: Int32Array.from([1, 7, 2, 7, 9]), weights: Float32Array.from([0.25, 0.75, 0.2, 0.3, 0.5]) };
    const items = Int32Array.from([4, 4, 11]);
    const rng = new Rng(2);
    const gu = Float32Array.from({ length: 6 }, () => rng.normal());
    const gi = Float32Array.from({ length: 6 }, () => rng.normal());
    const objective = (): number => {
      const xu = new Float32Array(6);
      const xi = new Float32Array(6);
      f.userInputs(users, hist, xu);
      f.itemInputs(items, xi);
      let s = 0;
      for (let q = 0; q < 6; q++) s += gu[q] * xu[q] + gi[q] * xi[q];
      return s;
    };
    const tables = [f.userId, f.ageBand, f.country, f.device, f.itemId, f.category, f.topCategory, f.brand, f.price, f.tag];
    const before = tables.map((t) => Float32Array.from(t.data));
    const numeric = tables.map((t) => Float32Array.from(t.data, (_, q) => {
      const keep = t.data[q];
      t.data[q] = keep + 1e-2;
      const up = objective();
      t.data[q] = keep - 1e-2;
      const down = objective();
      t.data[q] = keep;
      return (up - down) / 2e-2;
    }));
    f.userBackward(users, hist, gu);
    f.itemBackward(items, gi);
    f.apply(1, 'sgd'); // data −= 1 · accumulated gradient, so before − after is the gradient
    tables.forEach((t, ti) => t.data.forEach((after, q) => {
      // the objective is linear in the tables: only float32 rounding of ~1e-6 remains
      expect(Math.abs(before[ti][q] - after - numeric[ti][q])).toBeLessThan(1e-3);
    }));
  });
});
