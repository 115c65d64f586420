/**
 * offline-online-gap: four rankers scored offline three ways (the world's test split with sampled
 * negatives, logs collected by the deployed popularity ranker, logs of randomised slates) and online
 * (expected CTR when each serves), plus a popularity feedback loop whose offline metric on its own
 * logs climbs while what users get does not.
 */
import { itemCounts } from '../data/cohorts.js';
import { meanOfDefined } from '../core/stats.js';
import { collectLogs, ctrPerRequest, loggedCtrTable, ndcgPerLoggedRequest, ndcgPerTestUser, popularityFeedbackLoop, sliceLogs } from '../production/offline-online.js';
import { itemTableRanker, tasteRanker, TrafficSource, type Ranker } from '../production/rollout/traffic.js';
import { round4 } from './drift-common.js';
import type { LoopRound } from '../production/offline-online.js';
import type { Experiment, ExperimentContext } from './types.js';
import { num, str } from './param-readers.js';

type Per = Record<string, Float64Array>;

/** Pairs of models that the two metric vectors order differently. */
function disagreements(names: string[], a: Record<string, number>, b: Record<string, number>): string[] {
  const out: string[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const [x, y] = [names[i], names[j]];
      if (Math.sign(a[x] - a[y]) !== Math.sign(b[x] - b[y])) out.push(`${x} vs ${y}`);
    }
  }
  return out;
}

const POPULATION = { test: 'test-users', logged: 'deployed-log-requests', random: 'random-log-requests', online: 'online-requests' } as const;
const METRIC = { test: 'offline_ndcg_test', logged: 'offline_ndcg_logged', random: 'offline_ndcg_random', online: 'online_ctr', own: 'offline_ndcg_own' } as const;

/** Replicates of every per-model metric, and of the disagreement counts computed replicate by replicate. */
function replicatesOf(ctx: ExperimentContext, names: string[], per: Record<keyof typeof METRIC, Per>, loop: LoopRound[]): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  const reps = {} as Record<keyof typeof METRIC, Per>;
  for (const kind of Object.keys(METRIC) as (keyof typeof METRIC)[]) {
    reps[kind] = {};
    for (const n of names) {
      // each model's own logs are its own requests: a population per model
      const population = kind === 'own' ? `own-log-requests-${n}` : POPULATION[kind];
      reps[kind][n] = out[`${METRIC[kind]}_${n}`] = ctx.bootstrap.mean(population, per[kind][n]);
    }
  }
  const B = ctx.bootstrap.B;
  const at = (p: Per, b: number): Record<string, number> => Object.fromEntries(names.map((n) => [n, p[n][b]]));
  for (const kind of ['test', 'logged', 'random', 'own'] as const) {
    out[`disagreements_${kind}`] = Float64Array.from({ length: B }, (_, b) => disagreements(names, at(reps[kind], b), at(reps.online, b)).length);
  }
  const [first, last] = [loop[0], loop[loop.length - 1]];
  out.loop_offline_first = ctx.bootstrap.mean('loop-first-round', first.offlinePerRequest);
  out.loop_offline_last = ctx.bootstrap.mean('loop-last-round', last.offlinePerRequest);
  return out;
}

