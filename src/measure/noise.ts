/**
 * Is this machine busy? A latency tail on a loaded 2-core machine is the scheduler's time slice, not the
 * algorithm, so every run says how quiet it was measured. Four signals:
 * - the CPU time other processes used during the run (all cores' busy time minus our own: this process's threads,
 *   and the processes it started — a redis-server the run spawned is ours, not company);
 * - the 1-minute load average against the cores (before the run) — it lags by a minute, so it decides only when
 *   the run was too short to read the first signal (work that just ended still shows in it);
 * - the spread of a short calibration loop (fixed work timed in blocks: preemption shows as outliers);
 * - the time each measured loop waited for a core (Linux: the thread's run-queue delay; elsewhere CPU time against
 *   wall time). A call that awaits a worker thread or a child process sleeps, and sleeping is not waiting for a core.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import os from 'node:os';
import { measureLimitsInForce, type MeasureLimits } from './limits.js';

export interface NoiseReport {
  level: 'quiet' | 'busy';
  loadAvg1: number;
  cpus: number;
  /** robust coefficient of variation of the calibration blocks' times (1.4826·MAD/median; quiet machines: a few %); 0 when skipped */
  calibrationCv: number;
  /** the calibration loop was not run: the run's measurements were limited (a test's run, which reads no timing) */
  calibrationSkipped?: true;
  /** share of the measured loops' wall time they did not wait for a core (1 = had a core throughout); null when nothing was measured */
  cpuShare: number | null;
  /** share of timed calls made in blocks of calls that waited for a core */
  disturbedShare: number;
  /** cores' worth of CPU other processes used on average during the run; null when the run was too short to tell */
  otherCores?: number | null;
  warnings: string[];
}

/** All cores' busy and total CPU time, and this process's own CPU time, at one instant (ms). */
export interface CpuSnapshot { busyMs: number; totalMs: number; ownMs: number; wallMs: number }

export interface NoiseProbe {
  loadAvg1: number;
  cpus: number;
  calibrationCv: number;
  calibrationSkipped?: true;
  /** where the run started, for the other-processes signal (absent in hand-made probes) */
  start?: CpuSnapshot;
}

// A measured loop owning a core gets ≈ 1.0 CPU per wall second; below this, it waited for the core.
const BUSY_CPU_SHARE = 0.85;
// robust spreads measured here: 0.02–0.04 quiet, 0.05–0.2 with three busy loops on 2 cores (where the other signals fire too)
const BUSY_CALIBRATION_CV = 0.12;
// Other processes using more than half a core on average share the caches and, on 2 cores, the run's second core.
const BUSY_OTHER_CORES = 0.5;
// The kernel counts CPU time in 10 ms ticks: over 250 ms of wall on 2 cores the figure is good to about ±0.1 core,
// well inside the 0.5 threshold; below that it is mostly rounding.
const MIN_WALL_FOR_OTHERS_MS = 250;

/** /proc reports CPU times in USER_HZ ticks, 100 a second on Linux whatever the kernel's own tick rate. */
const PROC_TICK_MS = 10;

/** The fields of one /proc/<pid>/stat line the noise check reads (times in ticks). */
export interface ProcStat { pid: number; ppid: number; ownTicks: number; reapedTicks: number }

/** Parses a /proc/<pid>/stat line; null when it is not one. The command name may hold spaces and ')'. */
export function parseProcStat(line: string): ProcStat | null {
  const close = line.lastIndexOf(')');
  if (close < 0) return null;
  const pid = Number.parseInt(line, 10);
  // after "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
  const f = line.slice(close + 2).split(' ');
  const [ppid, utime, stime, cutime, cstime] = [f[1], f[11], f[12], f[13], f[14]].map(Number);
  if (!Number.isInteger(pid) || ![ppid, utime, stime, cutime, cstime].every(Number.isFinite)) return null;
  return { pid, ppid, ownTicks: utime + stime, reapedTicks: cutime + cstime };
}

/**
 * CPU time, in ms, of the processes `root` started (children, their children …) — live ones from their own
 * times, ended ones from the times the kernel adds to their parent when it reaps them (cutime, cstime). The
 * root's own threads are not in it (process.cpuUsage covers them).
 */
