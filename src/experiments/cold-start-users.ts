/**
 * cold-start-users: the same warm test users, pretended to be new — we keep only their last n
 * engagements (n = 0, 1, 5, 20) — so every method is scored against the same held-out items.
 * Methods: global popularity, popular-in-segment, the two-tower user tower fed demographics plus
 * the n items, and (n = 0) an onboarding step where the user names a few favourite categories.
 */
import { interactionsByUser, itemCounts } from '../data/cohorts.js';
import { trueAffinity } from '../data/choice-model.js';
import type { World } from '../data/world-types.js';
import { buildSegmentPopularity, type Demographics, type SegmentField } from '../models/cold-start/segment-popularity.js';
import { buildEvalSet, type EvalSet } from '../models/eval/eval-set.js';
import { retrieveExact, retrieveGlobal } from '../models/eval/retrieve.js';
import { retrievalEvaluation } from '../models/eval/retrieval-metrics.js';
import type { TwoTowerModel } from '../models/two-tower/types.js';
import { MetricSet } from './metric-set.js';
import { num, str, trainStage, twoTowerOptions, type Evaluation } from './two-tower-common.js';
import type { Experiment, ExperimentContext, ExperimentOutput, Table } from './types.js';

const HISTORY_LENGTHS = [0, 1, 5, 20];
const K = 100;

/** Warm users (≥ minHistory train engagements) with held-out test items, sampled to at most maxUsers. */
function warmEvalSet(ctx: ExperimentContext, world: World, minHistory: number, maxUsers: number): EvalSet {
  const all = buildEvalSet(world, Number.MAX_SAFE_INTEGER, ctx.rng('eval-users'));
  const rows = [...all.users.keys()].filter((r) => all.exclude[r].size >= minHistory);
  const rng = ctx.rng('eval-sample');
  const chosen = rows.length <= maxUsers ? rows : Array.from(rng.sampleWithoutReplacement(rows.length, maxUsers), (i) => rows[i]).sort((a, b) => a - b);
  const pickRows = <T>(xs: ArrayLike<T>): T[] => chosen.map((r) => xs[r]);
  return {
    ...all,
    users: Int32Array.from(pickRows(all.users)),
    relevant: pickRows(all.relevant as unknown as ArrayLike<Int32Array>),
    exclude: pickRows(all.exclude as unknown as ArrayLike<Set<number>>),
    warm: Uint8Array.from(pickRows(all.warm)),
    isNew: Uint8Array.from(pickRows(all.isNew)),
  };
}

/** The user's favourite leaf categories by true affinity to each category's mean item (what they would tick at onboarding). */
function onboardingHistory(world: World, u: number, picks: number, perCategory: number, popularByCategory: Int32Array[]): number[] {
  const scored = popularByCategory.map((items, c) => ({ c, s: items.length ? trueAffinity(world, u, items[0]) : -Infinity }));
  scored.sort((a, b) => b.s - a.s || a.c - b.c);
  return scored.slice(0, picks).flatMap(({ c }) => Array.from(popularByCategory[c].subarray(0, perCategory)));
}

function popularByCategory(world: World): Int32Array[] {
  const counts = itemCounts(world, 'train');
  const byCat: number[][] = Array.from({ length: world.config.numCategories }, () => []);
  for (let i = 0; i < world.items.count; i++) byCat[world.items.category[i]].push(i);
  return byCat.map((items) => Int32Array.from(items.sort((a, b) => counts[b] - counts[a] || a - b).slice(0, 20)));
}

function demographics(world: World, u: number): Demographics {
  return { ageBand: world.users.ageBand[u], country: world.users.country[u], device: world.users.device[u] };
}

/** The user tower fed demographics plus the given history, exact search, metrics against the held-out items. */
async function towerMetrics(world: World, set: EvalSet, model: TwoTowerModel, histories: number[][]): Promise<Evaluation> {
  const d = model.dim;
  const queries = new Float32Array(set.users.length * d);
  set.users.forEach((u, r) => queries.set(model.encodeUser({ ...demographics(world, u), history: histories[r] }), r * d));
  const view = { ...set, exclude: histories.map((h) => new Set(h)) };
  return retrievalEvaluation(view, await retrieveExact(view, queries, model.itemEmbeddings(), d, K), K);
}

