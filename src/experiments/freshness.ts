/**
 * freshness: what does real-time buy? A few days in which users' session intents switch and items trend in bursts;
 * the engagements go through an out-of-order stream into a consumer (windows, watermark), and one fixed recommender
 * ranks each evaluation request's items with the features as of `lag` seconds before the request, for each lag of the
 * sweep, and as of last midnight (a daily batch). The same requests at every lag, so the gaps are paired.
 * Then the online store: the consumer's features written to it and read back per user (embedded, or a real local
 * Redis with store=redis), the read latency through the measurement protocol.
 */
import { UsageError } from '../core/errors.js';
import { deriveReplicates } from '../core/resample.js';
import { mean } from '../core/stats.js';
import { CAUSE, SECONDS_PER_DAY, generateIntraday, listProbability, type IntradayWorld } from '../data/intraday.js';
import type { World } from '../data/world-types.js';
import { measure } from '../measure/index.js';
import { RedisServer } from '../production/feature-store/redis-server.js';
import { StreamConsumer, batchItemWindows } from '../production/stream/consumer.js';
import { deliver, disorder, type Delivery } from '../production/stream/delivery.js';
import { FEATURE_WINDOWS, rankWithFeaturesAsOf, topItemsByLeaf, type FreshnessModel } from '../production/stream/freshness.js';
import { EmbeddedUserFeatures, RedisUserFeatures, sameFeatures, userFeaturesFrom, type UserFeatureStore } from '../production/stream/user-features.js';
import { intradayOptions, lastDayRequests } from './intraday-common.js';
import { num, str } from './param-readers.js';
import { timingQuantile } from './timing-replicates.js';
import type { Experiment, ExperimentContext, Series } from './types.js';

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const STORES = ['embedded', 'redis'] as const;

/** Per request: the next item in the list (hit), its NDCG, and the chance the list holds it under the world's truth. */
interface Quality { hit: Float64Array; ndcg: Float64Array; chance: Float64Array }

function quality(world: World, day: IntradayWorld, requests: Int32Array, k: number, ranked: { rank: Int32Array; top: Int32Array }): Quality {
  const ev = day.events;
  const hit = Float64Array.from(ranked.rank, (r) => (r >= 0 ? 1 : 0));
  const ndcg = Float64Array.from(ranked.rank, (r) => (r >= 0 ? 1 / Math.log2(r + 2) : 0));
  const chance = Float64Array.from(requests, (e, q) => listProbability(day, world, ev.user[e], ev.second[e], ev.intent[e], ranked.top.subarray(q * k, (q + 1) * k)));
  return { hit, ndcg, chance };
}

/** Per-request values kept only inside a cohort (NaN elsewhere: the bootstrap mean skips them). */
const within = (values: Float64Array, cohort: Uint8Array): Float64Array => Float64Array.from(values, (v, q) => (cohort[q] ? v : NaN));

/** Replay every event once: windowed counts against a batch recomputation, and the final consumer. */
function fullReplay(world: World, day: IntradayWorld, delivery: Delivery, ctx: ExperimentContext): { consumer: StreamConsumer; mismatches: number } {
  const ev = day.events;
  const consumer = new StreamConsumer({
    windowSeconds: num(ctx, 'windowMinutes') * 60, allowedLatenessSeconds: num(ctx, 'allowedLatenessSeconds'),
    recentItems: num(ctx, 'recentItems'), users: day.users.length, leafOf: world.items.category,
  });
  const kept = new Array<boolean>(ev.count).fill(false);
  for (const e of delivery.order) kept[e] = consumer.apply(ev.user[e], ev.item[e], ev.second[e]);
  const batch = batchItemWindows(ev.item, ev.second, consumer.options.windowSeconds, kept);
  const streamed = consumer.itemWindows;
  let mismatches = 0;
  const windows = new Set([...batch.keys(), ...streamed.keys()]);
  for (const w of windows) {
    const a = batch.get(w) ?? new Map<number, number>();
    const b = streamed.get(w) ?? new Map<number, number>();
    for (const i of new Set([...a.keys(), ...b.keys()])) if (a.get(i) !== b.get(i)) mismatches++;
  }
  return { consumer, mismatches };
}

