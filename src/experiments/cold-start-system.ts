/**
 * cold-start-system: a new product with little interaction data. Train on a growing share of the
 * train engagements and watch retrieval quality: content-only vectors (no clicks needed), matrix
 * factorisation (clicks only), and the two-tower hybrid (content + clicks). The learning curve shows
 * where collaborative signals overtake content — the case for a content warm start.
 */
import { interactionsByUser } from '../data/cohorts.js';
import type { World } from '../data/world-types.js';
import { contentItemVectors, meanOfRows } from '../models/cold-start/content-vectors.js';
import { gatherRows } from '../models/eval/baselines.js';
import { buildEvalSet, type EvalSet } from '../models/eval/eval-set.js';
import { retrieveExact, retrieveGlobal } from '../models/eval/retrieve.js';
import { retrievalPerUser } from '../models/eval/retrieval-metrics.js';
import { bprRetrievalVectors } from '../models/mf/bpr.js';
import { MetricSet } from './metric-set.js';
import { num, subsampleTrain, trainBprStage, trainStage, twoTowerOptions } from './two-tower-common.js';
import type { Experiment, ExperimentContext, Series } from './types.js';
import { percentileInterval } from '../core/intervals.js';

const K = 100;
const METHODS = ['popularity', 'content', 'mf', 'two_tower'] as const;
type Method = (typeof METHODS)[number];

/** Content profile per eval user from their (subsampled) train history; users with none fall back to popularity order. */
function contentQueries(world: World, set: EvalSet, vectors: Float32Array, dim: number): Float32Array {
  const train = interactionsByUser(world, 'train');
  const q = new Float32Array(set.users.length * dim);
  set.users.forEach((u, r) => q.set(meanOfRows(vectors, dim, train.items.subarray(train.offsets[u], train.offsets[u + 1])), r * dim));
  return q;
}

/**
 * Models see only the subsample; the evaluation set (users, their held-out new items, and the items they
 * already have) is the full world's, fixed across fractions so the points of a curve are comparable.
 */
async function evaluateAt(ctx: ExperimentContext, world: World, set: EvalSet, fraction: number, contentVecs: Float32Array, dim: number): Promise<{ interactions: number; recall: Record<Method, Float64Array> }> {
  const prior = num(ctx, 'popularityPrior');
  const sub = subsampleTrain(world, fraction, ctx.rng(`subsample-${fraction}`));
  const recallAt50 = (lists: Int32Array): Float64Array => retrievalPerUser(set, lists, K).recall_at_50;
  const out = {} as Record<Method, Float64Array>;
  const subCounts = new Float64Array(world.items.count);
  for (let k = 0; k < sub.split.trainCount; k++) subCounts[sub.interactions.item[k]]++;
  out.popularity = recallAt50(retrieveGlobal(set, subCounts, K));
  // content: profile · item vector + w · log(1 + count). The content part finds the user's categories; the prior orders
  // items inside them and serves users without history. With w = 0 this is pure content.
  const items = new Float32Array(world.items.count * (dim + 1));
  for (let i = 0; i < world.items.count; i++) {
    items.set(contentVecs.subarray(i * dim, (i + 1) * dim), i * (dim + 1));
    items[i * (dim + 1) + dim] = prior * Math.log1p(subCounts[i]);
  }
  const cq = contentQueries(sub, set, contentVecs, dim);
  const queries = new Float32Array(set.users.length * (dim + 1));
  for (let r = 0; r < set.users.length; r++) {
    queries.set(cq.subarray(r * dim, (r + 1) * dim), r * (dim + 1));
    queries[r * (dim + 1) + dim] = 1;
  }
  out.content = recallAt50(await retrieveExact(set, queries, items, dim + 1, K));
  const bpr = await trainBprStage(ctx, sub, dim, num(ctx, 'mfEpochs'));
  const v = bprRetrievalVectors(bpr);
  out.mf = recallAt50(await retrieveExact(set, gatherRows(v.users, set.users, v.dim), v.items, v.dim, K));
  const tower = await trainStage(ctx, sub, twoTowerOptions(ctx), 'train two-tower');
  try {
    out.two_tower = recallAt50(await retrieveExact(set, gatherRows(tower.userEmbeddings(), set.users, tower.dim), tower.itemEmbeddings(), tower.dim, K));
  } finally {
    tower.dispose();
  }
  return { interactions: sub.split.trainCount, recall: out };
}

export const experiment: Experiment = {
  id: 'cold-start-system',
  description: 'A new system: recall@50 of content-only vectors, MF and the two-tower hybrid as the share of collected interactions grows',
  handlesSweep: true,
  async run(ctx) {
    const world = await ctx.stage('world', () => ctx.world());
    const dim = num(ctx, 'dim');
    const contentVecs = await ctx.stage('content vectors', () => contentItemVectors(world, dim, ctx.seed));
    const set = buildEvalSet(world, num(ctx, 'evalUsers'), ctx.rng('eval-users'));
    const fractions = (ctx.sweep?.param === 'dataFraction' ? ctx.sweep.values.map(Number) : [num(ctx, 'dataFraction')]).sort((a, b) => a - b);
    const series: Series[] = METHODS.map((m) => ({ name: `learning-${m.replace('_', '-')}`, x: 'interactions', points: [], ci: [] }));
    // the evaluation users are the same at every share and for every method: one population, paired replicates
    const out = new MetricSet(ctx);
    const pct = (f: number): number => Math.round(f * 100);
    for (const f of fractions) {
      await ctx.tick();
      const r = await ctx.stage(`data ${pct(f)}%`, () => evaluateAt(ctx, world, set, f, contentVecs, dim));
      METHODS.forEach((m, s) => {
        const name = `recall_at_50_${m}_at_${pct(f)}pct`;
        out.mean(name, r.recall[m]);
        series[s].points.push({ interactions: r.interactions, fraction: f, recall_at_50: out.metrics[name] });
        series[s].ci!.push({ recall_at_50: percentileInterval(out.replicates[name]) });
      });
      ctx.partial({ series });
    }
    const lo = pct(fractions[0]);
    const hi = pct(fractions[fractions.length - 1]);
    for (const m of METHODS) {
      out.take(out, [`recall_at_50_${m}_at_${lo}pct`], () => `recall_at_50_${m}_least_data`);
      out.take(out, [`recall_at_50_${m}_at_${hi}pct`], () => `recall_at_50_${m}_most_data`);
    }
    const metrics = out.metrics;
    // the smallest share at which MF overtakes content on this run's point values; reported only when it happens within the sweep
    const crossover = fractions.find((f) => metrics[`recall_at_50_mf_at_${pct(f)}pct`] > metrics[`recall_at_50_content_at_${pct(f)}pct`]);
    out.exact('mf_overtakes_content', crossover === undefined ? 0 : 1);
    if (crossover !== undefined) out.exact('mf_overtakes_content_at_fraction', crossover);
    return {
      metrics,
      replicates: out.replicates,
      series,
      notes: [
        `content = a seeded random projection of category, top category, brand and tags (no clicks); a user is the mean of their history's content vectors; score = profile · item + ${num(ctx, 'popularityPrior')} · log(1 + item count)`,
        `each point retrains MF (BPR) and the two-tower model on a seeded ${fractions.map((f) => `${pct(f)}%`).join(' / ')} share of the train engagements; the test split and the ${set.users.length} evaluated users are the same at every point`,
        crossover === undefined ? 'MF never overtook content within the sweep' : `MF first beats content at ${pct(crossover)}% of the data`,
      ],
    };
  },
};
