/**
 * Why embeddings? One-hot ids with item-item co-occurrence counts (classic collaborative filtering) against
 * learned embeddings — BPR matrix factorisation on the same interactions, and the two-tower model that also
 * embeds side features — on one world: recall@100 for warm users, sparse users (a few train engagements) and
 * cold items (none), the memory each representation needs, and whether an item's nearest neighbours by
 * embedding make sense ("similarity for free"). Quality metrics come with paired bootstrap replicates over the
 * same users (or items), so every A-against-B claim is judged on the same resamples.
 */
import type { Rng } from '../core/rng.js';
import { mean } from '../core/stats.js';
import { topK } from '../core/vec.js';
import { itemCounts } from '../data/cohorts.js';
import type { World } from '../data/world-types.js';
import { buildItemCooccurrence, cooccurrenceBytes, recentDistinctItems, scoreUser, type ItemCooccurrence } from '../models/cf/item-cooccurrence.js';
import { gatherRows, popularityScores } from '../models/eval/baselines.js';
import type { EvalSet } from '../models/eval/eval-set.js';
import { retrieveByScores, retrieveExact, retrieveGlobal } from '../models/eval/retrieve.js';
import { cohortMean, retrievalPerUser } from '../models/eval/retrieval-metrics.js';
import { bprRetrievalVectors } from '../models/mf/bpr.js';
import { evalSet, num, parameterCounts, str, trainBprStage, trainStage, twoTowerOptions, type Metrics } from './two-tower-common.js';
import type { Experiment, ExperimentContext, Table } from './types.js';

/** Top-100 lists: the claims read recall@100 (retrievalPerUser's recall@500 column then equals it, and is not reported). */
const K = 100;
/** Nearest neighbours compared per sampled item. */
const NEIGHBOURS = 10;

type Replicates = Record<string, ArrayLike<number>>;

export const experiment: Experiment = {
  id: 'why-embeddings',
  description: 'one-hot co-occurrence CF against learned embeddings (BPR MF, two-tower): recall on warm users, sparse users and cold items, memory per representation, nearest items by embedding',
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const set = evalSet(ctx, world);
    const warmMin = num(ctx, 'warmMinItems');
    const sparseMax = num(ctx, 'sparseMaxItems');
    const histories = recentDistinctItems(world, num(ctx, 'cfMaxHistory'));
    const cf = await ctx.stage('co-occurrence', () => buildItemCooccurrence(histories, world.items.count, ctx.signal));
    const cfRun = await ctx.stage('score co-occurrence', () => cooccurrenceLists(set, world, cf, histories));
    const mfDim = num(ctx, 'mfDim');
    const mf = await trainBprStage(ctx, world, mfDim, num(ctx, 'mfEpochs'));
    const mfVectors = bprRetrievalVectors(mf);
    const mfLists = await ctx.stage('evaluate mf', () => retrieveExact(set, gatherRows(mfVectors.users, set.users, mfVectors.dim), mfVectors.items, mfVectors.dim, K));
    const o = { ...twoTowerOptions(ctx), features: str(ctx, 'features') as 'all' | 'ids' };
    const tt = await trainStage(ctx, world, o, 'train two-tower', false);
    const ttLists = await ctx.stage('evaluate two-tower', () => retrieveExact(set, gatherRows(tt.userEmbeddings(), set.users, tt.dim), tt.itemEmbeddings(), tt.dim, K));
    tt.dispose();
    const popLists = retrieveGlobal(set, popularityScores(set), K);

    // cohorts by distinct train items, as knobs; NaN marks a user outside the cohort (the means skip it)
    const sizes = set.exclude.map((e) => e.size);
    const inCohort = {
      warm_users: (n: number) => n >= warmMin,
      sparse_users: (n: number) => n >= 1 && n <= sparseMax,
    };
    const models = { cf: cfRun.lists, mf: mfLists, two_tower: ttLists, popularity: popLists };
    const metrics: Metrics = {
      eval_users: set.users.length,
      eval_users_warm: sizes.filter(inCohort.warm_users).length,
      eval_users_sparse: sizes.filter(inCohort.sparse_users).length,
      eval_users_with_cold_items: set.relevant.filter((rel) => rel.some((i) => set.isCold[i] === 1)).length,
    };
    const replicates: Replicates = {};
    // one population, the eval users: every model's per-user values are resampled over the same users (paired)
    const record = (name: string, perUser: Float64Array) => {
      metrics[name] = cohortMean(perUser);
      replicates[name] = ctx.bootstrap.mean('eval-users', perUser);
    };
    for (const [model, lists] of Object.entries(models)) {
      const per = retrievalPerUser(set, lists, K);
      for (const [cohort, keep] of Object.entries(inCohort)) record(`${model}_recall_at_100_${cohort}`, per.recall_at_100.map((v, r) => (keep(sizes[r]) ? v : NaN)));
      record(`${model}_recall_at_100_cold_items`, per.recall_at_100_cold_items);
    }
    metrics.cf_filled_share_sparse_users = cohortMean(cfRun.filled.map((v, r) => (inCohort.sparse_users(sizes[r]) ? v : NaN)));

    const counts = parameterCounts(world, mfDim, o);
    Object.assign(metrics, {
      dense_matrix_bytes: world.users.count * world.items.count * 4,
      sparse_matrix_bytes: distinctTrainPairs(world) * 8 + (world.users.count + 1) * 4,
      cooccurrence_pairs: cf.neighbours.length,
      cooccurrence_bytes: cooccurrenceBytes(cf),
      mf_bytes: counts.mf * 4,
      two_tower_bytes: counts.twoTower * 4,
    });

    const nb = await ctx.stage('nearest items', () => neighbourAgreement(ctx, world, cf, mf.itemFactors, mfDim, ctx.rng('neighbour-items')));
    Object.assign(metrics, nb.metrics);
    Object.assign(replicates, nb.replicates);

    return {
      metrics,
      replicates,
      tables: tablesOf(metrics, mfDim, o.dim, o.features),
      notes: [
        `${metrics.eval_users} test users: ${metrics.eval_users_warm} warm (≥ ${warmMin} distinct train items), ${metrics.eval_users_sparse} sparse (1–${sparseMax}), ${metrics.eval_users_with_cold_items} with a relevant cold item (no train engagement)`,
        `co-occurrence ranks by Σ cosine-normalised counts over the user's last ${num(ctx, 'cfMaxHistory')} distinct items and pads with popularity; co-occurrence itself filled ${(100 * metrics.cf_filled_share_sparse_users).toFixed(0)}% of the sparse users' top ${K}`,
        'bytes are as stored: float32 values, int32 ids and offsets; MF counts user and item factors plus item biases, the two-tower its id and feature tables plus both towers',
      ],
    };
  },
};

