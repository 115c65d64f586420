/**
 * Build an HNSW index in parallel shards: hnswlib inserts one point per synchronous call on the calling
 * thread (on either engine), so the only way to use a second core is another thread with its own index. Each worker (hnsw-worker.ts,
 * mode 'build') builds one shard over a contiguous slice of the vectors and writes it to a temp file (a native index
 * cannot be moved between threads), and the main thread reads the shards back into one HnswIndex that searches
 * all shards and merges.
 *
 * Trade-off (measured in bench/ann.bench.ts and the scaling lesson): S shards build ~S× faster on S cores,
 * but every query visits S graphs, so query cost rises (less than S×: each graph is smaller).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { RunCancelledError, UsageError } from '../core/errors.js';
import { resolveAnnOptions } from './ann-options.js';
import type { AnnProgress, HnswIndexOptions } from './ann-types.js';
import { HnswIndex, readShard } from './hnsw.js';
import { hnswEngine, type HnswEngineChoice } from './hnsw-graph.js';
import { sharedCopy, startHnswWorker } from './hnsw-worker.js';
import { shardBounds } from './shards.js';

export interface ParallelBuildOptions {
  shards: number;
  onProgress?: AnnProgress;
  signal?: AbortSignal;
  /** 'auto' (default): our addon's kernel when it loads, else hnswlib-node; every shard runs on the same one */
  engine?: HnswEngineChoice;
}

/**
 * Build an HNSW index over `vectors` (rows × dim) in `shards` worker threads. Ids default to the row number.
 * Throws UsageError for a bad shard count; RunCancelledError (after terminating the workers) on abort.
 */
export async function buildHnswParallel(
  options: Omit<HnswIndexOptions, 'kind'>,
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
  const engine = hnswEngine(build.engine).engine;
  const dir = mkdtempSync(join(tmpdir(), 'recsys-lab-hnsw-'));
  const workers: Worker[] = [];
  try {
    const done = new Array<number>(build.shards).fill(0);
    const report = (): void => build.onProgress?.(done.reduce((a, b) => a + b, 0) / rows);
    const shared = sharedCopy(vectors);
    const sharedIds = ids ? sharedCopy(ids) : null;
    const jobs = shardBounds(rows, build.shards).map(([start, end], s) => {
      const file = join(dir, `shard-${s}.hnsw`);
      // each shard gets its own level seed so the shards' random levels are independent
      const worker = startHnswWorker({
        mode: 'build', vectors: shared, ids: sharedIds, dim: opts.dim, metric: opts.metric, start, end,
        M: opts.M, efConstruction: opts.efConstruction, seed: opts.seed + s, file, engine,
      });
      workers.push(worker);
      return runWorker(worker, (n) => { done[s] = n; report(); }, build.signal).then(() => ({ file, count: end - start }));
    });
    const built = await Promise.all(jobs);
    const shards = built.map((b) => ({ index: readShard(b.file, opts, engine), count: b.count }));
    return new HnswIndex(opts, shards);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    rmSync(dir, { recursive: true, force: true });
  }
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