export function familyCpuMs(root: number, table: readonly ProcStat[]): number {
  const self = table.find((p) => p.pid === root);
  let ticks = self ? self.reapedTicks : 0;
  const byParent = new Map<number, ProcStat[]>();
  for (const p of table) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const seen = new Set<number>([root]);
  const todo = [...(byParent.get(root) ?? [])];
  while (todo.length) {
    const p = todo.pop() as ProcStat;
    if (seen.has(p.pid)) continue;
    seen.add(p.pid);
    ticks += p.ownTicks + p.reapedTicks;
    todo.push(...(byParent.get(p.pid) ?? []));
  }
  return ticks * PROC_TICK_MS;
}

/** Every process's /proc stat line (empty where there is no /proc); processes that end meanwhile are skipped. */
function procTable(): ProcStat[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const out: ProcStat[] = [];
  for (const pid of pids) {
    try {
      const s = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
      if (s) out.push(s);
    } catch {
      // it ended between the listing and the read
    }
  }
  return out;
}

/** Run-queue delay (ns) from a /proc/…/schedstat line: "on-cpu-ns run-queue-ns timeslices"; null when not one. */
export function parseSchedstat(line: string): number | null {
  const waited = Number(line.trim().split(/\s+/)[1]);
  return Number.isFinite(waited) ? waited : null;
}

let schedFd: number | null | undefined; // per thread: a worker's module state is its own
const schedBuf = Buffer.alloc(96);

/**
 * How long (ms) the calling thread has waited for a core since it started: the kernel's run-queue delay, read
 * with one pread of an open /proc/thread-self/schedstat. Null where the kernel does not keep it.
 */
export function threadWaitMs(): number | null {
  if (schedFd === undefined) {
    try {
      schedFd = openSync('/proc/thread-self/schedstat', 'r');
    } catch {
      schedFd = null;
    }
  }
  if (schedFd === null) return null;
  const ns = parseSchedstat(schedBuf.toString('latin1', 0, readSync(schedFd, schedBuf, 0, schedBuf.length, 0)));
  return ns === null ? null : ns / 1e6;
}

