/**
 * Build an HNSW index in parallel shards: hnswlib-node inserts one point per synchronous call on the main
 * thread, so the only way to use a second core is another thread with its own index. Each worker_thread
 * builds one shard over a contiguous slice of the vectors, writes it to a temp file (a native index cannot
 * be moved between threads), and the main thread reads the shards back into one HnswIndex that searches
 * all shards and merges.
 *
 * Trade-off (measured in bench/ann.bench.ts and the scaling lesson): S shards build ~S× faster on S cores,
 * but every query visits S graphs, so query cost rises (less than S×: each graph is smaller).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RunCancelledError, UsageError } from '../core/errors.js';
import { resolveAnnOptions } from './ann-options.js';
import type { AnnIndexOptions, AnnProgress } from './ann-types.js';
import { HnswIndex, readShard } from './hnsw.js';
import { hnswlibPath } from './hnswlib-binding.js';

// Plain JS so it runs the same under tsx, vitest and the compiled dist/ (an eval worker needs no loader).
const WORKER_SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const { HierarchicalNSW } = require(w.addon);
const vectors = new Float32Array(w.vectors);
const ids = new Int32Array(w.ids);
const rows = ids.length;
const index = new HierarchicalNSW(w.metric, w.dim);
index.initIndex(rows, w.M, w.efConstruction, w.seed);
const row = new Array(w.dim).fill(0);
const every = Math.max(1, Math.floor(rows / 200));
for (let r = 0; r < rows; r++) {
  const o = r * w.dim;
  for (let d = 0; d < w.dim; d++) row[d] = vectors[o + d];
  index.addPoint(row, ids[r]);
  if ((r + 1) % every === 0) parentPort.postMessage({ type: 'progress', done: r + 1 });
}
index.writeIndexSync(w.file);
parentPort.postMessage({ type: 'done', rows });
`;

export interface ParallelBuildOptions {
  shards: number;
  onProgress?: AnnProgress;
  signal?: AbortSignal;
}

/**
 * Build an HNSW index over `vectors` (rows × dim) in `shards` worker threads. Ids default to the row number.
 * Throws UsageError for a bad shard count; RunCancelledError (after terminating the workers) on abort.
 */
export async function buildHnswParallel(
  options: Omit<AnnIndexOptions, 'kind'>,
  vectors: Float32Array,
  build: ParallelBuildOptions,
  ids?: Int32Array,
): Promise<HnswIndex> {
  const opts = resolveAnnOptions({ ...options, kind: 'hnsw' });
  const rows = vectors.length / opts.dim;
  if (!Number.isInteger(rows) || rows > opts.maxElements) {
    throw new UsageError(`buildHnswParallel: ${vectors.length} floats is not ≤ maxElements (${opts.maxElements}) rows of dim ${opts.dim}`);
  }
  if (!Number.isInteger(build.shards) || build.shards < 1 || build.shards > Math.max(1, rows)) {
    throw new UsageError(`buildHnswParallel: shards must be an integer in [1, ${rows}], got ${build.shards}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'recsys-lab-hnsw-'));
  const workers: Worker[] = [];
  try {
    const done = new Array<number>(build.shards).fill(0);
    const report = (): void => build.onProgress?.(done.reduce((a, b) => a + b, 0) / rows);
    const jobs = sliceRows(rows, build.shards).map(([from, to], s) => {
      const slice = new Float32Array(vectors.subarray(from * opts.dim, to * opts.dim)); // copy → transferable
      const shardIds = new Int32Array(to - from);
      for (let r = from; r < to; r++) shardIds[r - from] = ids ? ids[r] : r;
      const file = join(dir, `shard-${s}.hnsw`);
      // each shard gets its own level seed so the shards' random levels are independent
      const data = { addon: hnswlibPath(), vectors: slice.buffer, ids: shardIds.buffer, dim: opts.dim, metric: opts.metric, M: opts.M, efConstruction: opts.efConstruction, seed: opts.seed + s, file };
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data, transferList: [slice.buffer, shardIds.buffer] });
      workers.push(worker);
      return runWorker(worker, (n) => { done[s] = n; report(); }, build.signal).then(() => ({ file, count: to - from }));
    });
    const built = await Promise.all(jobs);
    const shards = built.map((b) => ({ index: readShard(b.file, opts), count: b.count }));
    return new HnswIndex(opts, shards);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    rmSync(dir, { recursive: true, force: true });
  }
}

function sliceRows(rows: number, shards: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < shards; s++) out.push([Math.floor((s * rows) / shards), Math.floor(((s + 1) * rows) / shards)]);
  return out;
}

function runWorker(worker: Worker, onDone: (n: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = (): void => {
      void worker.terminate();
      reject(new RunCancelledError('HNSW build cancelled'));
    };
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (m: { type: string; done?: number; rows?: number }) => {
      if (m.type === 'progress') onDone(m.done ?? 0);
      else if (m.type === 'done') {
        onDone(m.rows ?? 0);
        signal?.removeEventListener('abort', abort);
        resolve();
      }
    });
    worker.on('error', (err) => {
      signal?.removeEventListener('abort', abort);
      reject(err);
    });
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`HNSW shard worker exited with code ${code}`));
    });
  });
}
