/**
 * Parallel simulation of the world's history on worker threads. Blocks are handed out on demand and
 * collected by block index, and every block has its own seed (interactions.ts), so the result is
 * byte-identical to the sequential path whatever the thread count or scheduling.
 * The read-only inputs (sim-space.ts) live in SharedArrayBuffers that all workers read.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { RunCancelledError } from '../core/errors.js';
import { BLOCK_USERS, type BlockResult } from './interactions.js';
import type { SimSpace } from './sim-space.js';
import type { WorldConfig } from './world-types.js';

export interface WorkerTask { block: number; uLo: number; uHi: number; seed: number }

/** Threads to use by default: 1 for small jobs (a worker costs ~0.5 s to start), else the cores (≤ 4). */
export function defaultThreads(config: WorldConfig): number {
  if (config.numUsers * config.days < 500_000) return 1;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores));
}

/** The worker entry: the .ts file through tsx's loader when running from source, the .js file when built. */
function spawn(init: SimSpace): Worker {
  const entry = new URL(`./simulate-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  if (entry.pathname.endsWith('.js')) return new Worker(entry, { workerData: init });
  const tsx = import.meta.resolve('tsx/esm/api');
  const src = `(async () => { const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry.href)}); })()`;
  return new Worker(src, { eval: true, workerData: init });
}

export interface ParallelOptions {
  threads: number;
  signal?: AbortSignal;
  onProgress?: (stage: string, fraction: number) => void;
}

/**
 * Simulate all blocks on `threads` workers. Resolves with the blocks in block order; rejects with
 * RunCancelledError on abort (workers are terminated), or with the first worker error.
 */
export function simulateParallel(init: SimSpace, seeds: Uint32Array, options: ParallelOptions): Promise<BlockResult[]> {
  const config = init.config;
  const results: (BlockResult | undefined)[] = new Array(seeds.length);
  const workers: Worker[] = [];
  let next = 0;
  let done = 0;
  return new Promise<BlockResult[]>((resolve, reject) => {
    let settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve(results as BlockResult[]);
    };
    const onAbort = (): void => finish(new RunCancelledError('world generation cancelled'));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort);
    const feed = (w: Worker): void => {
      if (next >= seeds.length) return;
      const b = next++;
      const task: WorkerTask = { block: b, uLo: b * BLOCK_USERS, uHi: Math.min(config.numUsers, (b + 1) * BLOCK_USERS), seed: seeds[b] };
      w.postMessage(task);
    };
    const threads = Math.max(1, Math.min(options.threads, seeds.length));
    for (let t = 0; t < threads; t++) {
      const w = spawn(init);
      workers.push(w);
      w.on('message', (m: { ready?: boolean; block?: number; result?: BlockResult }) => {
        if (m.ready) return feed(w);
        results[m.block as number] = m.result;
        done++;
        options.onProgress?.('interactions', (0.9 * done) / seeds.length);
        if (done === seeds.length) finish();
        else feed(w);
      });
      w.on('error', (err) => finish(err));
      w.on('exit', (code) => { if (!settled && code !== 0) finish(new Error(`world simulation worker exited with code ${code}`)); });
    }
  });
}