async function openStore(kind: string, ctx: ExperimentContext): Promise<{ store: UserFeatureStore; close: () => Promise<void> }> {
  const recentItems = num(ctx, 'recentItems');
  if (kind === 'embedded') return { store: new EmbeddedUserFeatures(SECONDS_PER_DAY, recentItems), close: async () => {} };
  const server = await RedisServer.start('freshness');
  try {
    const client = await server.connect();
    return { store: new RedisUserFeatures(client), close: async () => { client.close(); await server.stop(); } };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

export const experiment: Experiment = {
  id: 'freshness',
  description: 'Next-item recall with stream features of growing lag against a daily batch; watermarks; the online store read',
  handlesSweep: true,
  async run(ctx) {
    const store = str(ctx, 'store');
    if (!(STORES as readonly string[]).includes(store)) throw new UsageError(`freshness: store must be one of ${STORES.join(', ')}, got ${store}`);
    const world = await ctx.world();
    const day = await ctx.stage('intraday-world', () => generateIntraday(world, intradayOptions(ctx)));
    const ev = day.events;
    const delivery = deliver(ev.second, num(ctx, 'meanDelaySeconds'), ctx.rng('delivery'));
    const requests = { event: lastDayRequests(day, num(ctx, 'requests')) };
    const n = requests.event.length;
    if (n < 20) throw new UsageError(`freshness: only ${n} engagements on the last day; raise users or sessionsPerDay`);
    const model: FreshnessModel = { k: num(ctx, 'k'), recentWeight: num(ctx, 'recentWeight'), trendWeight: num(ctx, 'trendWeight') };
    const topByLeaf = topItemsByLeaf(world, model.k);
    const consumerOptions = { windowSeconds: num(ctx, 'windowMinutes') * 60, allowedLatenessSeconds: num(ctx, 'allowedLatenessSeconds'), recentItems: num(ctx, 'recentItems') };
    const evalAt = async (name: string, cutoffOf: (s: number) => number): Promise<Quality> => {
      await ctx.tick();
      return ctx.stage(name, () => quality(world, day, requests.event, model.k, rankWithFeaturesAsOf(world, day, delivery, requests, cutoffOf, consumerOptions, model, topByLeaf)));
    };
    const lag = num(ctx, 'lagSeconds');
    const fresh = await evalAt('features-at-lag', (s) => s - lag);
    const batch = await evalAt('daily-batch', (s) => Math.floor(s / SECONDS_PER_DAY) * SECONDS_PER_DAY);
    const trending = Uint8Array.from(requests.event, (e) => (ev.cause[e] === CAUSE.trend ? 1 : 0));
    const switched = Uint8Array.from(requests.event, (e) => (ev.cause[e] === CAUSE.intent && ev.intentSwitched[e] ? 1 : 0));

    const metrics: Record<string, number> = {};
    const replicates: Record<string, Float64Array> = {};
    const report = (name: string, values: Float64Array): void => {
      replicates[name] = ctx.bootstrap.mean('requests', values);
      let s = 0;
      let c = 0;
      for (const v of values) if (v === v) { s += v; c++; }
      metrics[name] = round4(c ? s / c : 0);
    };
    report('recall_fresh', fresh.hit);
    report('recall_batch', batch.hit);
    report('ndcg_fresh', fresh.ndcg);
    report('chance_fresh', fresh.chance);
    report('chance_batch', batch.chance);
    report('ndcg_batch', batch.ndcg);
    report('recall_trending_fresh', within(fresh.hit, trending));
    report('recall_trending_batch', within(batch.hit, trending));
    report('recall_switch_fresh', within(fresh.hit, switched));
    report('recall_switch_batch', within(batch.hit, switched));
    metrics.recall_gain = round4(metrics.recall_fresh - metrics.recall_batch);
    replicates.recall_gain = deriveReplicates([replicates.recall_fresh, replicates.recall_batch], (a, b) => a - b);

    // the sweep: recall and NDCG by lag, the batch as the last point
    const points: Series['points'] = [];
    const lags = ctx.sweep?.param === 'lagSeconds' ? ctx.sweep.values.map(Number) : [];
    for (const [p, l] of lags.entries()) {
      ctx.progress('lag-sweep', p / lags.length, `lag ${l} s`);
      const q = l === lag ? fresh : await evalAt(`lag-${l}s`, (s) => s - l);
      points.push({ lagSeconds: l, recall: round4(mean(q.hit)), chance: round4(mean(q.chance)), ndcg: round4(mean(q.ndcg)), recall_trending: round4(cohortMean(q.hit, trending)), recall_switch: round4(cohortMean(q.hit, switched)) });
    }

    // the stream itself: disorder, what the watermark dropped and corrected, windows against a batch recomputation
    const { consumer, mismatches } = await ctx.stage('full-replay', () => fullReplay(world, day, delivery, ctx));
    const late = disorder(ev.second, delivery);
    Object.assign(metrics, {
      events: ev.count,
      requests: n,
      trending_requests: trending.reduce((a, b) => a + b, 0),
      switch_requests: switched.reduce((a, b) => a + b, 0),
      out_of_order_share: round4(late.reduce((a, d) => a + (d > 0 ? 1 : 0), 0) / ev.count),
      dropped_share: round4(consumer.dropped / ev.count),
      corrected_share: round4(consumer.corrected / ev.count),
      window_count_mismatches: mismatches,
    });

    // the online store: every user's features at the end of the stream, written and read back
    const end = consumer.maxEventTime;
    const opened = await ctx.stage('store-open', () => openStore(store, ctx));
    const embedded = new EmbeddedUserFeatures(SECONDS_PER_DAY, consumerOptions.recentItems);
    try {
      const written = Array.from({ length: day.users.length }, (_, u) => userFeaturesFrom(consumer.userLeafCounts(u, consumer.windowOf(end), FEATURE_WINDOWS), consumer.recent(u)));
      await ctx.stage('store-write', async () => {
        for (let u = 0; u < written.length; u++) {
          await opened.store.write(u, written[u], end);
          await embedded.write(u, written[u], end);
        }
      });
      let differing = 0;
      for (let u = 0; u < written.length; u++) if (!sameFeatures(await opened.store.read(u, end), written[u])) differing++;
      metrics.store_mismatches = differing;
      const users = day.users.length;
      const timing = { quantile: 0.99, minSamples: num(ctx, 'storeReads'), budgetMs: 800, trials: 3, tick: () => ctx.tick() };
      const emb = await measure((i) => embedded.read((i * 7919) % users, end), { ...timing, label: 'embedded read' });
      const latency: Record<string, typeof emb.summary> = { 'embedded read': emb.summary };
      metrics.embedded_read_p99_ms = emb.summary.p99_ms;
      const embReps = timingQuantile(ctx.bootstrap, emb.samples, 0.99);
      if (embReps) replicates.embedded_read_p99_ms = embReps;
      let storeSummary = emb.summary;
      let storeReps = embReps;
      if (opened.store.kind === 'redis') {
        const red = await measure((i) => opened.store.read((i * 7919) % users, end), { ...timing, label: 'redis read' });
        latency['redis read'] = red.summary;
        storeSummary = red.summary;
        storeReps = timingQuantile(ctx.bootstrap, red.samples, 0.99);
      }
      metrics.store_read_p99_ms = storeSummary.p99_ms;
      if (storeReps) replicates.store_read_p99_ms = storeReps;
      ctx.setEnvironment('onlineStore', opened.store.kind);
      return {
        metrics,
        replicates,
        latency,
        series: [{ name: 'lag-sweep', x: 'lagSeconds', points }],
        tables: [{
          title: 'Next-item quality by feature age',
          columns: ['features', `recall@${model.k}`, 'chance the list holds the next item (world truth)', `NDCG@${model.k}`, 'recall, trending items', 'recall, intent just switched'],
          rows: [
            [`stream, ${lag} s behind`, metrics.recall_fresh, metrics.chance_fresh, metrics.ndcg_fresh, metrics.recall_trending_fresh, metrics.recall_switch_fresh],
            ['daily batch (last midnight)', metrics.recall_batch, metrics.chance_batch, metrics.ndcg_batch, metrics.recall_trending_batch, metrics.recall_switch_batch],
          ],
        }],
        notes: [
          `${ev.count} engagements over ${day.options.days} days from ${day.users.length} users; ${n} requests on the last day (${metrics.trending_requests} trending, ${metrics.switch_requests} just after an intent switch).`,
          `Delivery: ${(100 * metrics.out_of_order_share).toFixed(1)}% of events arrive after a later one; the watermark (${consumerOptions.allowedLatenessSeconds} s) dropped ${(100 * metrics.dropped_share).toFixed(2)}% and corrected ${(100 * metrics.corrected_share).toFixed(1)}%.`,
        ],
      };
    } finally {
      await opened.close();
    }
  },
};

function cohortMean(values: Float64Array, cohort: Uint8Array): number {
  let s = 0;
  let c = 0;
  for (let q = 0; q < values.length; q++) if (cohort[q]) { s += values[q]; c++; }
  return c ? s / c : 0;
}
