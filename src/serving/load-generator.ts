/**
 * In-process load generator: a bounded number of requests over a user sample, closed loop with
 * `concurrency` clients (each sends its next request when the previous one returns). Reports throughput
 * and latency percentiles end to end and per stage, and how much of the end-to-end time the stage
 * timers do not account for. Simulated time advances by `interArrivalMs` per request so cache TTLs
 * behave as under that request rate, reproducibly.
 */
import { UsageError, throwIfAborted } from '../core/errors.js';
import { summariseLatency, type LatencySummary } from '../core/stats.js';

export interface TimedResult {
  totalMs: number;
  stages: Record<string, number>;
  path?: string;
  encoderCacheHit?: boolean;
}

export interface LoadOptions {
  /** the request under test; may be sync or async */
  send(userId: number, requestIndex: number): TimedResult | Promise<TimedResult>;
  /** users to draw requests from, in order (repeat the array to model returning users) */
  users: ArrayLike<number>;
  requests: number;
  concurrency?: number;
  /** untimed requests first, to warm JIT and caches (default min(50, requests / 10)) */
  warmup?: number;
  /** advance the simulated clock by this much per request (see SimClock) */
  clock?: SimClock;
  interArrivalMs?: number;
  signal?: AbortSignal;
  /** called every 64 requests so a long run can yield to the event loop */
  onProgress?: (done: number) => Promise<void> | void;
}

export interface LoadReport {
  requests: number;
  wallMs: number;
  throughputRps: number;
  endToEnd: LatencySummary;
  stages: Record<string, LatencySummary>;
  /** mean of (end-to-end − Σ stages) / end-to-end, in percent */
  unaccountedPct: number;
  /**
   * CPU time (user + system, whole process) per request, with one client only: the work the request itself
   * did, without the time it spent waiting for a core. null with concurrency > 1 (requests overlap).
   */
  cpu: LatencySummary | null;
  /** share of requests per path (full / cheap / batch) */
  paths: Record<string, number>;
  encoderCacheHitRate: number;
}

/** A settable clock in ms for TTL caches under simulated load. */
export class SimClock {
  t = 0;
  now = (): number => this.t;
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { users, requests } = options;
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(requests) || requests < 1) throw new UsageError(`runLoad: requests must be an integer ≥ 1, got ${requests}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`runLoad: concurrency must be an integer ≥ 1, got ${concurrency}`);
  if (users.length === 0) throw new UsageError('runLoad: users must not be empty');
  const warmup = options.warmup ?? Math.min(50, Math.floor(requests / 10));
  for (let w = 0; w < warmup; w++) await options.send(users[w % users.length], -1 - w);
  const totals = new Float64Array(requests);
  const cpu = new Float64Array(requests);
  const stageSamples = new Map<string, Float64Array>();
  let unaccounted = 0;
  let hits = 0;
  const paths: Record<string, number> = {};
  let next = 0;
  const start = performance.now();
  async function client(): Promise<void> {
    for (;;) {
      const r = next++;
      if (r >= requests) return;
      if (options.clock) options.clock.t += options.interArrivalMs ?? 0;
      const c0 = process.cpuUsage();
      const res = await options.send(users[r % users.length], r);
      const c1 = process.cpuUsage(c0);
      cpu[r] = (c1.user + c1.system) / 1000;
      totals[r] = res.totalMs;
      let sum = 0;
      for (const [name, v] of Object.entries(res.stages)) {
        let arr = stageSamples.get(name);
        if (!arr) stageSamples.set(name, (arr = new Float64Array(requests)));
        arr[r] = v;
        sum += v;
      }
      unaccounted += res.totalMs > 0 ? (res.totalMs - sum) / res.totalMs : 0;
      if (res.encoderCacheHit) hits++;
      if (res.path) paths[res.path] = (paths[res.path] ?? 0) + 1 / requests;
      if (r % 64 === 63) {
        throwIfAborted(options.signal);
        await options.onProgress?.(r + 1);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  const wallMs = performance.now() - start;
  const stages: Record<string, LatencySummary> = {};
  for (const [name, arr] of stageSamples) stages[name] = summariseLatency(arr);
  return {
    requests,
    wallMs,
    throughputRps: (requests / wallMs) * 1000,
    endToEnd: summariseLatency(totals),
    stages,
    unaccountedPct: (100 * unaccounted) / requests,
    cpu: concurrency === 1 ? summariseLatency(cpu) : null,
    paths,
    encoderCacheHitRate: hits / requests,
  };
}

/**
 * The machine's own tail: time a fixed, allocation-free busy loop of about `workMs` many times and
 * summarise. On an idle machine p99 ≈ p50; when other processes compete for the cores, p99 grows by
 * the scheduler's time slices — a tail no pipeline change can remove, reported beside the pipeline's.
 */
export function measureNoiseFloor(samples = 300, workMs = 0.5): LatencySummary {
  // let the JIT compile the loop first, or the calibration measures the interpreter
  for (let w = 0; w < 20; w++) spin(100_000);
  let iters = 1000;
  for (;;) {
    const t = process.hrtime.bigint();
    spin(iters);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (ms >= workMs / 4 || iters > 1e9) {
      iters = Math.max(1, Math.round((iters * workMs) / Math.max(ms, 1e-6)));
      break;
    }
    iters *= 4;
  }
  const out = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    const t = process.hrtime.bigint();
    spin(iters);
    out[s] = Number(process.hrtime.bigint() - t) / 1e6;
  }
  return summariseLatency(out);
}

let sink = 0;
function spin(iters: number): void {
  let x = sink;
  for (let i = 0; i < iters; i++) x = (x * 1664525 + 1013904223) % 4294967296;
  sink = x;
}
