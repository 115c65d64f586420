/**
 * Parallel simulation of the world's history on worker threads. Blocks are handed out on demand and
 * collected by block index, and every block has its own seed (interactions.ts), so the result is
 * byte-identical to the sequential path whatever the thread count or scheduling.
 * The read-only inputs (sim-space.ts) live in SharedArrayBuffers that all workers read.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { RunCancelledError } from '../core/errors.js';
import { spawnModuleWorker } from './module-worker.js';
import { BLOCK_USERS, type BlockResult } from './interactions.js';
import type { SimSpace } from './sim-space.js';
import type { WorldConfig } from './world-types.js';

export interface WorkerTask { block: number; uLo: number; uHi: number; seed: number }

/**
 * Threads to use by default: the cores (≤ 4), or 1 below 500k user-days (`tiny`), where starting a
 * worker (it loads the module graph, ~1 s CPU from TypeScript sources) costs more than it saves.
 * Measured at `small` (bench/world.bench.ts): 2 workers 2.09 s vs 1 thread 2.86 s on a quiet-ish
 * machine, but 7.6 s vs 5.1 s when the 2 cores were shared with ~7 other busy processes.
 */
export function defaultThreads(config: WorldConfig): number {
  if (config.numUsers * config.days < 500_000) return 1;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores));
}

/** The worker entry beside this module (.js when built, .ts through tsx from the sources). */
const spawn = (): Worker => spawnModuleWorker('simulate-worker', import.meta.url);

export interface ParallelOptions {
  signal?: AbortSignal;
  onProgress?: (stage: string, fraction: number) => void;
}

/**
 * Worker threads for the simulation, started early (generateWorldAsync starts them before it
 * generates items) so their start-up — loading the module graph — overlaps the main thread's work.
 */
export class SimulationPool {
  private readonly workers: Worker[] = [];
  private early: unknown = null;

  constructor(threads: number) {
    for (let t = 0; t < threads; t++) {
      const w = spawn();
      w.on('error', (err) => { this.early ??= err; });
      this.workers.push(w);
    }
  }

  /**
   * Simulate all blocks. Resolves with the blocks in block order; rejects with RunCancelledError on
   * abort (workers are terminated), or with the first worker error. One run per pool.
   */
  run(space: SimSpace, seeds: Uint32Array, options: ParallelOptions): Promise<BlockResult[]> {
    const config = space.config;
    const results: (BlockResult | undefined)[] = new Array(seeds.length);
    let next = 0;
    let done = 0;
    return new Promise<BlockResult[]>((resolve, reject) => {
      let settled = false;
      const finish = (err?: unknown): void => {
        if (settled) return;
        settled = true;
        options.signal?.removeEventListener('abort', onAbort);
        this.close();
        if (err) reject(err);
        else resolve(results as BlockResult[]);
      };
      const onAbort = (): void => finish(new RunCancelledError('world generation cancelled'));
      if (this.early) return finish(this.early);
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort);
      if (seeds.length === 0) return finish();
      const feed = (w: Worker): void => {
        if (next >= seeds.length) return;
        const b = next++;
        const task: WorkerTask = { block: b, uLo: b * BLOCK_USERS, uHi: Math.min(config.numUsers, (b + 1) * BLOCK_USERS), seed: seeds[b] };
        w.postMessage(task);
      };
      for (const w of this.workers) {
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
        // SharedArrayBuffer-backed arrays are shared, not copied, by postMessage
        w.postMessage({ init: space });
      }
    });
  }

  close(): void {
    for (const w of this.workers) void w.terminate();
  }
}