/** Co-occurrence top-K lists, and per user the share of the top K slots co-occurrence scored (the rest is popularity). */
function cooccurrenceLists(set: EvalSet, world: World, cf: ItemCooccurrence, histories: Int32Array[]): { lists: Int32Array; filled: Float64Array } {
  const pop = itemCounts(world, 'train');
  let maxPop = 1;
  for (const c of pop) maxPop = Math.max(maxPop, c);
  const filled = new Float64Array(set.users.length);
  const lists = retrieveByScores(set, world.items.count, K, (r, u, scores) => {
    filled[r] = Math.min(K, scoreUser(cf, histories[u], scores)) / K;
    // popularity breaks ties, below the smallest co-occurrence score, so unscored slots go to popular items
    for (let j = 0; j < scores.length; j++) scores[j] += 1e-7 * (pop[j] / maxPop);
  });
  return { lists, filled };
}

/**
 * For a sample of engaged items: the share of its NEIGHBOURS nearest items (cosine of MF factors, among engaged
 * items) and of its top co-occurring items that share its leaf category, against the chance of a random engaged
 * item doing so. Missing co-occurrence neighbours count as not sharing. O(sample · items · dim).
 */
async function neighbourAgreement(ctx: ExperimentContext, world: World, cf: ItemCooccurrence, factors: Float32Array, d: number, rng: Rng): Promise<{ metrics: Metrics; replicates: Replicates }> {
  const N = world.items.count;
  const cat = world.items.category;
  const engaged = rowsWhere(Array.from(itemCounts(world, 'train')), (c) => c > 0);
  const perCategory = new Map<number, number>();
  for (const i of engaged) perCategory.set(cat[i], (perCategory.get(cat[i]) ?? 0) + 1);
  const norms = new Float32Array(N);
  for (let j = 0; j < N; j++) {
    let s = 0;
    for (let e = 0; e < d; e++) s += factors[j * d + e] ** 2;
    norms[j] = Math.sqrt(s) || 1;
  }
  const sample = Array.from(rng.sampleWithoutReplacement(engaged.length, Math.min(num(ctx, 'neighbourItems'), engaged.length)), (s) => engaged[s]);
  const mfSame = new Float64Array(sample.length);
  const cfSame = new Float64Array(sample.length);
  const chance = new Float64Array(sample.length);
  const scores = new Float32Array(N).fill(-Infinity);
  for (const [s, i] of sample.entries()) {
    for (const j of engaged) {
      let dot = 0;
      for (let e = 0; e < d; e++) dot += factors[i * d + e] * factors[j * d + e];
      scores[j] = j === i ? -Infinity : dot / (norms[i] * norms[j]);
    }
    mfSame[s] = sameCategory(topK(scores, NEIGHBOURS), cat, i);
    cfSame[s] = sameCategory(cf.neighbours.subarray(cf.offsets[i], Math.min(cf.offsets[i + 1], cf.offsets[i] + NEIGHBOURS)), cat, i);
    chance[s] = (perCategory.get(cat[i])! - 1) / Math.max(1, engaged.length - 1);
    if ((s & 63) === 63) await ctx.tick();
  }
  let without = 0;
  for (const i of engaged) if (cf.offsets[i + 1] === cf.offsets[i]) without++;
  return {
    metrics: {
      neighbour_items: sample.length,
      mf_neighbour_same_category: mean(mfSame),
      cf_neighbour_same_category: mean(cfSame),
      chance_same_category: mean(chance),
      cf_items_without_neighbours: engaged.length ? without / engaged.length : 0,
    },
    replicates: {
      mf_neighbour_same_category: ctx.bootstrap.mean('neighbour-items', mfSame),
      cf_neighbour_same_category: ctx.bootstrap.mean('neighbour-items', cfSame),
      chance_same_category: ctx.bootstrap.mean('neighbour-items', chance),
    },
  };
}

