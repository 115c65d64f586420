/**
 * high-cardinality: four ways to feed user and item ids to a click model, compared on the same impressions —
 * a full embedding table, frequency buckets (rare → OTHER), the hashing trick, and out-of-fold target encoding
 * (into a GBDT, its usual consumer). Quality (test AUC), memory (parameters), and what happens to ids never seen
 * in training.
 */
import { UsageError } from '../core/errors.js';
import {
  applyFrequencyVocabulary,
  applyTargetEncoding,
  embeddingLogitParameters,
  expectedDistinctBuckets,
  fitFrequencyVocabulary,
  hashBucket,
  predictEmbeddingLogit,
  recommendedEmbeddingDim,
  targetEncode,
  trainEmbeddingLogit,
} from '../core/features/index.js';
import { aucReplicates, aucRoc } from '../core/metrics/index.js';
import { generateImpressions, type Impressions } from '../production/impressions.js';
import { gbdtAuc, gbdtPredict, round4, rowMajor, trainBinaryGbdt } from './production-ml-common.js';
import type { Experiment, ExperimentContext } from './types.js';
import { num } from './param-readers.js';

interface Mapped { userRow: Int32Array; itemRow: Int32Array; userRows: number; itemRows: number }

/** Full vocabulary: every id seen in training gets its own row; an unseen id gets none (−1). */
function vocabularyRows(train: Int32Array, all: Int32Array): { rows: Int32Array; size: number } {
  const index = new Map<number, number>();
  for (const id of train) if (!index.has(id)) index.set(id, index.size);
  return { rows: all.map((id) => index.get(id) ?? -1), size: index.size };
}

function mapIds(kind: 'embedding' | 'frequency' | 'hashing', imp: Impressions, nTrain: number, minCount: number, buckets: number, seed: number): Mapped {
  const fields = [imp.user, imp.item];
  const out = fields.map((ids, f) => {
    if (kind === 'embedding') return vocabularyRows(ids.subarray(0, nTrain), ids);
    if (kind === 'frequency') {
      const vocab = fitFrequencyVocabulary(ids.subarray(0, nTrain), { minCount });
      return { rows: applyFrequencyVocabulary(vocab, ids), size: vocab.size };
    }
    const rows = new Int32Array(ids.length);
    const prefix = f === 0 ? 'user:' : 'item:';
    for (let i = 0; i < ids.length; i++) rows[i] = hashBucket(prefix + ids[i], buckets, seed);
    return { rows, size: buckets };
  });
  return { userRow: out[0].rows, itemRow: out[1].rows, userRows: out[0].size, itemRows: out[1].size };
}

function aucOrNaN(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) pos += labels[i] > 0 ? 1 : 0;
  return pos === 0 || pos === labels.length ? NaN : aucRoc(labels, scores);
}