export const experiment: Experiment = {
  id: 'offline-online-gap',
  description: 'Offline NDCG (test split, deployed-model logs, randomised logs) against simulated online CTR for several rankers; a popularity feedback loop',
  async run(ctx) {
    const requests = num(ctx, 'requests');
    const candidates = num(ctx, 'candidates');
    const world = await ctx.world();
    const source = new TrafficSource(world, candidates);
    const popularity = Float64Array.from(itemCounts(world, 'train'));
    // the popularity ranker is deployed and logs traffic; the first half of its logs trains a CTR
    // table (no position correction), the second half is the offline evaluation set
    const deployed = itemTableRanker('popularity', popularity);
    const deployedLogs = await ctx.stage('logs: popularity deployed', () => collectLogs(world, source, deployed, 2 * requests, ctx.rng('deployed-logs')));
    const models: Ranker[] = [
      deployed,
      itemTableRanker('logged_ctr', loggedCtrTable(deployedLogs, world.items.count, requests)),
      tasteRanker(world, 'personal', num(ctx, 'personalNoise'), ctx.rng('personal')),
      tasteRanker(world, 'personal_weak', num(ctx, 'weakNoise'), ctx.rng('weak')),
      tasteRanker(world, 'oracle', 0, ctx.rng('oracle')),
    ];
    const names = models.map((m) => m.name);
    const heldOut = sliceLogs(deployedLogs, requests, 2 * requests);
    const randomLogs = await ctx.stage('logs: random slates', () => collectLogs(world, source, null, requests, ctx.rng('random-logs')));
    const onlineRng = ctx.rng('online');
    const onlineRequests = Array.from({ length: requests }, () => source.request(onlineRng));
    // one value per unit (test user, logged request, online request): the means are the metrics, the units the
    // replicates — every model is scored on the same units, so comparisons between models are paired
    const per: Record<'test' | 'logged' | 'random' | 'online' | 'own', Per> = { test: {}, logged: {}, random: {}, online: {}, own: {} };
    await ctx.stage('evaluate', async () => {
      for (const m of models) {
        per.test[m.name] = ndcgPerTestUser(world, m, num(ctx, 'testUsers'), num(ctx, 'negatives'), ctx.rng('test-split'));
        per.logged[m.name] = ndcgPerLoggedRequest(heldOut, m);
        per.random[m.name] = ndcgPerLoggedRequest(randomLogs, m);
        per.online[m.name] = ctrPerRequest(world, onlineRequests, m);
        // each model graded on logs it collected itself: what a team sees when it evaluates production on production's logs
        per.own[m.name] = ndcgPerLoggedRequest(collectLogs(world, source, m, requests, ctx.rng('own-logs')), m);
        await ctx.tick();
      }
    });
    const meansOf = (p: Per): Record<string, number> => Object.fromEntries(names.map((n) => [n, meanOfDefined(p[n]) || 0]));
    const [test, logged, random, online, own] = [per.test, per.logged, per.random, per.online, per.own].map(meansOf);
    // the loop starts cold (no counts) unless told to start from the logged popularity
    const loopStart = str(ctx, 'loopStart') === 'logged' ? popularity : new Float64Array(world.items.count);
    const loop = await ctx.stage('feedback loop', () => popularityFeedbackLoop(world, source, loopStart, num(ctx, 'loopRounds'), num(ctx, 'loopRequests'), ctx.rng('loop')));
    const dLogged = disagreements(names, logged, online);
    const dRandom = disagreements(names, random, online);
    const dTest = disagreements(names, test, online);
    const dOwn = disagreements(names, own, online);
    const metrics: Record<string, number> = {};
    for (const n of names) {
      metrics[`offline_ndcg_test_${n}`] = round4(test[n]);
      metrics[`offline_ndcg_logged_${n}`] = round4(logged[n]);
      metrics[`offline_ndcg_random_${n}`] = round4(random[n]);
      metrics[`online_ctr_${n}`] = round4(online[n]);
      metrics[`offline_ndcg_own_${n}`] = round4(own[n]);
    }
    Object.assign(metrics, {
      disagreements_test: dTest.length,
      disagreements_logged: dLogged.length,
      disagreements_random: dRandom.length,
      disagreements_own: dOwn.length,
      loop_offline_first: round4(loop[0].offlineOwnLogs),
      loop_offline_last: round4(loop[loop.length - 1].offlineOwnLogs),
      loop_ctr_first: round4(loop[0].onlineCtr),
      loop_ctr_last: round4(loop[loop.length - 1].onlineCtr),
      loop_coverage_first: round4(loop[0].coverage),
      loop_coverage_last: round4(loop[loop.length - 1].coverage),
    });
    const replicates = replicatesOf(ctx, names, per, loop);
    return {
      metrics,
      replicates,
      series: [{ name: 'feedback-loop', x: 'round', points: loop.map((r) => ({ round: r.round, offline_ndcg_own_logs: round4(r.offlineOwnLogs), online_ctr: round4(r.onlineCtr), coverage: round4(r.coverage) })) }],
      tables: [{
        title: 'Offline NDCG@10 four ways against online CTR',
        columns: ['model', 'test split (sampled negatives)', 'logs of the deployed popularity model', 'logs of random slates', 'its own logs', 'online CTR'],
        rows: names.map((n) => [n, round4(test[n]), round4(logged[n]), round4(random[n]), round4(own[n]), round4(online[n])]),
      }],
      notes: [
        `Pairs ordered differently from online CTR — test split: ${dTest.join('; ') || 'none'}; deployed-model logs: ${dLogged.join('; ') || 'none'}; random-slate logs: ${dRandom.join('; ') || 'none'}; each model on its own logs: ${dOwn.join('; ') || 'none'}.`,
        'Logs of a deployed model only contain what it chose to show, with clicks tilted to the top slots; re-ranking those slates rewards agreeing with the logger.',
        'Online CTR is the expected CTR from the choice model on the same requests for every model (no click noise); its interval resamples the requests.',
        'Intervals resample the evaluation units (test users, logged requests, online requests), the same units for every model; a disagreement count is recomputed on each resample.',
      ],
    };
  },
};
