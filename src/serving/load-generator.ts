/**
 * In-process load generator: a bounded number of requests over a user sample, in one of two modes.
 *
 * - closed loop (default): `concurrency` clients, each sending its next request when the previous one returns.
 *   A stall delays the client too, so the requests that would have arrived during it are never sent: the stall
 *   shows as one slow sample (coordinated omission). Right for "how long does one request take".
 * - open loop: requests arrive on a seeded schedule at `rate` per second (Poisson or fixed gaps) whatever the
 *   system is doing, and each one's latency runs from its scheduled arrival to its answer, so the time spent
 *   queued behind a stall is charged to every request that arrived during it. Right for "what do users see at
 *   this traffic" (Tene, "How NOT to measure latency"; wrk2).
 *
 * Latency summaries come from the core `summariseLatency` (percentiles with order-statistic intervals) and every
 * per-request sample is returned for bootstrap replicates. Warm-up follows the measurement protocol: a stated
 * number of untimed requests, or the protocol's own rule (until the per-request time stops moving). Simulated
 * time (SimClock) follows the arrivals, so cache TTLs behave as under that request rate, reproducibly.
 */
import { UsageError, throwIfAborted } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { TimedSamples } from '../core/resample.js';
import { summariseLatency, type LatencySummary } from '../core/stats.js';
import { currentNoiseMonitor, measure, type WarmupOptions } from '../measure/index.js';

export interface TimedResult {
  totalMs: number;
  stages: Record<string, number>;
  path?: string;
  encoderCacheHit?: boolean;
}

export type LoadMode = 'closed' | 'open';
export type ArrivalProcess = 'poisson' | 'fixed';

