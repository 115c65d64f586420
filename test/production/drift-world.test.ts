// The drifting world and its daily traffic, checked against reference computations: the world's own
// choice model, the general logistic scorer, and core/metrics ndcgAtK.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { logisticScores, createLogistic } from '../../src/core/logistic/index.js';
import { ndcgAtK } from '../../src/core/metrics/index.js';
import { generateWorld } from '../../src/data/world.js';
import { engagementLogit } from '../../src/data/choice-model.js';
import { defaultSchedule, DriftWorld, onlyDrift, PRICE_SENSITIVITY } from '../../src/production/drift/drift-schedule.js';
import { buildDay, candidateSampler, FEATURE, scoreBatch, UserSampler } from '../../src/production/drift/daily-stream.js';
import { serveDay, topIndices } from '../../src/production/drift/serve-day.js';
import { runTimeline } from '../../src/production/drift/timeline.js';

const world = generateWorld({ scale: 'tiny', seed: 7, overrides: { numUsers: 400, numItems: 1200 } });

function day(dw: DriftWorld, t: number, seed = 1) {
  return buildDay(dw, t, 40, 30, new UserSampler(dw), candidateSampler(dw, t), new Rng(seed), 0.1);
}

describe('drifting world', () => {
  it('with every drift off, the truth is the world choice model plus the fixed real-price term', () => {
    const dw = new DriftWorld(world, onlyDrift(defaultSchedule(), 'none'), new Rng(1));
    const b = day(dw, 5);
    for (let row = 0; row < 50; row++) {
      const u = b.users[Math.floor(row / b.candidates)];
      const i = b.items[row];
      let a = 0;
      for (let d = 0; d < world.config.latentDim; d++) a += world.users.taste[u * world.config.latentDim + d] * world.items.latent[i * world.config.latentDim + d];
      const expected = engagementLogit(world.config, a, world.items.popularity[i], 0) - world.config.positionBias[0]
        - PRICE_SENSITIVITY * (dw.logPrice[i] - dw.meanLogPrice);
      // float32 storage of the logit: 1e-4 is ~100 float32 ulps at these magnitudes
      expect(b.trueLogit[row]).toBeCloseTo(expected, 4);
    }
  });

  it('price inflation moves the price feature and nothing the users respond to', () => {
    const dw = new DriftWorld(world, onlyDrift(defaultSchedule(), 'priceInflation'), new Rng(1));
    const before = day(dw, 0);
    const after = day(dw, 60);
    const shift = Math.log(dw.priceIndex(60));
    expect(shift).toBeGreaterThan(0.3);
    expect(Array.from(after.trueLogit)).toEqual(Array.from(before.trueLogit));
    for (let row = 0; row < 20; row++) {
      expect(after.X[row * after.featureDim + FEATURE.logPrice] - before.X[row * before.featureDim + FEATURE.logPrice]).toBeCloseTo(shift, 5);
    }
  });

  it('a taste change moves the truth and leaves every input where it was', () => {
    const dw = new DriftWorld(world, onlyDrift(defaultSchedule(), 'tasteChange'), new Rng(1));
    const before = day(dw, 0);
    const after = day(dw, 80);
    expect(Array.from(after.X)).toEqual(Array.from(before.X));
    let moved = 0;
    for (let row = 0; row < after.trueLogit.length; row++) moved += Math.abs(after.trueLogit[row] - before.trueLogit[row]);
    expect(moved / after.trueLogit.length).toBeGreaterThan(0.1);
  });

  it('the sparse scorer equals the dense logistic scorer', () => {
    const dw = new DriftWorld(world, defaultSchedule(), new Rng(1));
    const b = day(dw, 30);
    const m = createLogistic(b.featureDim);
    const rng = new Rng(3);
    for (let k = 0; k < m.dim; k++) m.weights[k] = rng.normal();
    m.weights[FEATURE.position] = 0; // the position column is 0 at serving; the sparse scorer skips it
    m.bias = 0.3;
    const dense = logisticScores(m, b.X, b.trueLogit.length);
    const sparse = scoreBatch(m, b);
    for (let row = 0; row < dense.length; row++) expect(sparse[row]).toBeCloseTo(dense[row], 5);
  });

  it('top-k selection and the per-request NDCG match a full sort and core ndcgAtK', () => {
    const dw = new DriftWorld(world, defaultSchedule(), new Rng(1));
    const b = day(dw, 10);
    const rng = new Rng(9);
    const scores = Float64Array.from({ length: b.trueLogit.length }, () => rng.next());
    const served = serveDay(dw, b, scores);
    let reference = 0;
    for (let r = 0; r < b.requests; r++) {
      const lo = r * b.candidates;
      const rel = b.relevance.subarray(lo, lo + b.candidates);
      reference += ndcgAtK(rel, scores.subarray(lo, lo + b.candidates), 10, { gain: 'linear' });
      const top = new Int32Array(10);
      topIndices(scores, lo, b.candidates, 10, top);
      const sorted = Array.from({ length: b.candidates }, (_, c) => c).sort((x, y) => scores[lo + y] - scores[lo + x] || x - y);
      expect(Array.from(top)).toEqual(sorted.slice(0, 10));
    }
    // same sums in a different order: 1e-12 covers float rounding
    expect(served.ndcgAt10).toBeCloseTo(reference / b.requests, 12);
  });

  it('the same seed gives the same timeline', async () => {
    const run = async () => {
      const dw = new DriftWorld(world, defaultSchedule(), new Rng(5));
      const r = await runTimeline(dw, {
        days: 8, warmupDays: 3, requestsPerDay: 30, candidatesPerRequest: 20, windowDays: 3, epochs: 1, learningRate: 0.05, l2: 1e-4,
        psiBins: 10, explorationShare: 0.1, countryWindowDays: 3,
        policies: [{ kind: 'never' }, { kind: 'periodic', everyDays: 2 }, { kind: 'psi', threshold: 0.2, minGapDays: 1 }, { kind: 'blend', everyDays: 2, blendDays: 2, initialNewWeight: 0.3 }, { kind: 'online' }],
      }, new Rng(6));
      return { psi: r.psi, q: r.policies.map((p) => [p.days, p.retrains, p.trainExamples]) };
    };
    expect(await run()).toEqual(await run());
  });
});
