/**
 * The one measurement protocol behind every timed figure (experiments and `npm run bench`):
 * 1. warm up until the per-call time stops moving (V8 compiles hot code in tiers: the first calls of a
 *    fresh function can be 5–10× slower than its steady state), or a stated number of calls;
 * 2. take enough samples for the quantile reported (a p99 needs ≥ 100; fewer and the maximum is reported);
 * 3. split them into trials, and interleave variants that are compared (A B B A …, never all A then all B),
 *    so a slow minute of the machine hits every variant alike;
 * 4. keep every sample: percentiles get order-statistic intervals, and claims are judged on resamples.
 * CPU time against wall time of each loop goes to the run's noise monitor.
 */
import { TimedSamples } from '../core/resample.js';
import { summariseLatency, TAIL_MIN_SAMPLES, type LatencySummary } from '../core/stats.js';
import { throwIfAborted } from '../core/errors.js';
import { limited } from './limits.js';
import { currentNoiseMonitor, threadWaitMs } from './noise.js';

export type Timed = (i: number) => unknown;

export interface WarmupOptions {
  /** calls before stability is judged (default 20) */
  minCalls?: number;
  /** hard cap on warm-up calls (default 2,000) */
  maxCalls?: number;
  /** hard cap on warm-up time in ms (default 2,000) */
  maxMs?: number;
  /** calls per window whose median is compared (default 10) */
  window?: number;
  /** three consecutive window medians within this relative spread count as stable (default 0.1) */
  tolerance?: number;
}

export interface MeasureOptions {
  label?: string;
  /** the highest quantile the caller reports (default 0.99); sets the default minimum sample count */
  quantile?: number;
  minSamples?: number;
  /** default 5,000 */
  maxSamples?: number;
  /** time for sampling after warm-up, in ms (default 1,000); sampling stops at max(minSamples, what fits) */
  budgetMs?: number;
  /** warm-up options, or a fixed number of untimed calls */
  warmup?: WarmupOptions | number;
  /** the samples are taken in this many trials (default 3), with a yield between them */
  trials?: number;
  /** leading trials slower than the ones after them (a JIT tier arrived late) are taken again at most this often (default 6) */
  retrials?: number;
  /** awaited between batches of calls (outside every timed call): yields to the event loop, cancels */
  tick?: () => Promise<void>;
  signal?: AbortSignal;
  /** the clock, in ms (default performance.now): tests drive the protocol with a simulated one */
  now?: () => number;
}

export interface Measurement {
  label: string;
  /** per-call wall time in ms, in call order; `.quiet` holds those taken while the thread kept its core */
  samples: TimedSamples;
  summary: LatencySummary;
  /** median of each trial, in ms: their spread shows drift during the measurement */
  trialMedians: number[];
  /** share of the sampling's wall time the thread did not wait for a core (Linux run-queue delay; elsewhere process
   * CPU time / wall time): ≈ 1 when the loop had a core to itself */
  cpuShare: number;
  warmupCalls: number;
  /** the trials kept getting faster: the function may still have been warming up (see the trial medians) */
  drifting: boolean;
  /** share of samples taken in blocks that kept their core (1 on a quiet machine) */
  quietShare: number;
}

/** A leading trial this much slower than the fastest trial was still warm-up (a JIT tier arrived during it). */
const WARM_TRIAL_RATIO = 1.5;
const MAX_RETRIALS = 6;

/** Default sample floor for the quantile reported: a p99 needs TAIL_MIN_SAMPLES (100), a median 20. */
export function minSamplesFor(q: number): number {
  if (q >= 0.99) return TAIL_MIN_SAMPLES;
  if (q >= 0.95) return 40;
  return 20;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/** Time one call (awaiting it when it returns a promise). */
async function timeCall(fn: Timed, i: number, now: () => number): Promise<number> {
  const t0 = now();
  const r = fn(i);
  if (isThenable(r)) await r;
  return now() - t0;
}

const clockOf = (o: MeasureOptions): (() => number) => o.now ?? (() => performance.now());

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : NaN;
}

/** Untimed calls until the per-call time is stable; returns the calls made and the last window's median. */
async function warmUp(fn: Timed, o: MeasureOptions, startIndex: number): Promise<{ calls: number; perCallMs: number }> {
  const w = typeof o.warmup === 'number' ? { minCalls: o.warmup, maxCalls: o.warmup } : (o.warmup ?? {});
  const minCalls = w.minCalls ?? 20;
  const maxCalls = Math.max(minCalls, w.maxCalls ?? 2000);
  const maxMs = w.maxMs ?? 2000;
  const window = Math.max(1, w.window ?? 10);
  const tol = w.tolerance ?? 0.1;
  const fixed = typeof o.warmup === 'number';
  const now = clockOf(o);
  const medians: number[] = [];
  let current: number[] = [];
  let calls = 0;
  const t0 = now();
  while (calls < maxCalls) {
    current.push(await timeCall(fn, startIndex + calls, now));
    calls++;
    if (current.length === window) {
      medians.push(median(current));
      current = [];
      await o.tick?.();
      if (fixed) continue;
      const last3 = medians.slice(-3);
      const stable = last3.length === 3 && Math.max(...last3) <= Math.min(...last3) * (1 + tol);
      if (calls >= minCalls && (stable || now() - t0 > maxMs)) break;
    }
  }
  const perCallMs = medians.length ? medians[medians.length - 1] : current.length ? median(current) : (now() - t0) / Math.max(1, calls);
  return { calls, perCallMs };
}

