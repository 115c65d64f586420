/**
 * Where an HNSW query's time goes (issue 23): 20k × 32, M = 8, ef = 16, k = 10, one query per call, beside Debian's
 * python3-hnswlib on the same vectors and parameters. Three of ours, interleaved through src/measure: the adapter
 * (HnswIndex.search: checks, the Float32Array → JS array copy, the binding, typed results), its searchBatch, the bare binding call on
 * the same graph with a prepared JS array (hnswlib-node's searchKnn: it reads the query element by element and
 * builds a result object), and that binding call on a one-point index (the call's floor with almost no search).
 * Each sample is a block of 200 calls (per-call times are near the clock's resolution); figures are per query.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInterleaved, type Measurement } from '../src/measure/index.js';
import { createAnnIndex } from '../src/retrieval/index.js';
import { readShard } from '../src/retrieval/hnsw.js';
import { benchVectors, writeF32 } from './ann-bench-data.js';
import type { BenchEntry, BenchRow } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const N = 20_000, DIM = 32, M = 8, EF = 16, K = 10, NQ = 1000, BLOCK = 200;

const us = (m: Measurement): number => (m.summary.p50_ms * 1000) / BLOCK;

export const entry: BenchEntry = {
  id: 'hnsw-call',
  title: 'HNSW call overhead at 20k × 32 (M 8, ef 16): our adapter, the bare binding, and python3-hnswlib',
  async run(ctx) {
    const { items, queries } = benchVectors(ctx.seed + 23, N, NQ, DIM);
    const opts = { kind: 'hnsw' as const, dim: DIM, metric: 'ip' as const, maxElements: N, M, efConstruction: 200 };
    ctx.log(`building HNSW ${N}×${DIM} M=${M}…`);
    const index = createAnnIndex(opts);
    index.addBatch(items);
    const exact = createAnnIndex({ kind: 'exact', dim: DIM, metric: 'ip', maxElements: N });
    exact.addBatch(items);
    const truth = exact.searchBatch(queries, K).ids;
    const dir = mkdtempSync(join(tmpdir(), 'hnsw-call-'));
    let py: { version: string; ef: { ef: number; recall_at_10: number; qps: number }[] } | null = null;
    const rows: BenchRow[] = [];
    try {
      index.save(join(dir, 'index'));
      const raw = readShard(join(dir, 'index', 'shard-0.hnsw'), { ...opts, seed: 100 });
      raw.setEf(EF);
      const one = createAnnIndex({ ...opts, maxElements: 1 });
      one.addBatch(items.subarray(0, DIM));
      one.save(join(dir, 'one'));
      const rawOne = readShard(join(dir, 'one', 'shard-0.hnsw'), { ...opts, maxElements: 1, seed: 100 });
      rawOne.setEf(EF);
      const arrays = Array.from({ length: NQ }, (_, q) => Array.from(queries.subarray(q * DIM, (q + 1) * DIM)));
      const q = (i: number) => queries.subarray((i % NQ) * DIM, ((i % NQ) + 1) * DIM);
      let sink = 0;
      const m = await measureInterleaved({
        adapter: (i: number) => { for (let j = 0; j < BLOCK; j++) sink += index.search(q(i * BLOCK + j), K, { ef: EF }).ids[0]; },
        binding: (i: number) => { for (let j = 0; j < BLOCK; j++) sink += raw.searchKnn(arrays[(i * BLOCK + j) % NQ], K).neighbors[0]; },
        batch: (i: number) => { sink += index.searchBatch(queries.subarray(((i * BLOCK) % NQ) * DIM, (((i * BLOCK) % NQ) + BLOCK) * DIM), K, { ef: EF }).ids[0]; },
        floor: (i: number) => { for (let j = 0; j < BLOCK; j++) sink += rawOne.searchKnn(arrays[(i * BLOCK + j) % NQ], 1).neighbors[0]; },
      }, { label: 'hnsw call', quantile: 0.5, minSamples: 40, maxSamples: 400, budgetMs: 4000 });
      if (sink === 0.5) throw new Error('unreachable: keeps the calls from being optimised away');
      ctx.log('python3-hnswlib, same vectors and parameters…');
      const files = [join(dir, 'items.f32'), join(dir, 'queries.f32'), join(dir, 'truth.i32')];
      writeF32(files[0], items);
      writeF32(files[1], queries);
      writeF32(files[2], truth);
      try {
        const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
        py = JSON.parse(execFileSync(python, [join(here, 'py', 'hnswlib_bench.py'), ...files, String(DIM), String(M), '200', '100', '1', String(EF)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
      } catch (err) {
        ctx.log(`python3-hnswlib not run (${(err as Error).message.split('\n')[0]})`);
      }
      const pyUs = py ? 1e6 / py.ef[0].qps : NaN;
      const anchor = py ? { anchor: { name: `python3-hnswlib${py.version === 'unknown' ? '' : ` ${py.version}`} knn_query, same vectors`, value: pyUs, unit: 'µs' } } : {};
      const cpu = `CPU share ${m.adapter.cpuShare.toFixed(2)}`;
      rows.push(
        { name: `HNSW query ${N}×${DIM} M=${M} ef=${EF}, our adapter`, value: us(m.adapter), unit: 'µs', ...anchor, ratio: pyUs / us(m.adapter),
          target: '≤ 1.2× python (ratio ≥ 0.83), or the binding floor shown', met: pyUs / us(m.adapter) >= 1 / 1.2, note: `ratio = python ÷ ours; p50 of blocks of ${BLOCK} calls; ${cpu}` },
        { name: 'the same query, bare hnswlib-node searchKnn (JS array ready)', value: us(m.binding), unit: 'µs', ...anchor, ratio: pyUs / us(m.binding),
          note: `what the adapter adds on top: ${(us(m.adapter) - us(m.binding)).toFixed(2)} µs (checks, the row copy, typed results)` },
        { name: `the same queries through searchBatch (${BLOCK} a call)`, value: us(m.batch), unit: 'µs', ...anchor, ratio: pyUs / us(m.batch),
          note: 'one check and one pair of result arrays per batch; the binding is still called once per query' },
        { name: 'hnswlib-node searchKnn on a one-point index (the call floor)', value: us(m.floor), unit: 'µs',
          note: 'the binding reads the query element by element and builds a result object: a cost no adapter can remove' },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};