function pick<T extends Float32Array | Int32Array>(a: T, idx: Int32Array): T {
  const out = new (a.constructor as new (n: number) => T)(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = a[idx[i]];
  return out;
}

/** The test impressions as a bootstrap population: every encoding's AUC is resampled over the same rows (paired). */
const TEST_ROWS = 'test-impressions';

function aucEvidence(ctx: ExperimentContext, yTest: ArrayLike<number>, scores: ArrayLike<number>, unseen: Int32Array) {
  return {
    auc: aucRoc(yTest, scores),
    aucUnseen: aucOrNaN(pick(Float32Array.from(yTest), unseen), pick(Float32Array.from(scores), unseen)),
    aucReps: aucReplicates(ctx.bootstrap, TEST_ROWS, yTest, scores),
    aucUnseenReps: aucReplicates(ctx.bootstrap, TEST_ROWS, yTest, scores, unseen),
  };
}

async function targetEncodingRun(ctx: ExperimentContext, imp: Impressions, nTrain: number, unseen: Int32Array) {
  const y = imp.label.subarray(0, nTrain);
  const cols = [imp.user, imp.item].map((ids) => {
    const enc = targetEncode(ids.subarray(0, nTrain), y, { method: 'out-of-fold', folds: 5, smoothing: 10, seed: ctx.seed });
    return { train: enc.train, test: applyTargetEncoding(enc.encoder, ids.subarray(nTrain)), params: enc.encoder.sums.length * 2 };
  });
  const Xtr = rowMajor([cols[0].train, cols[1].train, imp.position.subarray(0, nTrain)]);
  const Xte = rowMajor([cols[0].test, cols[1].test, imp.position.subarray(nTrain)]);
  const model = await trainBinaryGbdt(ctx, Xtr, 3, y, ctx.seed);
  const yTest = imp.label.subarray(nTrain);
  const scores = gbdtPredict(model, Xte, yTest.length);
  return { ...aucEvidence(ctx, yTest, scores, unseen), params: cols[0].params + cols[1].params, trainAuc: gbdtAuc(model, Xtr, y) };
}

export const experiment: Experiment = {
  id: 'high-cardinality',
  description: 'Embedding table vs frequency buckets vs hashing vs target encoding for user/item ids: AUC, memory, unseen ids',
  async run(ctx) {
    const requests = num(ctx, 'requests');
    const dim = num(ctx, 'dim');
    const minCount = num(ctx, 'minCount');
    const buckets = num(ctx, 'hashBuckets');
    const epochs = num(ctx, 'epochs');
    if (!Number.isInteger(dim) || dim < 1) throw new UsageError(`high-cardinality: dim must be an integer ≥ 1, got ${dim}`);
    const world = await ctx.world();
    const imp = await ctx.stage('impressions', () => generateImpressions(world, ctx.rng('impressions'), requests));
    const nTrain = imp.trainCount;
    const yTest = imp.label.subarray(nTrain);
    const seenItems = new Set(imp.item.subarray(0, nTrain));
    const unseenList: number[] = [];
    for (let i = nTrain; i < imp.count; i++) if (!seenItems.has(imp.item[i])) unseenList.push(i - nTrain);
    const unseen = Int32Array.from(unseenList);
    const metrics: Record<string, number> = {};
    const replicates: Record<string, Float64Array> = {};
    const rows: (string | number)[][] = [];
    for (const kind of ['embedding', 'frequency', 'hashing'] as const) {
      const m = await ctx.stage(kind, async () => {
        const mapped = mapIds(kind, imp, nTrain, minCount, buckets, ctx.seed);
        // unseen ids under a full vocabulary have no row; the model needs ≥ 1 row per table
        const model = trainEmbeddingLogit(mapped.userRow.subarray(0, nTrain), mapped.itemRow.subarray(0, nTrain), imp.position.subarray(0, nTrain), imp.label.subarray(0, nTrain), {
          userRows: Math.max(1, mapped.userRows), itemRows: Math.max(1, mapped.itemRows), positions: world.config.slateSize,
          dim, epochs, learningRate: 0.05, l2: 1e-4, seed: ctx.seed,
        });
        await ctx.tick();
        const scores = predictEmbeddingLogit(model, mapped.userRow.subarray(nTrain), mapped.itemRow.subarray(nTrain), imp.position.subarray(nTrain));
        return { ...aucEvidence(ctx, yTest, scores, unseen), params: embeddingLogitParameters(model), rowsUsed: mapped.userRows + mapped.itemRows };
      });
      metrics[`auc_${kind}`] = round4(m.auc);
      replicates[`auc_${kind}`] = m.aucReps;
      if (!Number.isNaN(m.aucUnseen)) {
        metrics[`auc_unseen_${kind}`] = round4(m.aucUnseen);
        replicates[`auc_unseen_${kind}`] = m.aucUnseenReps;
      }
      metrics[`memory_kb_${kind}`] = round4((m.params * 4) / 1024);
      rows.push([kind, round4(m.auc), Number.isNaN(m.aucUnseen) ? 'n/a' : round4(m.aucUnseen), m.rowsUsed, round4((m.params * 4) / 1024)]);
    }
    const te = await ctx.stage('target-encoding', () => targetEncodingRun(ctx, imp, nTrain, unseen));
    metrics.auc_target_encoding = round4(te.auc);
    replicates.auc_target_encoding = te.aucReps;
    if (!Number.isNaN(te.aucUnseen)) {
      metrics.auc_unseen_target_encoding = round4(te.aucUnseen);
      replicates.auc_unseen_target_encoding = te.aucUnseenReps;
    }
    metrics.memory_kb_target_encoding = round4((te.params * 8) / 1024);
    rows.push(['target-encoding (OOF → GBDT)', round4(te.auc), Number.isNaN(te.aucUnseen) ? 'n/a' : round4(te.aucUnseen), te.params / 2, round4((te.params * 8) / 1024)]);

    const trainItems = seenItems.size;
    let hashedDistinct = 0;
    const used = new Uint8Array(buckets);
    for (const id of seenItems) if (!used[hashBucket(`item:${id}`, buckets, ctx.seed)]++) hashedDistinct++;
    metrics.train_items = trainItems;
    metrics.hash_distinct_buckets = hashedDistinct;
    metrics.hash_expected_distinct_buckets = round4(expectedDistinctBuckets(trainItems, buckets));
    // exact standard deviation of the occupied-bucket count under uniform hashing (occupancy moments)
    const a = (1 - 1 / buckets) ** trainItems;
    const b = (1 - 2 / buckets) ** trainItems;
    metrics.hash_distinct_buckets_sd = round4(Math.sqrt(Math.max(0, buckets * (buckets - 1) * b + buckets * a - buckets * buckets * a * a)));
    metrics.unseen_item_test_share = round4(unseen.length / yTest.length);
    metrics.test_impressions = yTest.length;
    metrics.unseen_item_test_impressions = unseen.length;
    metrics.embedding_dim_fourth_root = recommendedEmbeddingDim(Math.max(1, trainItems), 'fourth-root');
    metrics.embedding_dim_half_capped = recommendedEmbeddingDim(Math.max(1, trainItems), 'half-capped');
    return {
      metrics,
      replicates,
      tables: [{ title: 'Id encodings compared', columns: ['encoding', 'test AUC', 'AUC on unseen items', 'table rows', 'memory KiB'], rows }],
      notes: [
        `${trainItems} distinct items in training hash into ${hashedDistinct} of ${buckets} buckets; uniform hashing predicts ${metrics.hash_expected_distinct_buckets} (n·(1 − (1 − 1/n)^k)).`,
        `${unseen.length} test impressions (${(100 * metrics.unseen_item_test_share).toFixed(1)}%) show an item never seen in training: the full table has no row for it, OTHER and hash buckets do, target encoding falls back to the prior.`,
        `Rules of thumb for ${trainItems} items: 4·⁴√vocab = ${metrics.embedding_dim_fourth_root}, min(50, vocab/2) = ${metrics.embedding_dim_half_capped}; this run uses dim ${dim}.`,
      ],
    };
  },
};
