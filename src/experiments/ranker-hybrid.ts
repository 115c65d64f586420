/**
 * The hybrid ranker: learned embeddings fed to the GBDT as features. The same requests, candidates and
 * labels are ranked by a GBDT on the hand-made features alone and by one that also sees the user·item
 * dot product (and the first few coordinates of the element-wise product) of a retrieval model —
 * BPR matrix factorisation (cheap, default) or the two-tower model.
 */
import { UsageError } from '../core/errors.js';
import { deriveReplicates } from '../core/resample.js';
import type { World } from '../data/world-types.js';
import { bprRetrievalVectors, trainBpr } from '../models/mf/bpr.js';
import { BlendedSource, buildRankingDataset, embeddingFeatures, type FeatureExtension } from '../ranking/index.js';
import { evaluateScores, explanationTable, importanceTable, num, rankingIndex, TEST_QUERIES, trainRanker } from './ranker-common.js';
import { trainStage, twoTowerOptions } from './two-tower-common.js';
import type { Experiment, ExperimentContext, Table } from './types.js';
import { str } from './param-readers.js';

interface Embeddings {
  name: string;
  users: Float32Array;
  items: Float32Array;
  dim: number;
  trainMs: number;
}

async function trainEmbeddings(ctx: ExperimentContext, world: World): Promise<Embeddings> {
  const kind = str(ctx, 'embeddings');
  if (kind === 'bpr') {
    return ctx.stage('train mf (bpr)', async () => {
      const m = await trainBpr(world, {
        dim: num(ctx, 'dim'), epochs: num(ctx, 'mfEpochs'), learningRate: 0.05, regularization: 0.002, seed: ctx.seed, signal: ctx.signal,
        onProgress: (f) => ctx.progress('train mf (bpr)', f),
      });
      const v = bprRetrievalVectors(m);
      return { name: 'mf', users: v.users, items: v.items, dim: v.dim, trainMs: m.trainMs };
    });
  }
  if (kind === 'two-tower') {
    // the same trainer and knobs (scenarios/knobs/two-tower-training.yaml) as every two-tower scenario
    const m = await trainStage(ctx, world, twoTowerOptions(ctx), 'train two-tower', false);
    const out = { name: 'two_tower', users: m.userEmbeddings(), items: m.itemEmbeddings(), dim: m.dim, trainMs: m.stats.trainMs };
    m.dispose();
    return out;
  }
  throw new UsageError(`ranker-hybrid: embeddings must be bpr or two-tower, got ${kind}`);
}