function sampleTarget(o: MeasureOptions, perCallMs: number, variants = 1): number {
  const q = o.quantile ?? 0.99;
  const floor = o.minSamples ?? minSamplesFor(q);
  const cap = Math.max(floor, o.maxSamples ?? 5000);
  const fits = Math.floor((o.budgetMs ?? 1000) / Math.max(1e-4, perCallMs * variants));
  return Math.min(cap, Math.max(floor, fits));
}

/** Samples and, for each, whether its block of calls kept its core (see `sampleBlocks`). */
interface Sampled {
  wall: number[];
  quiet: boolean[];
  cpuMs: number;
  wallMs: number;
}

function finish(label: string, got: Sampled, trialMedians: number[], warmupCalls: number, drifting = false): Measurement {
  const { wall, quiet, cpuMs, wallMs } = got;
  currentNoiseMonitor()?.record(label, cpuMs, wallMs, quiet.filter((q) => !q).length, quiet.length);
  const summary = { ...summariseLatency(wall), warmup: warmupCalls };
  const undisturbed = wall.filter((_, i) => quiet[i]);
  return {
    label,
    samples: new TimedSamples(wall, undisturbed),
    summary,
    trialMedians,
    cpuShare: wallMs > 0 ? cpuMs / wallMs : 1,
    warmupCalls,
    drifting,
    quietShare: wall.length ? undisturbed.length / wall.length : 1,
  };
}

/** How many leading trials were still warm-up: slower than WARM_TRIAL_RATIO × the fastest trial that follows them. */
function leadingSlowTrials(medians: number[]): number {
  let k = 0;
  while (k < medians.length - 1 && medians[k] > WARM_TRIAL_RATIO * Math.min(...medians.slice(k + 1))) k++;
  return k;
}

const cpuNowMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Involuntary context switches of this process's threads so far (another task took a core from one of them). */
const preemptions = (): number => process.resourceUsage().involuntaryContextSwitches;

/** A block of calls spans at least this much wall time, so reading the CPU clock around it costs little. */
const BLOCK_MS = 1;
/** A block whose process CPU time is below this share of its wall time spent part of it waiting for a core. */
const KEPT_CORE_SHARE = 0.9;

/**
 * `count` timed calls in blocks of `perBlock`: the process CPU clock is read around each block (a syscall, so not
 * around every call of a cheap function), and a block in which the CPU time fell short of the wall time is
 * marked as disturbed: the thread was descheduled (another process, a time slice) during it — on Linux read
 * directly as the thread's run-queue delay (see threadWaitMs). Every sample is
 * kept; the flags let a verdict ask whether it depends on that waiting.
 */
async function sampleBlocks(fn: Timed, first: number, count: number, perBlock: number, o: MeasureOptions, into: Sampled): Promise<number[]> {
  const now = clockOf(o);
  const out: number[] = [];
  let sinceTick = 0;
  for (let done = 0; done < count; ) {
    const n = Math.min(perBlock, count - done);
    const q0 = threadWaitMs();
    const c0 = q0 === null ? cpuNowMs() : 0;
    const p0 = q0 === null ? 0 : preemptions();
    const w0 = performance.now();
    for (let j = 0; j < n; j++) out.push(await timeCall(fn, first + done + j, now));
    const wall = performance.now() - w0;
    // the time the thread had (or did not need) its core: wall less its run-queue delay where the kernel keeps it —
    // a call that awaits a worker or a child process sleeps, which is not waiting — else its CPU time. A block in
    // which none of our threads was preempted waited only behind its own ping-pong (a woken thread queued on the
    // core of the shard or redis-server that woke it): that is the call's cost, not company.
    const q1 = q0 === null ? null : threadWaitMs();
    const ran = q0 === null || q1 === null ? cpuNowMs() - c0 : preemptions() === p0 ? wall : Math.max(0, wall - (q1 - q0));
    into.cpuMs += ran;
    into.wallMs += wall;
    const kept = wall <= 0 || ran / wall >= KEPT_CORE_SHARE;
    for (let j = 0; j < n; j++) into.quiet.push(kept);
    done += n;
    sinceTick += n;
    if (sinceTick >= 32 && o.tick) {
      // the yield lies outside every timed call and every block
      sinceTick = 0;
      throwIfAborted(o.signal);
      await o.tick();
    }
  }
  into.wall.push(...out);
  return out;
}

