/**
 * Where an HNSW query's time goes (issue 23): 20k × 32, M = 8, ef = 16, k = 10, one query per call, beside Debian's
 * python3-hnswlib on the same vectors and parameters. Ours, interleaved through src/measure, all on the same graph:
 * the adapter (HnswIndex.search: checks, typed results) on each engine — our addon's kernel (typed arrays in and out)
 * and hnswlib-node (a Float32Array → JS array copy, a result object) —, searchBatch, the bare calls of each engine with
 * everything prepared, and each engine's call on a one-point index (the call's floor with almost no search).
 * Each sample is a block of 20 calls (per-call times are near the clock's resolution; a short block is less often
 * preempted on a busy machine); figures are per query, the median block. Python is timed the same way: the median over
 * blocks of 20 consecutive knn_query calls (bench/py/hnswlib_bench.py, block_us_p50).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInterleaved, type Measurement } from '../src/measure/index.js';
import { loadNative } from '../src/native/addon.js';
import { resolveAnnOptions } from '../src/retrieval/ann-options.js';
import { readShard } from '../src/retrieval/hnsw.js';
import { hnswlib } from '../src/retrieval/hnswlib-binding.js';
import { createAnnIndex, HnswIndex } from '../src/retrieval/index.js';
import { benchVectors, writeF32 } from './ann-bench-data.js';
import type { BenchEntry, BenchRow } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const N = 20_000, DIM = 32, M = 8, EF = 16, K = 10, NQ = 1000, BLOCK = 20;

const us = (m: Measurement): number => (m.summary.p50_ms * 1000) / BLOCK;

export const entry: BenchEntry = {
  id: 'hnsw-call',
  title: 'HNSW call overhead at 20k × 32 (M 8, ef 16): our adapter on each engine, the bare calls, and python3-hnswlib',
  async run(ctx) {
    const addon = loadNative();
    if (!addon) throw new Error('hnsw-call compares the native HNSW kernel with hnswlib-node: build the addon first (`npm run build:native`)');
    const { items, queries } = benchVectors(ctx.seed + 23, N, NQ, DIM);
    const opts = resolveAnnOptions({ kind: 'hnsw' as const, dim: DIM, metric: 'ip' as const, maxElements: N, M, efConstruction: 200 });
    ctx.log(`building HNSW ${N}×${DIM} M=${M} (native kernel)…`);
    const index = new HnswIndex(opts, undefined, EF, 'native');
    index.addBatch(items);
    const exact = createAnnIndex({ kind: 'exact', dim: DIM, metric: 'ip', maxElements: N });
    exact.addBatch(items);
    const truth = exact.searchBatch(queries, K).ids;
    const dir = mkdtempSync(join(tmpdir(), 'hnsw-call-'));
    let py: { version: string; ef: { ef: number; recall_at_10: number; qps: number; block_us_p50: number }[] } | null = null;
    const rows: BenchRow[] = [];
    try {
      // the same graph on the other engine: saved by the native kernel, read by hnswlib-node (one file format)
      index.save(join(dir, 'index'));
      const viaNode = new HnswIndex(opts, [{ index: readShard(join(dir, 'index', 'shard-0.hnsw'), opts, 'hnswlib-node'), count: N }], EF);
      const raw = new (hnswlib().HierarchicalNSW)('ip', DIM);
      raw.readIndexSync(join(dir, 'index', 'shard-0.hnsw'));
      raw.setEf(EF);
      const rawNative = addon.hnswLoad(0, DIM, join(dir, 'index', 'shard-0.hnsw'), false);
      addon.hnswSetEf(rawNative, EF);
      const wide = new HnswIndex(opts, [{ index: readShard(join(dir, 'index', 'shard-0.hnsw'), opts, 'native-wide'), count: N }], EF);
      const one = new HnswIndex({ ...opts, maxElements: 1 }, undefined, EF, 'native');
      one.addBatch(items.subarray(0, DIM));
      one.save(join(dir, 'one'));
      const rawOne = new (hnswlib().HierarchicalNSW)('ip', DIM);
      rawOne.readIndexSync(join(dir, 'one', 'shard-0.hnsw'));
      rawOne.setEf(EF);
      const nativeOne = addon.hnswLoad(0, DIM, join(dir, 'one', 'shard-0.hnsw'), false);
      addon.hnswSetEf(nativeOne, EF);
      const arrays = Array.from({ length: NQ }, (_, q) => Array.from(queries.subarray(q * DIM, (q + 1) * DIM)));
      const views = Array.from({ length: NQ }, (_, q) => queries.subarray(q * DIM, (q + 1) * DIM));
      const outIds = new Int32Array(K);
      const outScores = new Float32Array(K);
      const q = (i: number) => views[i % NQ];
      let sink = 0;
      const m = await measureInterleaved({
        adapter: (i: number) => { for (let j = 0; j < BLOCK; j++) sink += index.search(q(i * BLOCK + j), K, { ef: EF }).ids[0]; },
        adapterNode: (i: number) => { for (let j = 0; j < BLOCK; j++) sink += viaNode.search(q(i * BLOCK + j), K, { ef: EF }).ids[0]; },
        wide: (i: number) => { for (let j = 0; j < BLOCK; j++) sink += wide.search(q(i * BLOCK + j), K, { ef: EF }).ids[0]; },
        batch: (i: number) => { sink += index.searchBatch(queries.subarray(((i * BLOCK) % NQ) * DIM, (((i * BLOCK) % NQ) + BLOCK) * DIM), K, { ef: EF }).ids[0]; },
        kernel: (i: number) => { for (let j = 0; j < BLOCK; j++) sink += addon.hnswSearch(rawNative, q(i * BLOCK + j), K, outIds, outScores) + outIds[0]; },
        binding: (i: number) => { for (let j = 0; j < BLOCK; j++) sink += raw.searchKnn(arrays[(i * BLOCK + j) % NQ], K).neighbors[0]; },
        kernelFloor: (i: number) => { for (let j = 0; j < BLOCK; j++) sink += addon.hnswSearch(nativeOne, q(i * BLOCK + j), 1, outIds, outScores); },
        floor: (i: number) => { for (let j = 0; j < BLOCK; j++) sink += rawOne.searchKnn(arrays[(i * BLOCK + j) % NQ], 1).neighbors[0]; },
      }, { label: 'hnsw call', quantile: 0.5, minSamples: 100, maxSamples: 2000, budgetMs: 6000 });
      if (sink === 0.5) throw new Error('unreachable: keeps the calls from being optimised away');
      ctx.log('python3-hnswlib, same vectors and parameters…');
      const files = [join(dir, 'items.f32'), join(dir, 'queries.f32'), join(dir, 'truth.i32')];
      writeF32(files[0], items);
      writeF32(files[1], queries);
      writeF32(files[2], truth);
      try {
        const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
        py = JSON.parse(execFileSync(python, [join(here, 'py', 'hnswlib_bench.py'), ...files, String(DIM), String(M), '200', '100', '1', String(EF), '5'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
      } catch (err) {
        ctx.log(`python3-hnswlib not run (${(err as Error).message.split('\n')[0]})`);
      }
      const pyUs = py ? py.ef[0].block_us_p50 : NaN;
      const anchor = py ? { anchor: { name: `python3-hnswlib${py.version === 'unknown' ? '' : ` ${py.version}`} knn_query, same vectors`, value: pyUs, unit: 'µs' } } : {};
      const cpu = `CPU share ${m.adapter.cpuShare.toFixed(2)}`;
      const pyNote = `python: median of blocks of ${BLOCK} calls over 5 passes (its fastest whole pass: ${py ? (1e6 / py.ef[0].qps).toFixed(1) : '—'} µs a query)`;
      rows.push(
        { name: `HNSW query ${N}×${DIM} M=${M} ef=${EF}, our adapter (native kernel)`, value: us(m.adapter), unit: 'µs', ...anchor, ratio: pyUs / us(m.adapter),
          target: '≤ 1.2× python (ratio ≥ 0.83), or the binding floor shown', met: pyUs / us(m.adapter) >= 1 / 1.2, note: `ratio = python ÷ ours; p50 of blocks of ${BLOCK} calls; ${cpu}; ${pyNote}` },
        { name: 'the same query, our adapter on hnswlib-node', value: us(m.adapterNode), unit: 'µs', ...anchor, ratio: pyUs / us(m.adapterNode),
          note: `the engine before issue 23: native kernel saves ${(us(m.adapterNode) - us(m.adapter)).toFixed(2)} µs a query (same graph, same answers)` },
        { name: 'the same graph, our adapter on native-wide distances (asked for only)', value: us(m.wide), unit: 'µs', ...anchor, ratio: pyUs / us(m.wide),
          note: 'AVX-512/AVX2 multiply-adds instead of hnswlib\'s SSE sums: not bit-equal to hnswlib-node, so never the default' },
        { name: `the same queries through searchBatch (${BLOCK} a call, native)`, value: us(m.batch), unit: 'µs', ...anchor, ratio: pyUs / us(m.batch),
          note: 'one check, one pair of result arrays and one call into the addon per batch' },
        { name: 'the same query, bare native hnswSearch (output arrays ready)', value: us(m.kernel), unit: 'µs', ...anchor, ratio: pyUs / us(m.kernel),
          note: `what the adapter adds on top: ${(us(m.adapter) - us(m.kernel)).toFixed(2)} µs (checks, the ef check, two result arrays)` },
        { name: 'the same query, bare hnswlib-node searchKnn (JS array ready)', value: us(m.binding), unit: 'µs', ...anchor, ratio: pyUs / us(m.binding),
          note: `what the adapter on hnswlib-node adds on top: ${(us(m.adapterNode) - us(m.binding)).toFixed(2)} µs (checks, the row copy, typed results)` },
        { name: 'native hnswSearch on a one-point index (the call floor)', value: us(m.kernelFloor), unit: 'µs',
          note: 'Node-API entry, four typed-array lookups, hnswlib\'s priority queues: the least a native call costs' },
        { name: 'hnswlib-node searchKnn on a one-point index (the call floor)', value: us(m.floor), unit: 'µs',
          note: 'the binding reads the query element by element and builds a result object: a cost no adapter on it can remove' },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};