function sameCategory(neighbours: ArrayLike<number>, cat: Int32Array, i: number): number {
  let same = 0;
  for (let k = 0; k < neighbours.length; k++) if (cat[neighbours[k]] === cat[i]) same++;
  return same / NEIGHBOURS;
}

/** Distinct (user, item) pairs of the train split: the non-zeros a sparse user × item matrix stores. O(interactions). */
function distinctTrainPairs(world: World): number {
  const seen = new Set<number>();
  const { user, item } = world.interactions;
  for (let k = 0; k < world.split.trainCount; k++) seen.add(user[k] * world.items.count + item[k]);
  return seen.size;
}

function rowsWhere(values: ArrayLike<number>, keep: (v: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let r = 0; r < values.length; r++) if (keep(values[r])) out.push(r);
  return Int32Array.from(out);
}

function tablesOf(m: Metrics, mfDim: number, ttDim: number, features: string): Table[] {
  const row = (name: string, p: string) => [name, m[`${p}_recall_at_100_warm_users`], m[`${p}_recall_at_100_sparse_users`], m[`${p}_recall_at_100_cold_items`]];
  const mib = (b: number) => Math.round((b / 2 ** 20) * 1000) / 1000;
  return [
    {
      title: 'Recall@100 by cohort',
      columns: ['representation', 'warm users', 'sparse users', 'cold items'],
      rows: [
        row('popularity (no representation)', 'popularity'),
        row('one-hot ids + item co-occurrence', 'cf'),
        row(`MF embeddings (BPR, dim ${mfDim})`, 'mf'),
        row(`two-tower embeddings (dim ${ttDim}, features ${features})`, 'two_tower'),
      ],
    },
    {
      title: 'Memory of each representation',
      columns: ['representation', 'bytes', 'MiB', 'grows with'],
      rows: [
        ['dense users × items matrix (float32)', m.dense_matrix_bytes, mib(m.dense_matrix_bytes), 'users × items'],
        ['sparse user × item matrix (CSR)', m.sparse_matrix_bytes, mib(m.sparse_matrix_bytes), 'interactions'],
        ['item × item co-occurrence (CSR)', m.cooccurrence_bytes, mib(m.cooccurrence_bytes), 'Σ history² per user'],
        [`MF tables (dim ${mfDim})`, m.mf_bytes, mib(m.mf_bytes), '(users + items) × dim'],
        [`two-tower id and feature tables and towers (dim ${ttDim})`, m.two_tower_bytes, mib(m.two_tower_bytes), '(ids + feature values) × dim'],
      ],
    },
    {
      title: `Nearest items: share of the ${NEIGHBOURS} nearest in the item's own category`,
      columns: ['neighbours by', 'same category'],
      rows: [
        ['MF item vectors (cosine)', m.mf_neighbour_same_category],
        ['co-occurrence counts', m.cf_neighbour_same_category],
        ['chance (a random engaged item)', m.chance_same_category],
      ],
    },
  ];
}