export const experiment: Experiment = {
  id: 'ranker-hybrid',
  description: 'GBDT ranker with and without retrieval-model embeddings (dot product and element-wise products) as features',
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const idx = await rankingIndex(ctx, world);
    const emb = await trainEmbeddings(ctx, world);
    const extension: FeatureExtension = embeddingFeatures(emb.name, emb.users, emb.items, emb.dim, num(ctx, 'productDims'));
    const source = new BlendedSource(idx);
    const opts = {
      trainQueries: num(ctx, 'queries'), testQueries: num(ctx, 'testQueries'), candidates: num(ctx, 'candidates'),
      source, extension,
    };
    // one build with the extra columns; the plain ranker sees the same rows with those columns dropped
    const ds = await ctx.stage('ranking data', () => buildRankingDataset(idx, { ...opts, onProgress: (f) => ctx.progress('ranking data', f) }, ctx.rng('ranking-data')));
    const baseWidth = ds.featureNames.length - extension.names.length;
    const plain = dropColumns(ds, baseWidth);

    const without = await trainRanker(ctx, plain, 'train gbdt (hand-made features)');
    const withEmb = await trainRanker(ctx, ds, 'train gbdt (+ embedding features)');
    const test = ds.test.data;
    const n = test.labels.length;
    const sWithout = without.model.predictRaw(plain.test.data.features, n);
    const sWith = withEmb.model.predictRaw(test.features, n);
    const eWithout = evaluateScores(plain, sWithout);
    const eWith = evaluateScores(ds, sWith);
    const dotOnly = evaluateScores(ds, Float32Array.from({ length: n }, (_, r) => test.features[r * test.numFeatures + baseWidth]));
    const gain = withEmb.model.featureImportance('gain');
    const total = gain.reduce((s, v) => s + v, 0) || 1;
    const embShare = gain.slice(baseWidth).reduce((s, v) => s + v, 0) / total;
    // both rankers score the same test queries: their NDCG resamples are paired
    const repWithout = ctx.bootstrap.mean(TEST_QUERIES, eWithout.ndcgPerQuery);
    const repWith = ctx.bootstrap.mean(TEST_QUERIES, eWith.ndcgPerQuery);

    const table: Table = {
      title: 'GBDT with and without embedding features',
      columns: ['ranker', 'features', 'ndcg_at_10', 'auc', 'train_s', 'trees'],
      rows: [
        [`${emb.name} dot product alone`, 1, r4(dotOnly.ndcg), r4(dotOnly.auc), '', ''],
        ['GBDT, hand-made features', baseWidth, r4(eWithout.ndcg), r4(eWithout.auc), r2(without.trainMs / 1000), without.model.numTrees],
        [`GBDT + ${emb.name} embedding features`, ds.featureNames.length, r4(eWith.ndcg), r4(eWith.auc), r2(withEmb.trainMs / 1000), withEmb.model.numTrees],
      ],
    };
    return {
      metrics: {
        ndcg_at_10_without_embeddings: eWithout.ndcg,
        ndcg_at_10_with_embeddings: eWith.ndcg,
        ndcg_at_10_gain: eWith.ndcg - eWithout.ndcg,
        auc_without_embeddings: eWithout.auc,
        auc_with_embeddings: eWith.auc,
        embedding_dot_ndcg_at_10: dotOnly.ndcg,
        embedding_gain_share: embShare,
        embedding_train_ms: emb.trainMs,
        gbdt_train_ms_without: without.trainMs,
        gbdt_train_ms_with: withEmb.trainMs,
        test_queries: test.groups.length,
      },
      replicates: {
        ndcg_at_10_without_embeddings: repWithout,
        ndcg_at_10_with_embeddings: repWith,
        ndcg_at_10_gain: deriveReplicates([repWith, repWithout], (a, b) => a - b),
        embedding_dot_ndcg_at_10: ctx.bootstrap.mean(TEST_QUERIES, dotOnly.ndcgPerQuery),
      },
      tables: [table, importanceTable(withEmb.model, ds.featureNames, 'GBDT feature importance (with embeddings)'), explanationTable(withEmb.model, ds, sWith, ds.featureNames)],
      notes: [
        `Embeddings: ${emb.name === 'mf' ? 'BPR matrix factorisation (the cheap stand-in; choose embeddings=two-tower for the two-tower model)' : 'the two-tower retriever'}, dim ${emb.dim}, trained on the train split in ${(emb.trainMs / 1000).toFixed(1)} s.`,
        'User vectors are the state at the end of the train split, so for training queries earlier than that they have seen a little of the future; test queries come after the split and are clean.',
        `Same requests, candidates (${ds.source}) and labels for both rankers; only the ${extension.names.length} embedding columns differ.`,
      ],
    };
  },
};

/** The same dataset with only the first `width` feature columns. */
function dropColumns<T extends { featureNames: string[]; train: S; valid: S; test: S }, S extends { data: { features: Float32Array; numFeatures: number } }>(ds: T, width: number): T {
  const cut = (s: S): S => {
    const F = s.data.numFeatures;
    const rows = s.data.features.length / F;
    const out = new Float32Array(rows * width);
    for (let r = 0; r < rows; r++) out.set(s.data.features.subarray(r * F, r * F + width), r * width);
    return { ...s, data: { ...s.data, features: out, numFeatures: width } };
  };
  return { ...ds, featureNames: ds.featureNames.slice(0, width), train: cut(ds.train), valid: cut(ds.valid), test: cut(ds.test) };
}

const r2 = (v: number) => Number(v.toFixed(2));
const r4 = (v: number) => Number(v.toFixed(4));