export const experiment: Experiment = {
  id: 'cold-start-users',
  description: 'New users: popularity, popular-in-segment, demographics-only user tower and onboarding against the same users with 0/1/5/20 engagements and warm',
  async run(ctx): Promise<ExperimentOutput> {
    const world = await ctx.stage('world', () => ctx.world());
    const model = await trainStage(ctx, world, twoTowerOptions(ctx), 'train two-tower');
    try {
      const minHistory = num(ctx, 'minHistory');
      const set = await ctx.stage('choose users', () => warmEvalSet(ctx, world, minHistory, num(ctx, 'evalUsers')));
      const train = interactionsByUser(world, 'train');
      const fullHistory = Array.from(set.users, (u) => Array.from(train.items.subarray(train.offsets[u], train.offsets[u + 1])));
      // the evaluated users play new users: their own engagements may not feed the popularity tables
      const evaluated = new Set(set.users);
      const by = str(ctx, 'segmentBy').split(',') as SegmentField[];
      const minEvents = num(ctx, 'segmentMinEvents');
      const segments = buildSegmentPopularity(world, { by, minEvents, listLength: K + 50, excludeUsers: evaluated });
      const popularity = new Float64Array(world.items.count);
      for (let k = 0; k < world.split.trainCount; k++) if (!evaluated.has(world.interactions.user[k])) popularity[world.interactions.item[k]]++;
      // every method at every history length is scored on the same users: one population, paired replicates
      const out = new MetricSet(ctx).exact('eval_users', set.users.length);
      const record = (name: string, ev: Evaluation): void => {
        out.mean(`recall_at_50_${name}`, ev.perUser.recall_at_50).mean(`ndcg_at_10_${name}`, ev.perUser.ndcg_at_10);
      };
      const rows: Record<string, (number | string)[]> = { popularity: ['popularity'], segment: ['popular-in-segment'], two_tower: ['two-tower (demographics + history)'] };
      const series = Object.keys(rows).map((m) => ({ name: `history-${m.replace('_', '-')}`, x: 'history', points: [] as Record<string, number>[] }));
      for (const n of HISTORY_LENGTHS) {
        await ctx.tick();
        const histories = fullHistory.map((h) => h.slice(Math.max(0, h.length - n)));
        const exclude = histories.map((h) => new Set(h));
        const view = { ...set, exclude };
        const pop = retrievalEvaluation(view, retrieveGlobal(view, popularity, K), K);
        const segLists = new Int32Array(set.users.length * K).fill(-1);
        set.users.forEach((u, r) => segLists.set(segments.recommend(demographics(world, u), K, exclude[r]), r * K));
        const seg = retrievalEvaluation(view, segLists, K);
        const tower = await ctx.stage('two-tower retrieval', () => towerMetrics(world, set, model, histories));
        const byMethod: Record<string, Evaluation> = { popularity: pop, segment: seg, two_tower: tower };
        Object.entries(byMethod).forEach(([m, ev], s) => {
          const r = ev.metrics;
          record(`${m}_h${n}`, ev);
          rows[m].push(r.recall_at_50);
          series[s].points.push({ history: n, recall_at_50: r.recall_at_50, ndcg_at_10: r.ndcg_at_10 });
        });
        ctx.partial({ series });
      }
      const picks = num(ctx, 'onboardingPicks');
      const byCat = popularByCategory(world);
      const onboarding = await ctx.stage('onboarding', () =>
        towerMetrics(world, set, model, Array.from(set.users, (u) => onboardingHistory(world, u, picks, 3, byCat))),
      );
      record('onboarding', onboarding);
      const warm = await ctx.stage('warm users', () => towerMetrics(world, set, model, fullHistory));
      record('warm', warm);
      out.exact('median_warm_history', fullHistory.map((h) => h.length).sort((a, b) => a - b)[Math.floor(fullHistory.length / 2)]);
      const levels = new Map<string, number>();
      for (const u of set.users) {
        const level = segments.levelFor(demographics(world, u));
        levels.set(level, (levels.get(level) ?? 0) + 1);
      }
      out.exact('segment_fallback_share', 1 - (levels.get(by.join('+')) ?? 0) / set.users.length);
      const metrics = out.metrics;
      const table: Table = {
        title: 'recall@50 by engagements known',
        columns: ['method', ...HISTORY_LENGTHS.map((n) => `${n} known`), 'warm (all)'],
        rows: [...Object.values(rows).map((r) => [...r, r[0] === 'two-tower (demographics + history)' ? warm.metrics.recall_at_50 : '–']),
          [`onboarding (${picks} categories picked)`, onboarding.metrics.recall_at_50, '–', '–', '–', '–']],
      };
      return {
        metrics,
        replicates: out.replicates,
        series,
        tables: [table, { title: 'segment level that answered', columns: ['level', 'users'], rows: [...levels.entries()].sort() }],
        notes: [
          `the same ${set.users.length} warm users (≥ ${minHistory} train engagements, median ${metrics.median_warm_history}) are scored with only their last n engagements known; relevant = their new test items`,
          `segments by ${by.join(' + ')}: ${(metrics.segment_fallback_share * 100).toFixed(0)}% of users fell back to a coarser segment (fewer than ${minEvents} events in theirs)`,
        ],
      };
    } finally {
      model.dispose();
    }
  },
};
