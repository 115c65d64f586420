/**
 * The render thread's side of the run worker: one worker thread kept across runs (its module graph, world and
 * index caches stay warm), one job at a time, events as callbacks. Cancelling returns at once: the worker is told
 * to abort and is terminated if it has not stopped within `graceMs` (the next job then starts a fresh one).
 * A crashed worker fails the job with an error instead of leaving the caller waiting.
 */
import type { Worker } from 'node:worker_threads';
import { RunCancelledError, UsageError } from '../../core/errors.js';
import { spawnModuleWorker } from '../../data/module-worker.js';
import type { MeasuredScenario } from '../../scenario/drill/measure-format.js';
import type { ParamValue, RunEvent, RunResult, Scale, Scenario } from '../../scenario/types.js';
import { isFinal, type FromWorker, type RunJob, type ToWorker } from './protocol.js';

export interface RunWorkerClientOptions {
  /** how the worker is started (tests start a failing one); default: run-worker beside this module */
  spawn?: () => Worker;
  /** how long a cancelled job may take to stop before its worker is terminated (default 1,000 ms) */
  graceMs?: number;
}

interface Job {
  id: number;
  worker: Worker;
  onMessage(m: FromWorker): void;
  /** the worker died under the job (or was terminated) */
  onCrash(err: Error): void;
  /** resolves when the job has sent its last message or its worker is gone */
  ended: Promise<void>;
}

export const DEFAULT_GRACE_MS = 1000;

export class RunWorkerClient {
  private worker?: Worker;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  /** a cancelled job still stopping: the next job waits for it (at most the grace period) */
  private stopping: Promise<void> = Promise.resolve();
  private readonly spawn: () => Worker;
  private readonly graceMs: number;

  constructor(options: RunWorkerClientOptions = {}) {
    this.spawn = options.spawn ?? (() => spawnModuleWorker('run-worker', import.meta.url));
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  }

  runScenario(
    scenario: Scenario,
    o: { params: Record<string, ParamValue>; scale: Scale; seed: number; seeds?: number; signal: AbortSignal; onEvent: (e: RunEvent) => void },
  ): Promise<RunResult> {
    const job: RunJob = { kind: 'run', scenario, params: o.params, scale: o.scale, seed: o.seed, seeds: o.seeds ?? 1 };
    return this.start(job, o.signal, (m, resolve) => {
      if (m.type === 'event') o.onEvent(m.event);
      else if (m.type === 'result') {
        o.onEvent({ type: 'done', result: m.result });
        resolve(m.result);
      }
    });
  }

  measureLesson(
    lesson: string,
    named: string[],
    o: { scale: Scale; signal: AbortSignal; onEvent: (e: RunEvent) => void; onScenario: (id: string, index: number, total: number) => void },
  ): Promise<MeasuredScenario[]> {
    return this.start({ kind: 'measure', lesson, named, scale: o.scale }, o.signal, (m, resolve) => {
      if (m.type === 'event') o.onEvent(m.event);
      else if (m.type === 'scenario') o.onScenario(m.scenario, m.index, m.total);
      else if (m.type === 'measured') resolve(m.measured);
    });
  }

  /** Resolves once no job is running or stopping (a cancelled job has stopped, or its worker was terminated). */
  async idle(): Promise<void> {
    await this.stopping;
    await Promise.all([...this.jobs.values()].map((job) => job.ended));
  }

  /** Stop the worker (quitting the app): a job still running is cancelled. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    for (const job of [...this.jobs.values()]) job.onCrash(new RunCancelledError());
    if (w) await w.terminate();
  }

  private async start<T>(job: RunJob, signal: AbortSignal, handle: (m: FromWorker, resolve: (v: T) => void) => void): Promise<T> {
    if (signal.aborted) throw new RunCancelledError();
    await this.stopping;
    if (signal.aborted) throw new RunCancelledError();
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        fn();
      };
      let ended = (): void => {};
      const finished = (): void => {
        this.jobs.delete(id);
        if (this.jobs.size === 0) this.worker?.unref();
        ended();
      };
      this.jobs.set(id, {
        id,
        worker,
        ended: new Promise<void>((r) => { ended = r; }),
        onMessage: (m) => {
          if (m.type === 'failed') settle(() => reject(m.usage ? new UsageError(m.message) : new Error(m.message)));
          else if (m.type === 'cancelled') settle(() => reject(new RunCancelledError()));
          else if (!settled) handle(m, (v) => settle(() => resolve(v)));
          if (isFinal(m)) finished();
        },
        onCrash: (err) => {
          finished();
          settle(() => reject(err));
        },
      });
      // the caller hears "cancelled" now; the worker gets the grace period to stop, then it is terminated
      const onAbort = (): void => {
        settle(() => reject(new RunCancelledError()));
        if (!this.jobs.has(id)) return;
        worker.postMessage({ type: 'abort', id } satisfies ToWorker);
        this.stopping = this.waitOrTerminate(id, worker);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      worker.ref(); // a job in flight keeps the process alive; an idle worker does not
      worker.postMessage({ type: 'start', id, job } satisfies ToWorker);
    });
  }

  /** Resolves when job `id` has sent its last message, or after the grace period with its worker terminated. */
  private waitOrTerminate(id: number, worker: Worker): Promise<void> {
    const job = this.jobs.get(id);
    if (!job) return Promise.resolve();
    const timer = setTimeout(() => {
      if (this.worker === worker) this.worker = undefined;
      job.onCrash(new RunCancelledError());
      void worker.terminate();
    }, this.graceMs);
    return job.ended.then(() => clearTimeout(timer));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = this.spawn();
    this.worker = w;
    const crash = (err: Error): void => {
      if (this.worker === w) this.worker = undefined;
      for (const job of [...this.jobs.values()]) if (job.worker === w) job.onCrash(err);
    };
    w.on('message', (m: FromWorker) => this.jobs.get(m.id)?.onMessage(m));
    w.on('error', (err) => crash(new Error(`the run worker crashed: ${err instanceof Error ? err.message : String(err)}`)));
    w.on('messageerror', (err) => crash(new Error(`the run worker sent a message that could not be read: ${err.message}`)));
    w.on('exit', (code) => crash(new Error(`the run worker stopped (exit code ${code})`)));
    w.unref();
    return w;
  }
}