function cpuSnapshot(): CpuSnapshot {
  let busyMs = 0;
  let totalMs = 0;
  for (const c of os.cpus()) {
    const t = c.times;
    busyMs += t.user + t.nice + t.sys + t.irq;
    totalMs += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  const own = process.cpuUsage();
  return { busyMs, totalMs, ownMs: (own.user + own.system) / 1000 + familyCpuMs(process.pid, procTable()), wallMs: performance.now() };
}

/** Cores' worth of CPU used by other processes between `a` and now, or null when it cannot be told. */
export function otherCoresSince(a: CpuSnapshot, b: CpuSnapshot = cpuSnapshot()): number | null {
  const wall = b.wallMs - a.wallMs;
  if (!(wall >= MIN_WALL_FOR_OTHERS_MS) || !(b.totalMs > a.totalMs)) return null; // too short, or no per-core times (some platforms)
  const others = b.busyMs - a.busyMs - (b.ownMs - a.ownMs);
  return Math.max(0, others / wall);
}

/**
 * ~40 ms of fixed arithmetic timed in 30 blocks; returns a robust coefficient of variation of the blocks' times
 * (1.4826 × the median absolute deviation ÷ the median: the standard deviation's scale for normal noise). The first
 * blocks run while the JIT tiers the loop up (in a fresh process they take 2–8× as long on a quiet machine), so they
 * are warm-up. A robust spread ignores the one or two blocks a fresh process loses to its own start-up (garbage
 * collection of the imports, compiled code being installed), while time slices lost to other work hit block after
 * block.
 */
export function calibrationSpread(blocks = 24, workPerBlock = 60_000, warmupBlocks = 6): number {
  const times: number[] = [];
  let sink = 0;
  for (let b = 0; b < blocks + warmupBlocks; b++) {
    const t0 = performance.now();
    let x = b + 1;
    for (let i = 0; i < workPerBlock; i++) x = (x * 1103515245 + 12345) % 2147483647;
    sink += x;
    if (b >= warmupBlocks) times.push(performance.now() - t0);
  }
  if (sink === -1) times.push(0); // keeps the loop from being optimised away
  const median = (v: number[]) => {
    const s = [...v].sort((p, q) => p - q);
    const h = s.length >> 1;
    return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
  };
  const m = median(times);
  return m > 0 ? (1.4826 * median(times.map((t) => Math.abs(t - m)))) / m : 0;
}

/**
 * The machine before a run. Under measure limits (a test's run: its timings are brief and never judged) the
 * calibration loop, ~40–80 ms of a short run, is skipped and the report says so; the other signals stay.
 */
export function probeNoise(limits: MeasureLimits | undefined = measureLimitsInForce()): NoiseProbe {
  const skip = limits !== undefined;
  const calibration = skip ? { calibrationCv: 0, calibrationSkipped: true as const } : { calibrationCv: calibrationSpread() };
  return { loadAvg1: os.loadavg()[0], cpus: os.availableParallelism?.() ?? os.cpus().length, ...calibration, start: cpuSnapshot() };
}

/** Collects CPU/wall shares of the measured loops of one run. */
export class NoiseMonitor {
  private cpuMs = 0;
  private wallMs = 0;
  private disturbed = 0;
  private calls = 0;
  private readonly loops: { label: string; share: number }[] = [];

  constructor(private readonly before: NoiseProbe) {}

  /**
   * Of `wallMs` of wall time in a measured loop, `cpuMs` it did not wait for a core (its CPU time where the
   * run-queue delay is not known); of its `calls` timed calls `disturbed` were made in blocks that waited for one.
   */
  record(label: string, cpuMs: number, wallMs: number, disturbed = 0, calls = 0): void {
    this.disturbed += disturbed;
    this.calls += calls;
    if (!(wallMs > 5)) return; // too short to say anything
    this.cpuMs += cpuMs;
    this.wallMs += wallMs;
    this.loops.push({ label, share: cpuMs / wallMs });
  }

  /** `now` is the end of the run (a parameter so that tests can hand it a worked example). */
  report(now: CpuSnapshot = cpuSnapshot()): NoiseReport {
    const { loadAvg1, cpus, calibrationCv, calibrationSkipped, start } = this.before;
    const cpuShare = this.wallMs > 0 ? this.cpuMs / this.wallMs : null;
    const otherCores = start ? otherCoresSince(start, now) : null;
    const warnings: string[] = [];
    if (otherCores !== null) {
      if (otherCores > BUSY_OTHER_CORES) warnings.push(`other processes used ${otherCores.toFixed(2)} of ${cpus} cores on average during the run: they competed for the CPU and its caches`);
    } else if (loadAvg1 > cpus - 0.5) {
      // the run itself keeps one core busy: more than that on the other cores means company
      warnings.push(`load average ${loadAvg1.toFixed(2)} on ${cpus} cores before the run: other work is competing for the CPU`);
    }
    if (calibrationCv > BUSY_CALIBRATION_CV) warnings.push(`a fixed calibration loop varied by ${(calibrationCv * 100).toFixed(0)}% between blocks (a quiet machine: a few %)`);
    // with no other process on the CPU (read over the whole run), a loop that waited for a core waited for our own
    // threads — shards on a 2-core machine, a redis-server answering — which is the system measured, not company
    const company = otherCores === null || otherCores > BUSY_OTHER_CORES;
    if (company && cpuShare !== null && cpuShare < BUSY_CPU_SHARE) {
      const worst = [...this.loops].sort((a, b) => a.share - b.share)[0];
      warnings.push(`measured loops had a core ${(cpuShare * 100).toFixed(0)}% of their wall time (worst: ${worst.label}, ${(worst.share * 100).toFixed(0)}%): latency tails include waiting for a core`);
    }
    const disturbedShare = this.calls ? this.disturbed / this.calls : 0;
    if (company && disturbedShare > 0.05) warnings.push(`${(disturbedShare * 100).toFixed(0)}% of the timed calls ran in blocks that waited for a core`);
    return { level: warnings.length ? 'busy' : 'quiet', loadAvg1, cpus, calibrationCv, ...(calibrationSkipped ? { calibrationSkipped } : {}), cpuShare, disturbedShare, otherCores, warnings };
  }
}

const current = new AsyncLocalStorage<NoiseMonitor>();

/** Run `fn` with `monitor` receiving the records of every `measure` call inside it (however deep). */
export function withNoiseMonitor<T>(monitor: NoiseMonitor, fn: () => Promise<T>): Promise<T> {
  return current.run(monitor, fn);
}

export function currentNoiseMonitor(): NoiseMonitor | undefined {
  return current.getStore();
}
