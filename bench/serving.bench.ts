/**
 * Serving benchmarks: the diversity re-rankers at the size (20 of 500, d = 64), the end-to-end
 * request path under in-process load (p50/p99, per-stage sum against the end-to-end time), and the
 * sharded index's fan-out cost. Anchors: the guide's budgets (100 ms p99 end to end, 5 ms to rank 500
 * candidates); ratio = budget ÷ our figure, so > 1 means under budget by that factor.
 */
import { dppGreedy, mmr } from '../src/core/diversity/index.js';
import { Rng } from '../src/core/rng.js';
import { summariseLatency } from '../src/core/stats.js';
import { loadWorld } from '../src/data/load-world.js';
import { buildServingStack } from '../src/serving/build-components.js';
import { measureNoiseFloor, runLoad, SimClock } from '../src/serving/load-generator.js';
import { createRecommender } from '../src/serving/recommender.js';
import { createShardedIndex } from '../src/retrieval/index.js';
import type { BenchEntry, BenchRow } from './types.js';

function reRankerRows(seed: number): BenchRow[] {
  const n = 500;
  const dim = 64;
  const k = 20;
  const rng = new Rng(seed);
  const instances = Array.from({ length: 20 }, () => ({
    relevance: Float64Array.from({ length: n }, () => rng.uniform(0, 1)),
    embeddings: Float32Array.from({ length: n * dim }, () => rng.normal(0, 1)),
  }));
  // wall-clock and process CPU time per call: on a shared machine the first includes waiting for a core
  const time = (fn: (i: (typeof instances)[number]) => unknown): { wall: number[]; cpu: number[] } => {
    for (let w = 0; w < 50; w++) fn(instances[w % instances.length]);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < 400; r++) {
      const inst = instances[r % instances.length];
      const c0 = process.cpuUsage();
      const t = process.hrtime.bigint();
      fn(inst);
      wall.push(Number(process.hrtime.bigint() - t) / 1e6);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    return { wall, cpu };
  };
  const row = (name: string, t: { wall: number[]; cpu: number[] }): BenchRow => {
    const w = summariseLatency(t.wall);
    const c = summariseLatency(t.cpu);
    return { name, value: w.p50_ms, unit: 'ms', target: '< 1 ms', met: w.p50_ms < 1, note: `p99 ${w.p99_ms.toFixed(3)} ms over 400 runs; CPU time p50 ${c.p50_ms.toFixed(3)} ms, p99 ${c.p99_ms.toFixed(3)} ms` };
  };
  return [
    row('MMR 20 of 500 (d=64) p50', time((i) => mmr({ ...i, dim, k, lambda: 0.7 }))),
    row('DPP fast greedy 20 of 500 (d=64) p50', time((i) => dppGreedy({ ...i, dim, k, theta: 0.7 }))),
  ];
}