export interface LoadOptions {
  /** the request under test; may be sync or async. Warm-up requests get negative indices (−1, −2, …). */
  send(userId: number, requestIndex: number): TimedResult | Promise<TimedResult>;
  /** users to draw requests from, in order (repeat the array to model returning users) */
  users: ArrayLike<number>;
  requests: number;
  /** closed (default) or open loop — see the module comment */
  mode?: LoadMode;
  /** closed loop: clients sending at once (default 1) */
  concurrency?: number;
  /** open loop: target arrival rate, requests per second of wall time */
  rate?: number;
  /** open loop: exponential gaps drawn from `rng` (default) or a fixed 1000 / rate ms */
  arrivals?: ArrivalProcess;
  /** open loop with Poisson arrivals: the seeded stream the gaps come from */
  rng?: Rng;
  /**
   * Untimed requests first, to warm JIT tiers and caches: a stated count (default min(50, requests / 10)), or the
   * protocol's rule (warm until the median of a window of requests stops moving; see src/measure).
   */
  warmup?: number | WarmupOptions;
  /** simulated time for TTL caches: advanced by `interArrivalMs` per request (closed), set to each arrival (open) */
  clock?: SimClock;
  interArrivalMs?: number;
  signal?: AbortSignal;
  /** called every 64 requests so a long run can yield to the event loop */
  onProgress?: (done: number) => Promise<void> | void;
  /** wall clock in ms (default performance.now) and a wait on it: tests drive the open loop with simulated time */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface LoadSamples {
  /**
   * per request, in request order: what `endToEnd` summarises. For requests that did not overlap, a TimedSamples
   * whose `.quiet` holds the requests whose stretch of work kept its core (pass it to ctx.bootstrap.quantile as is)
   */
  endToEnd: Float64Array;
  /** per request: its own timer (`totalMs`) */
  service: Float64Array;
  stages: Record<string, Float64Array>;
  /** process CPU time per request (null when requests overlapped) */
  cpu: Float64Array | null;
  /** open loop: time from scheduled arrival to the start of service */
  queue: Float64Array | null;
}

export interface LoadReport {
  mode: LoadMode;
  requests: number;
  /** untimed requests sent first */
  warmup: number;
  wallMs: number;
  throughputRps: number;
  /**
   * closed loop: each request's own timer (`totalMs`); open loop: scheduled arrival → answer, so it includes the
   * time queued behind earlier requests
   */
  endToEnd: LatencySummary;
  /** each request's own timer (`totalMs`), in both modes */
  service: LatencySummary;
  /** open loop only: scheduled arrival → start of service */
  queue: LatencySummary | null;
  stages: Record<string, LatencySummary>;
  /** mean of (totalMs − Σ stages) / totalMs, in percent */
  unaccountedPct: number;
  /**
   * CPU time (user + system, whole process) per request when requests did not overlap: the work the request
   * itself did, without the time it spent waiting for a core. null when they overlapped.
   */
  cpu: LatencySummary | null;
  /** share of requests per path (full / cheap / batch) */
  paths: Record<string, number>;
  encoderCacheHitRate: number;
  samples: LoadSamples;
}

// As in src/measure: a stretch of requests spans at least BLOCK_MS of wall time, and it kept its core when the
// process CPU time over it was at least KEPT_CORE_SHARE of its wall time (else it waited: another process, a slice).
const BLOCK_MS = 1;
const KEPT_CORE_SHARE = 0.9;

/** Per request: whether the stretch of consecutive requests it belongs to kept its core. */
export function keptCore(cpuMs: ArrayLike<number>, wallMs: ArrayLike<number>): boolean[] {
  const out = new Array<boolean>(wallMs.length).fill(true);
  let first = 0;
  let cpu = 0;
  let wall = 0;
  for (let r = 0; r < wallMs.length; r++) {
    cpu += cpuMs[r];
    wall += wallMs[r];
    if (wall >= BLOCK_MS || r === wallMs.length - 1) {
      const ok = wall <= 0 || cpu / wall >= KEPT_CORE_SHARE;
      for (let j = first; j <= r; j++) out[j] = ok;
      first = r + 1;
      cpu = 0;
      wall = 0;
    }
  }
  return out;
}

/** A settable clock in ms for TTL caches under simulated load. */
export class SimClock {
  t = 0;
  now = (): number => this.t;
}

/** Arrival offsets in ms from the start: fixed gaps of 1000 / rate, or exponential gaps (a Poisson process). */
export function arrivalSchedule(requests: number, rate: number, arrivals: ArrivalProcess, rng?: Rng): Float64Array {
  if (!(rate > 0 && Number.isFinite(rate))) throw new UsageError(`runLoad: rate must be a positive number of requests per second, got ${rate}`);
  if (arrivals !== 'poisson' && arrivals !== 'fixed') throw new UsageError(`runLoad: arrivals must be poisson or fixed, got ${String(arrivals)}`);
  if (arrivals === 'poisson' && !rng) throw new UsageError('runLoad: Poisson arrivals need a seeded rng');
  const out = new Float64Array(requests);
  let t = 0;
  for (let r = 0; r < requests; r++) {
    out[r] = t;
    t += arrivals === 'fixed' ? 1000 / rate : rng!.exponential(rate / 1000);
  }
  return out;
}

/** Wait until `ms` from now on the real clock: a timer for most of it, then event-loop turns (timers wake late). */
async function realSleep(ms: number): Promise<void> {
  const due = performance.now() + ms;
  if (ms > 2) await new Promise((r) => setTimeout(r, ms - 1.5));
  while (performance.now() < due) await new Promise((r) => setImmediate(r));
}

const isThenable = <T>(v: T | Promise<T>): v is Promise<T> => typeof (v as { then?: unknown })?.then === 'function';

async function warmUp(o: LoadOptions, requests: number): Promise<number> {
  const send = (i: number) => o.send(o.users[i % o.users.length], -1 - i);
  if (typeof o.warmup === 'object') {
    // the protocol's rule; its one timed call at the end is a warm-up request too
    const m = await measure(send, { label: 'load test warm-up', warmup: o.warmup, minSamples: 1, maxSamples: 1, trials: 1, budgetMs: 0, signal: o.signal });
    return m.warmupCalls + m.samples.length;
  }
  const count = o.warmup ?? Math.min(50, Math.floor(requests / 10));
  if (!Number.isInteger(count) || count < 0) throw new UsageError(`runLoad: warmup must be an integer ≥ 0 or warm-up options, got ${count}`);
  for (let w = 0; w < count; w++) {
    await send(w);
    if (w % 64 === 63) throwIfAborted(o.signal);
  }
  return count;
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { users, requests } = options;
  const mode = options.mode ?? 'closed';
  const concurrency = options.concurrency ?? 1;
  if (mode !== 'closed' && mode !== 'open') throw new UsageError(`runLoad: mode must be closed or open, got ${String(mode)}`);
  if (!Number.isInteger(requests) || requests < 1) throw new UsageError(`runLoad: requests must be an integer ≥ 1, got ${requests}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`runLoad: concurrency must be an integer ≥ 1, got ${concurrency}`);
  if (users.length === 0) throw new UsageError('runLoad: users must not be empty');
  const schedule = mode === 'open' ? arrivalSchedule(requests, options.rate ?? NaN, options.arrivals ?? 'poisson', options.rng) : null;
  const now = options.now ?? (() => performance.now());
  const warmup = await warmUp(options, requests);

  const totals = new Float64Array(requests);
  const e2e = mode === 'open' ? new Float64Array(requests) : totals;
  const queue = mode === 'open' ? new Float64Array(requests) : null;
  const cpu = new Float64Array(requests);
  let overlapped = mode === 'closed' && concurrency > 1;
  const stageSamples = new Map<string, Float64Array>();
  let unaccounted = 0;
  let hits = 0;
  const paths: Record<string, number> = {};

  const record = (r: number, res: TimedResult): void => {
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
  };
  const progress = async (r: number): Promise<void> => {
    if (r % 64 !== 63) return;
    throwIfAborted(options.signal);
    await options.onProgress?.(r + 1);
  };

  const start = now();
  if (schedule) {
    const sleep = options.sleep ?? realSleep;
    const inflight = new Set<Promise<void>>();
    let failure: { error: unknown } | null = null;
    for (let r = 0; r < requests; r++) {
      const due = start + schedule[r];
      while (now() < due) await sleep(due - now());
      if (options.clock) options.clock.t = schedule[r];
      queue![r] = now() - due;
      const c0 = process.cpuUsage();
      const res = options.send(users[r % users.length], r);
      if (isThenable(res)) {
        overlapped = true;
        const p: Promise<void> = res
          .then((v) => {
            e2e[r] = now() - due;
            record(r, v);
          })
          .catch((e: unknown) => {
            failure ??= { error: e };
          })
          .finally(() => inflight.delete(p));
        inflight.add(p);
      } else {
        e2e[r] = now() - due;
        const c1 = process.cpuUsage(c0);
        cpu[r] = (c1.user + c1.system) / 1000;
        record(r, res);
      }
      if (failure) break;
      await progress(r);
    }
    await Promise.all(inflight);
    if (failure) throw (failure as { error: unknown }).error;
  } else {
    let next = 0;
    const client = async (): Promise<void> => {
      for (;;) {
        const r = next++;
        if (r >= requests) return;
        if (options.clock) options.clock.t += options.interArrivalMs ?? 0;
        const c0 = process.cpuUsage();
        const res = await options.send(users[r % users.length], r);
        const c1 = process.cpuUsage(c0);
        cpu[r] = (c1.user + c1.system) / 1000;
        record(r, res);
        await progress(r);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, client));
  }
  const wallMs = now() - start;
  const stages: Record<string, LatencySummary> = {};
  for (const [name, arr] of stageSamples) stages[name] = summariseLatency(arr);
  // the busy-machine twin (as the protocol keeps it): requests whose stretch of work kept its core. Only for requests
  // that did not overlap, timed on the real clock (a simulated `now` says nothing about the CPU)
  const kept = overlapped || options.now ? null : keptCore(cpu, totals);
  if (kept) currentNoiseMonitor()?.record(`load test (${mode} loop)`, cpu.reduce((a, b) => a + b, 0), totals.reduce((a, b) => a + b, 0), kept.filter((k) => !k).length, kept.length);
  const timed = (xs: Float64Array): Float64Array => (kept ? new TimedSamples(xs, xs.filter((_, r) => kept[r])) : xs);
  return {
    mode,
    requests,
    warmup,
    wallMs,
    throughputRps: wallMs > 0 ? (requests / wallMs) * 1000 : Infinity,
    endToEnd: { ...summariseLatency(e2e), warmup },
    service: summariseLatency(totals),
    queue: queue ? summariseLatency(queue) : null,
    stages,
    unaccountedPct: (100 * unaccounted) / requests,
    cpu: overlapped ? null : summariseLatency(cpu),
    paths,
    encoderCacheHitRate: hits / requests,
    samples: {
      endToEnd: timed(e2e),
      service: timed(totals),
      stages: Object.fromEntries([...stageSamples].map(([name, xs]) => [name, timed(xs)])),
      cpu: overlapped ? null : cpu,
      queue,
    },
  };
}
