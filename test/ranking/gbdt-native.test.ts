// The native GBDT scorer (src/native/gbdt, through src/ranking/gbdt-scorer.ts) against the reference walk
// GbdtModel.predictRawInterpreted, bit for bit: random tree shapes (every leaf count from a stump to past the 32 that
// the QuickScorer masks cover), thresholds between two floats, at a float, ±Infinity and −0, NaN features with both
// default directions, row counts around the block of 64, tree caps; trained models (binary, and lambdarank on the
// world's ranking data); and malformed layouts refused rather than walked.
// `npm ci` builds the addon; where CI runs, a missing addon is a failure (test/models/two-tower-native.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GbdtModel, trainGbdt } from '../../src/core/gbdt/index.js';
import { newTree, splitLeaf, type TreeArrays } from '../../src/core/gbdt/tree.js';
import { Rng } from '../../src/core/rng.js';
import { generateWorld } from '../../src/data/world.js';
import { nativeStatus } from '../../src/native/addon.js';
import { BlendedSource, buildRankingDataset, buildRankingIndex } from '../../src/ranking/index.js';
import { gbdtScorer } from '../../src/ranking/gbdt-scorer.js';

const { addon } = nativeStatus();

/** A feature value drawn to land on, beside and between thresholds, with NaN, ±0 and infinities. */
function value(rng: Rng, pool: number[]): number {
  const u = rng.next();
  if (u < 0.08) return NaN;
  if (u < 0.12) return [0, -0, Infinity, -Infinity][rng.int(4)];
  if (u < 0.4 && pool.length > 0) {
    const t = pool[rng.int(pool.length)];
    return Math.fround([t, t * (1 + 1e-7), t * (1 - 1e-7)][rng.int(3)]);
  }
  return rng.normal();
}

function threshold(rng: Rng): number {
  const u = rng.next();
  if (u < 0.05) return Infinity;
  if (u < 0.08) return -0;
  const v = rng.normal();
  // most thresholds sit strictly between two floats, just above or just below one (a double that the float compare
  // must round down, never to the nearest float)
  const f = Math.fround(v);
  return u < 0.3 ? f : u < 0.65 ? f + Math.abs(f) * 1e-12 : f - Math.abs(f) * 1e-12;
}

/** A random model: each tree grown by splitting random leaves, so shapes range from chains to balanced trees. */
function randomModel(rng: Rng, numTrees: number, maxLeaves: number, F: number): { model: GbdtModel; pool: number[] } {
  const trees: TreeArrays[] = [];
  const pool: number[] = [];
  for (let k = 0; k < numTrees; k++) {
    const leaves = 1 + rng.int(maxLeaves);
    const t = newTree(leaves, rng.normal(), 1);
    while (t.numLeaves < leaves) {
      const thr = threshold(rng);
      pool.push(thr);
      splitLeaf(t, rng.int(t.numLeaves), {
        feature: rng.int(F), thresholdBin: 0, threshold: thr, defaultLeft: rng.next() < 0.5, gain: 1,
        leftValue: rng.normal(), rightValue: rng.normal(), leftCount: 1, rightCount: 1,
      });
    }
    trees.push(t);
  }
  return { model: GbdtModel.fromTrees('regression', F, rng.normal(), trees, [], numTrees), pool };
}

const same = (a: Float64Array, b: Float64Array) => expect(Array.from(a)).toEqual(Array.from(b));