export const entry: BenchEntry = {
  id: 'serving',
  title: 'Serving: MMR/DPP re-rankers, end-to-end request path, sharded fan-out',
  async run(ctx) {
    // how loaded the machine is right now: any p99 below includes this tail
    const noise = measureNoiseFloor(1000, 0.5);
    const rows: BenchRow[] = [
      { name: 'noise floor: fixed 0.5 ms loop, p99', value: noise.p99_ms, unit: 'ms', note: `p50 ${noise.p50_ms.toFixed(3)} ms; p99 far above 0.5 ms = other processes hold the cores, and every p99 here includes that` },
      ...reRankerRows(ctx.seed),
    ];
    ctx.log('re-rankers done; loading world');
    const world = await loadWorld({ scale: ctx.scale, seed: ctx.seed });
    const rng = new Rng(ctx.seed);
    const t0 = performance.now();
    const stack = await buildServingStack(world, rng.fork('stack'), { ann: 'hnsw', efConstruction: 100, trees: 100 });
    ctx.log(`stack built in ${((performance.now() - t0) / 1000).toFixed(1)} s (${world.items.count} items)`);
    const clock = new SimClock();
    const rec = createRecommender(world, stack.components, { candidates: 500, ef: 100, reranker: 'mmr', maxPerCategory: 3, clock: clock.now });
    const userRng = rng.fork('users');
    const pool = Int32Array.from({ length: 2000 }, () => userRng.int(world.users.count));
    const users = Int32Array.from({ length: 5000 }, () => pool[userRng.int(pool.length)]);
    const report = await runLoad({ send: (u) => rec.recommend(u, { k: 10 }), users, requests: users.length, warmup: 200, clock, interArrivalMs: 5 });
    const e = report.endToEnd;
    const rank = report.stages.rank;
    const label = `${ctx.scale}, ${world.items.count.toLocaleString('en-US')} items`;
    const stageLine = Object.entries(report.stages).filter(([, l]) => l.mean_ms > 0).map(([s, l]) => `${s} ${l.p50_ms.toFixed(3)}/${l.p99_ms.toFixed(3)}`).join(', ');
    rows.push(
      { name: `end-to-end p50 (${label}; 500 cand, 100 trees, MMR)`, value: e.p50_ms, unit: 'ms', anchor: { name: 'guide budget p99', value: 100, unit: 'ms' }, ratio: 100 / e.p50_ms },
      { name: `end-to-end p99 (${label})`, value: e.p99_ms, unit: 'ms', anchor: { name: 'guide budget p99', value: 100, unit: 'ms' }, ratio: 100 / e.p99_ms, target: '< 10 ms', met: e.p99_ms < 10, note: `per stage p50/p99 ms: ${stageLine}` },
      ...(report.cpu ? [{ name: `CPU time per request p99 (${label})`, value: report.cpu.p99_ms, unit: 'ms', anchor: { name: 'guide budget p99', value: 100, unit: 'ms' }, ratio: 100 / report.cpu.p99_ms, target: '< 10 ms', met: report.cpu.p99_ms < 10, note: `p50 ${report.cpu.p50_ms.toFixed(3)} ms: the request's own work, without waiting for a core (process CPU time, one client)` }] : []),
      { name: `rank 500 candidates (GBDT 100 trees) p99 (${label})`, value: rank.p99_ms, unit: 'ms', anchor: { name: 'guide: rank 500 < 5 ms', value: 5, unit: 'ms' }, ratio: 5 / rank.p99_ms },
      { name: `time outside the stage timers (${label})`, value: report.unaccountedPct, unit: '%', target: '< 10 %', met: report.unaccountedPct < 10, note: 'mean of (end-to-end − Σ stages) / end-to-end' },
      { name: `throughput, one in-process client (${label})`, value: report.throughputRps, unit: 'req/s' },
    );
    // at full scale each shard count would rebuild a 1M-item HNSW (minutes each): the scale-out scenario covers shards
    if (ctx.scale === 'full') ctx.log('full scale: sharded fan-out rows skipped (each would rebuild the 1M index)');
    for (const shards of ctx.scale === 'full' ? [] : [1, 2, 4]) {
      const index = await createShardedIndex(stack.components.itemVectors, stack.components.dim, { shards, ef: 100, efConstruction: 100 });
      try {
        const lat: number[] = [];
        for (let r = -100; r < 1000; r++) {
          const q = stack.components.encoder.encode(users[(r + 100) % users.length]);
          const res = await index.searchAsync(q, 500);
          if (r >= 0) lat.push(res.totalMs);
        }
        const s = summariseLatency(lat);
        rows.push({ name: `sharded ANN fan-out, ${shards} shard(s), 500 cand p99 (${label})`, value: s.p99_ms, unit: 'ms', note: `p50 ${s.p50_ms.toFixed(3)} ms; build ${(Math.max(...index.buildMs) / 1000).toFixed(1)} s (slowest shard)` });
      } finally {
        await index.close();
      }
    }
    return rows;
  },
};