const blockSize = (perCallMs: number): number => Math.max(1, Math.min(64, Math.ceil(BLOCK_MS / Math.max(1e-3, perCallMs))));

/** Measure one function: warm-up, then samples in trials (see the module comment). `fn(i)` gets a call counter. */
export async function measure(fn: Timed, options: MeasureOptions = {}): Promise<Measurement> {
  const o = limited(options, minSamplesFor(options.quantile ?? 0.99));
  const label = o.label ?? 'measurement';
  throwIfAborted(o.signal);
  const warm = await warmUp(fn, o, 0);
  const target = sampleTarget(o, warm.perCallMs);
  const trials = Math.max(1, Math.min(o.trials ?? 3, target));
  const perTrial = (t: number): number => Math.round((target * (t + 1)) / trials) - Math.round((target * t) / trials);
  const perBlock = blockSize(warm.perCallMs);
  let kept: { got: Sampled; median: number }[] = [];
  let warmupCalls = warm.calls;
  let i = warm.calls;
  let retrials = 0;
  let drifting = false;
  // a JIT tier can arrive after a warm-up that looked stable (a constant slow phase, then a cliff): leading trials
  // that are clearly slower than the ones after them were still warm-up, so they are dropped and taken again
  while (kept.length < trials) {
    const n = perTrial(kept.length);
    const got: Sampled = { wall: [], quiet: [], cpuMs: 0, wallMs: 0 };
    await sampleBlocks(fn, i, n, perBlock, o, got);
    i += n;
    kept.push({ got, median: median(got.wall) });
    throwIfAborted(o.signal);
    await o.tick?.();
    if (kept.length === trials) {
      const slow = leadingSlowTrials(kept.map((t) => t.median));
      if (slow > 0 && retrials < (o.retrials ?? MAX_RETRIALS)) {
        // the first fast trial holds the cliff itself (its first calls are slow): it goes too
        const drop = Math.min(kept.length, slow + 1);
        retrials++;
        warmupCalls += kept.slice(0, drop).reduce((s, t) => s + t.got.wall.length, 0);
        kept = kept.slice(drop);
      } else drifting = slow > 0;
    }
  }
  const all: Sampled = { wall: [], quiet: [], cpuMs: 0, wallMs: 0 };
  for (const t of kept) {
    all.wall.push(...t.got.wall);
    all.quiet.push(...t.got.quiet);
    all.cpuMs += t.got.cpuMs;
    all.wallMs += t.got.wallMs;
  }
  return finish(label, all, kept.map((t) => t.median), warmupCalls, drifting);
}

/**
 * Measure several variants under the same conditions: each warmed up, then sampled in alternating blocks
 * (A B, B A, A B …) so that drift of the machine during the measurement lands on all of them. Every variant
 * gets the same number of samples, chosen from their summed per-call time and the budget.
 */
export async function measureInterleaved<K extends string>(fns: Record<K, Timed>, options: MeasureOptions = {}): Promise<Record<K, Measurement>> {
  const o = limited(options, minSamplesFor(options.quantile ?? 0.99));
  const names = Object.keys(fns) as K[];
  throwIfAborted(o.signal);
  const warm = {} as Record<K, { calls: number; perCallMs: number }>;
  for (const k of names) warm[k] = await warmUp(fns[k], o, 0);
  const perRound = names.reduce((s, k) => s + warm[k].perCallMs, 0);
  const target = sampleTarget(o, perRound / names.length, names.length);
  const blocks = Math.max(2, Math.min(2 * (o.trials ?? 3), target));
  const got = Object.fromEntries(names.map((k) => [k, { wall: [], quiet: [], cpuMs: 0, wallMs: 0 } as Sampled])) as Record<K, Sampled>;
  const trialMedians = Object.fromEntries(names.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  const counter = Object.fromEntries(names.map((k) => [k, warm[k].calls])) as Record<K, number>;
  for (let b = 0; b < blocks; b++) {
    const n = Math.round((target * (b + 1)) / blocks) - Math.round((target * b) / blocks);
    const order = b % 2 === 0 ? names : [...names].reverse();
    for (const k of order) {
      const block = await sampleBlocks(fns[k], counter[k], n, blockSize(warm[k].perCallMs), o, got[k]);
      counter[k] += n;
      if (block.length) trialMedians[k].push(median(block));
      throwIfAborted(o.signal);
      await o.tick?.();
    }
  }
  const out = {} as Record<K, Measurement>;
  for (const k of names) out[k] = finish(o.label ? `${o.label}: ${k}` : k, got[k], trialMedians[k], warm[k].calls);
  return out;
}