describe.runIf(addon)('native GBDT scorer', () => {
  it('scores every random model bit for bit as the reference walk, NaN and tree caps included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 200 }), (seed, maxLeaves, rows) => {
        const rng = new Rng(seed);
        const F = 1 + rng.int(12);
        const { model, pool } = randomModel(rng, 1 + rng.int(30), maxLeaves, F);
        const x = Float32Array.from({ length: rows * F }, () => value(rng, pool));
        const scorer = gbdtScorer(model);
        expect(scorer.engine).toBe('native');
        same(scorer.score(x, rows), model.predictRawInterpreted(x, rows));
        const cap = rng.int(model.numTrees + 2);
        same(scorer.score(x, rows, cap), model.predictRawInterpreted(x, rows, cap));
      }),
      { numRuns: 150 },
    );
  });

  it('scores trained models (binary with NaN, lambdarank on the world) as the reference walk and the compiled trees', () => {
    const rng = new Rng(7);
    const n = 700;
    const F = 8;
    const features = new Float32Array(n * F);
    const labels = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < F; f++) features[i * F + f] = rng.next() < 0.1 ? NaN : rng.normal();
      labels[i] = (features[i * F] || 0) - (features[i * F + 1] || 0) > 0 ? 1 : 0;
    }
    const binary = trainGbdt({ features, numFeatures: F, labels }, { objective: 'binary', numTrees: 40, learningRate: 0.2, numLeaves: 31, minDataInLeaf: 3, maxBin: 64, lambdaL2: 0.1, seed: 2 });
    same(gbdtScorer(binary).score(features, n), binary.predictRawInterpreted(features, n));
    same(gbdtScorer(binary, 'compiled').score(features, n), binary.predictRawInterpreted(features, n));

    const world = generateWorld({ scale: 'tiny', seed: 3 });
    const idx = buildRankingIndex(world);
    const ds = buildRankingDataset(idx, { trainQueries: 150, testQueries: 40, candidates: 50, source: new BlendedSource(idx) }, new Rng(3));
    const rank = trainGbdt(ds.train.data, { objective: 'lambdarank', numTrees: 30, learningRate: 0.05, numLeaves: 31, maxBin: 255, minDataInLeaf: 1, minSumHessianInLeaf: 1e-3, lambdaL2: 1, seed: 1 });
    const t = ds.test.data;
    same(gbdtScorer(rank).score(t.features, t.labels.length), rank.predictRawInterpreted(t.features, t.labels.length));
  });

  it('refuses a layout whose links leave a tree or loop, and a handle that is not a packed model', () => {
    const { model } = randomModel(new Rng(1), 2, 8, 3);
    const l = model.flatLayout();
    const pack = (left: Int32Array) => addon!.gbdtPack(l.treeLeaves, l.feature, l.threshold, l.defaultLeft, left, l.right, l.leafValue, l.numFeatures);
    expect(() => pack(l.left)).not.toThrow();
    const loop = Int32Array.from(l.left);
    const i = l.left.findIndex((c) => c >= 0);
    if (i >= 0) {
      loop[i] = 0; // a child pointing back at the root
      expect(() => pack(loop)).toThrow(/child link/);
    }
    const far = Int32Array.from(l.left);
    far[0] = ~l.leafValue.length; // a leaf past the end
    expect(() => pack(far)).toThrow(/child link/);
    expect(() => addon!.gbdtScore({} as never, new Float32Array(3), 1, 1, new Float64Array(1))).toThrow(/handle from gbdtPack/);
  });
});

describe('GBDT scorer without the addon', () => {
  it("'compiled' scores with the compiled trees, as the reference walk", () => {
    const { model, pool } = randomModel(new Rng(5), 10, 31, 4);
    const rng = new Rng(6);
    const x = Float32Array.from({ length: 90 * 4 }, () => value(rng, pool));
    const s = gbdtScorer(model, 'compiled');
    expect(s.engine).toBe('compiled');
    same(s.score(x, 90), model.predictRawInterpreted(x, 90));
  });

  it('refuses a feature matrix of the wrong size on either engine, naming both sizes', () => {
    const { model } = randomModel(new Rng(2), 3, 4, 5);
    for (const engine of ['auto', 'compiled'] as const) expect(() => gbdtScorer(model, engine).score(new Float32Array(9), 2)).toThrow(/2 × 5/);
  });
});
