// Ranking data built from the tiny world: shapes, label range, no item from the future, determinism,
// and features computed only from the past.
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { generateWorld } from '../../src/data/world.js';
import type { World } from '../../src/data/world-types.js';
import { BASE_FEATURES, BlendedSource, buildRankingDataset, buildRankingIndex, embeddingFeatures, EmbeddingSource, type RankingIndex } from '../../src/ranking/index.js';

let world: World;
let idx: RankingIndex;

beforeAll(() => {
  world = generateWorld({ scale: 'tiny', seed: 7 });
  idx = buildRankingIndex(world);
});

function build(seed = 1) {
  return buildRankingDataset(idx, { trainQueries: 40, testQueries: 20, candidates: 30, source: new BlendedSource(idx) }, new Rng(seed));
}

describe('ranking dataset', () => {
  it('groups rows per query with graded labels 0–3 and one feature row per candidate', () => {
    const ds = build();
    for (const split of [ds.train, ds.valid, ds.test]) {
      const d = split.data;
      expect(d.groups.reduce((s, g) => s + g, 0)).toBe(d.labels.length);
      expect(d.features.length).toBe(d.labels.length * d.numFeatures);
      expect(d.numFeatures).toBe(BASE_FEATURES.length);
      for (const l of d.labels) expect([0, 1, 2, 3]).toContain(l);
      expect(split.requests.length).toBe(d.groups.length);
    }
    expect(ds.train.data.groups.length + ds.valid.data.groups.length).toBe(40);
    // the latest train queries validate
    const lastTrain = ds.train.requests[ds.train.requests.length - 1].time;
    expect(ds.valid.requests.every((r) => r.time >= lastTrain)).toBe(true);
    expect(ds.test.requests.every((r) => r.time >= world.split.trainEndDay)).toBe(true);
  });

  it('never offers an item created after the request and ranks candidates by retrieval score', () => {
    const ds = build();
    const d = ds.test.data;
    let row = 0;
    ds.test.requests.forEach((req, q) => {
      for (let k = 0; k < d.groups[q]; k++, row++) {
        expect(world.items.createdDay[ds.test.items[row]]).toBeLessThanOrEqual(req.time);
        expect(d.features[row * d.numFeatures + 1]).toBe(k);
        if (k > 0) expect(d.features[row * d.numFeatures]).toBeLessThanOrEqual(d.features[(row - 1) * d.numFeatures]);
      }
    });
  });

  it('is the same for the same seed', () => {
    const a = build(3);
    const b = build(3);
    expect(Array.from(a.test.data.features)).toEqual(Array.from(b.test.data.features));
    expect(Array.from(a.test.data.labels)).toEqual(Array.from(b.test.data.labels));
  });

  it('uses only interactions before the request: time since the last one is positive or missing', () => {
    const ds = build();
    const d = ds.train.data;
    const col = BASE_FEATURES.indexOf('days_since_last_interaction');
    for (let r = 0; r < d.labels.length; r++) {
      const v = d.features[r * d.numFeatures + col];
      expect(Number.isNaN(v) || v > 0).toBe(true);
    }
  });

  it('plugs in another candidate source and extra embedding features', () => {
    const dim = 4;
    const rng = new Rng(9);
    const users = Float32Array.from({ length: world.users.count * dim }, () => rng.normal());
    const items = Float32Array.from({ length: world.items.count * dim }, () => rng.normal());
    const ds = buildRankingDataset(idx, {
      trainQueries: 10, testQueries: 5, candidates: 20,
      source: new EmbeddingSource('random-vectors', idx, users, items, dim),
      extension: embeddingFeatures('emb', users, items, dim, 2),
    }, new Rng(1));
    expect(ds.featureNames.slice(-3)).toEqual(['emb_dot', 'emb_prod_0', 'emb_prod_1']);
    const d = ds.test.data;
    // with the embedding source, the retrieval score is the same dot product as the emb_dot feature
    for (let r = 0; r < d.labels.length; r++) {
      expect(d.features[r * d.numFeatures + BASE_FEATURES.length]).toBeCloseTo(d.features[r * d.numFeatures], 4);
    }
  });
});
