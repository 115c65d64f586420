/**
 * Freshness figures: the stream consumer's throughput in process on one core (issue 21's target: ≥ 1M events/s,
 * the guide's "millions of events/sec" on one machine), and a user's online features read from the embedded store
 * and through a private local Redis (targets: p99 < 10 µs embedded, < 1 ms through Redis on loopback).
 * Every timing goes through src/measure.
 */
import os from 'node:os';
import { Rng } from '../src/core/rng.js';
import { measure } from '../src/measure/index.js';
import { RedisServer, findRedisServer } from '../src/production/feature-store/redis-server.js';
import { StreamConsumer } from '../src/production/stream/consumer.js';
import { EmbeddedUserFeatures, RedisUserFeatures, userFeaturesFrom, type UserFeatureStore } from '../src/production/stream/user-features.js';
import type { BenchContext, BenchEntry, BenchRow } from './types.js';

const SIZES = { tiny: { events: 400_000, users: 10_000 }, small: { events: 4_000_000, users: 100_000 }, full: { events: 10_000_000, users: 1_000_000 } };
const ITEMS = 100_000;
const LEAVES = 300;
const CHUNK = 50_000;

/** Events a second apart on average with up to 30 s of disorder, in arrival order. */
function syntheticStream(n: number, users: number, rng: Rng): { user: Int32Array; item: Int32Array; second: Float64Array } {
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const second = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    user[e] = rng.int(users);
    item[e] = rng.int(ITEMS);
    second[e] = Math.max(0, e * 0.01 - rng.next() * 30);
  }
  return { user, item, second };
}

async function consumerRows(ctx: BenchContext): Promise<BenchRow[]> {
  const { events, users } = SIZES[ctx.scale];
  const rng = new Rng(ctx.seed);
  const s = syntheticStream(events, users, rng);
  const leafOf = Int32Array.from({ length: ITEMS }, () => rng.int(LEAVES));
  const make = (): StreamConsumer => new StreamConsumer({ windowSeconds: 1800, allowedLatenessSeconds: 60, recentItems: 20, users, leafOf });
  let consumer = make();
  let next = 0;
  let chunks = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  // each call applies the next chunk of the stream; a fresh consumer when the stream runs out
  const m = await measure(() => {
    if (next + CHUNK > events) {
      consumer = make();
      next = 0;
    }
    for (let e = next; e < next + CHUNK; e++) consumer.apply(s.user[e], s.item[e], s.second[e]);
    next += CHUNK;
    chunks++;
  }, { label: 'stream consumer chunk', quantile: 0.5, minSamples: 20, budgetMs: 4000, warmup: { minCalls: 3, maxMs: 3000 } });
  const cpu = process.cpuUsage(c0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wallSeconds = (performance.now() - t0) / 1000;
  const perSecond = CHUNK / (m.summary.p50_ms / 1000);
  const perCpuSecond = (chunks * CHUNK) / cpuSeconds;
  return [{
    name: `stream consumer events/s (${users.toLocaleString('en-US')} users, 30-min windows, 20 recent items)`, value: perSecond, unit: 'events/s',
    target: '≥ 1,000,000 events/s', met: perSecond >= 1_000_000, anchor: { name: 'issue target', value: 1_000_000, unit: 'events/s' }, ratio: perSecond / 1_000_000,
    note: `p50 of ${m.summary.n} chunks of ${CHUNK.toLocaleString('en-US')} events; one thread; per event: watermark check, item and user-leaf window counts, recent-items insert; `
      + `by CPU time ${Math.round(perCpuSecond).toLocaleString('en-US')} events/s (${(chunks * CHUNK).toLocaleString('en-US')} events incl. warm-up in ${cpuSeconds.toFixed(2)} s CPU, ${wallSeconds.toFixed(2)} s wall; load average ${os.loadavg()[0].toFixed(1)})`,
  }];
}

async function readRow(store: UserFeatureStore, users: number, label: string): Promise<{ p50: number; p99: number; n: number; ci?: [number, number] }> {
  const m = await measure((i) => store.read((i * 7919) % users, 0), { label, quantile: 0.99, minSamples: 2000, budgetMs: 3000, warmup: { minCalls: 500, maxMs: 2000 } });
  return { p50: m.summary.p50_ms * 1000, p99: m.summary.p99_ms * 1000, n: m.summary.n, ci: m.summary.ci?.p99 };
}

async function storeRows(ctx: BenchContext): Promise<BenchRow[]> {
  const users = Math.min(SIZES[ctx.scale].users, 100_000);
  const rng = new Rng(ctx.seed + 1);
  const features = Array.from({ length: users }, () => userFeaturesFrom(new Map([[rng.int(LEAVES), 3], [rng.int(LEAVES), 2], [rng.int(LEAVES), 1]]), Array.from({ length: 20 }, () => rng.int(ITEMS))));
  const embedded = new EmbeddedUserFeatures(86_400, 20);
  for (let u = 0; u < users; u++) await embedded.write(u, features[u], 0);
  const e = await readRow(embedded, users, 'embedded user read');
  const ci = (iv?: [number, number]): string => (iv ? `, 95% CI [${(iv[0] * 1000).toFixed(2)}, ${(iv[1] * 1000).toFixed(2)}] µs` : '');
  const rows: BenchRow[] = [{
    name: `online user features read p99, embedded (${users.toLocaleString('en-US')} users)`, value: e.p99, unit: 'µs', target: '< 10 µs', met: e.p99 < 10,
    note: `p50 ${e.p50.toFixed(2)} µs, n = ${e.n}${ci(e.ci)}; 3 leaves + 3 counts + 20 recent items read as one row (one lookup)`,
  }];
  if (!findRedisServer()) {
    ctx.log('freshness: redis-server not installed (Debian package redis-server): the Redis row is left out');
    return rows;
  }
  const server = await RedisServer.start('bench');
  try {
    const client = await server.connect();
    try {
      const redis = new RedisUserFeatures(client);
      for (let u = 0; u < users; u++) await redis.write(u, features[u], 0);
      const r = await readRow(redis, users, 'redis user read');
      rows.push({
        name: `online user features read p99, local Redis (${users.toLocaleString('en-US')} users)`, value: r.p99, unit: 'µs', target: '< 1,000 µs', met: r.p99 < 1000,
        anchor: { name: "guide's Redis online store budget", value: 10_000, unit: 'µs' }, ratio: 10_000 / r.p99,
        note: `p50 ${r.p50.toFixed(1)} µs, n = ${r.n}${ci(r.ci)}; one HMGET on loopback (RESP over TCP), ${(r.p99 / e.p99).toFixed(0)}× the embedded p99; ratio = 10 ms ÷ ours`,
      });
    } finally {
      client.close();
    }
  } finally {
    await server.stop();
  }
  return rows;
}

export const entry: BenchEntry = {
  id: 'freshness',
  title: 'Freshness: stream consumer throughput, online feature reads embedded and through Redis',
  async run(ctx) {
    return [...(await consumerRows(ctx)), ...(await storeRows(ctx))];
  },
};
