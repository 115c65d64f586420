// The multi-task ranker: both trunks learn three synthetic tasks at once, a task with loss weight 0 stays untrained,
// training is seeded, and bad options are refused by name.
import { beforeAll, describe, expect, it } from 'vitest';
import { aucRoc } from '../../src/core/metrics/index.js';
import { Rng } from '../../src/core/rng.js';
import { trainMultiTaskRanker, type MultiTaskData, type MultiTaskOptions } from '../../src/models/nn-ranker/multi-task.js';

/** Four features; click from x0, log dwell from x1 (given a click), purchase from x0 and x1 together. */
function synthetic(seed: number, n: number): MultiTaskData {
  const rng = new Rng(seed);
  const F = 4;
  const features = Float32Array.from({ length: n * F }, () => rng.normal());
  const click = new Float32Array(n);
  const logDwell = new Float32Array(n);
  const purchase = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const x0 = features[r * F];
    const x1 = features[r * F + 1];
    click[r] = rng.next() < 1 / (1 + Math.exp(-2 * x0)) ? 1 : 0;
    logDwell[r] = click[r] ? 3 + x1 + rng.normal(0, 0.3) : 0;
    purchase[r] = rng.next() < 1 / (1 + Math.exp(-(1.5 * x0 + 1.5 * x1 - 2))) ? 1 : 0;
  }
  return { features, numFeatures: F, click, logDwell, purchase };
}

const OPTS: MultiTaskOptions = {
  trunk: 'shared-bottom', hidden: 16, experts: 3, towerHidden: 8, lossWeights: { click: 1, dwell: 1, purchase: 1 },
  epochs: 4, batchSize: 256, learningRate: 0.01, seed: 3,
};

function pearson(a: ArrayLike<number>, b: ArrayLike<number>, rows: number[]): number {
  const n = rows.length;
  const ma = rows.reduce((s, r) => s + a[r], 0) / n;
  const mb = rows.reduce((s, r) => s + b[r], 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (const r of rows) {
    sab += (a[r] - ma) * (b[r] - mb);
    saa += (a[r] - ma) ** 2;
    sbb += (b[r] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const train = synthetic(1, 4000);
const test = synthetic(2, 2000);
const clicked = Array.from({ length: 2000 }, (_, r) => r).filter((r) => test.click[r] > 0);

describe('multi-task ranker', () => {
  let sharedPred: ReturnType<Awaited<ReturnType<typeof trainMultiTaskRanker>>['predict']>;
  let sharedLoss: number[];
  // the shared-bottom model at OPTS, trained once: the 'learns' case for shared-bottom reads it (it trained the same
  // model again), the dwell-weight and determinism cases compare with it
  beforeAll(async () => {
    const m = await trainMultiTaskRanker(train, OPTS);
    sharedPred = m.predict(test.features, 2000);
    sharedLoss = [...m.epochLoss];
    m.dispose();
  });

  it.each(['shared-bottom', 'mmoe'] as const)('the %s trunk learns all three heads on held-out rows', async (trunk) => {
    let p = sharedPred;
    let epochLoss = sharedLoss;
    if (trunk !== OPTS.trunk) {
      const m = await trainMultiTaskRanker(train, { ...OPTS, trunk });
      p = m.predict(test.features, 2000);
      epochLoss = [...m.epochLoss];
      m.dispose();
    }
    expect(epochLoss.at(-1)!).toBeLessThan(epochLoss[0]);
    // the Bayes AUCs here are ≈ 0.84 (click) and ≈ 0.85 (purchase); 0.75 leaves room for a small, briefly trained net
    expect(aucRoc(test.click, p.clickLogit)).toBeGreaterThan(0.75);
    expect(aucRoc(test.purchase, p.purchaseLogit)).toBeGreaterThan(0.75);
    // log dwell = 3 + x1 + N(0, 0.3²): the best correlation is 1/√(1 + 0.09) ≈ 0.96
    expect(pearson(p.logDwell, test.logDwell, clicked)).toBeGreaterThan(0.85);
  });

  it('a head whose loss weight is 0 learns nothing: its dwell predictions do not track dwell', async () => {
    const m = await trainMultiTaskRanker(train, { ...OPTS, lossWeights: { click: 1, dwell: 0, purchase: 0 } });
    const p = m.predict(test.features, 2000);
    m.dispose();
    expect(aucRoc(test.click, p.clickLogit)).toBeGreaterThan(0.75);
    expect(Math.abs(pearson(p.logDwell, test.logDwell, clicked))).toBeLessThan(Math.abs(pearson(sharedPred.logDwell, test.logDwell, clicked)) - 0.3);
  });

  it('is deterministic for a seed', async () => {
    const m = await trainMultiTaskRanker(train, OPTS);
    const p = m.predict(test.features, 50);
    m.dispose();
    expect(Array.from(p.clickLogit)).toEqual(Array.from(sharedPred.clickLogit.subarray(0, 50)));
  });

  it('refuses an unknown trunk and a zero width, naming them', async () => {
    await expect(trainMultiTaskRanker(train, { ...OPTS, trunk: 'towers' as never })).rejects.toThrow(/trunk must be one of shared-bottom, mmoe, got "towers"/);
    await expect(trainMultiTaskRanker(train, { ...OPTS, hidden: 0 })).rejects.toThrow(/must be ≥ 1/);
  });
});
