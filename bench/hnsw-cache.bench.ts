/**
 * What verifying the HNSW index cache costs against loading it (issue 16: every cached file is checksummed before
 * its bytes reach hnswlib; the target is verifying < 25% of loading at 1M × 64). The index is built once into
 * bench/.tmp/ with efConstruction 16 (the file layout, and so the bytes to verify and load, depend on the rows, dim
 * and M only) and reused by later runs.
 */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { Rng } from '../src/core/rng.js';
import { readArray, readManifest, sha256Hex } from '../src/data/cache-files.js';
import { getOrBuildHnsw } from '../src/retrieval/index.js';
import type { BenchContext, BenchEntry, BenchRow } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const DIM = 64, M = 16, EFC = 16, SHARDS = 2;
const ROWS = { tiny: 20_000, small: 100_000, full: 1_000_000 } as const;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const n = ROWS[ctx.scale];
  const rng = new Rng(ctx.seed).fork('hnsw-cache-bench');
  const vectors = new Float32Array(n * DIM);
  for (let i = 0; i < vectors.length; i++) vectors[i] = rng.next() - 0.5;
  const root = join(here, '.tmp', 'hnsw-cache');
  const req = {
    options: { dim: DIM, metric: 'ip' as const, maxElements: n, M, efConstruction: EFC, seed: ctx.seed },
    vectors, shards: SHARDS, root, source: { bench: 'hnsw-cache', rows: n, seed: ctx.seed },
    onProgress: (f: number) => { if (Math.round(f * 100) % 10 === 0) ctx.log(`build ${Math.round(f * 100)}%`); },
  };
  const first = await getOrBuildHnsw(req);
  ctx.log(first.source === 'built' ? `built in ${first.buildSeconds.toFixed(1)} s` : 'index found in the cache');
  const loads: number[] = [];
  for (let i = 0; i < 3; i++) loads.push((await getOrBuildHnsw(req)).loadSeconds);
  // the checksum alone, over the bytes a load reads anyway (the same function the cache calls)
  const entryDir = first.dir;
  const manifest = readManifest(entryDir);
  const files = Object.values(manifest.files).map((e) => readArray(entryDir, e, false));
  const bytes = files.reduce((s, f) => s + f.byteLength, 0);
  const hashes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    for (const f of files) sha256Hex(new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
    hashes.push((performance.now() - t0) / 1000);
  }
  const load = median(loads);
  const verify = median(hashes);
  const share = verify / (load - verify);
  const note = `load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores; median of 3`;
  return [
    { name: `HNSW ${n.toLocaleString('en-US')}×${DIM} M=${M}: load from cache, verified`, value: load, unit: 's', note: `${(bytes / 2 ** 20).toFixed(0)} MiB in ${files.length} shard files; ${note}` },
    { name: `HNSW ${n.toLocaleString('en-US')}×${DIM}: sha256 of every file`, value: verify, unit: 's', note: `${((bytes / 2 ** 20) / verify).toFixed(0)} MiB/s` },
    {
      name: 'verifying ÷ the rest of loading', value: 100 * share, unit: '%', target: '< 25%', met: share < 0.25,
      note: 'the rest: reading the files, writing them for hnswlib, hnswlib reading them back',
    },
  ];
}

export const entry: BenchEntry = { id: 'hnsw-cache', title: 'HNSW index cache: verifying against loading', run };
