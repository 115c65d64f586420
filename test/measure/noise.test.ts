// The noise check's "other processes" signal on worked examples: the 1-minute load average lags, so a run that
// starts just after other work ended must not be called busy when nothing competed during it.
import { describe, expect, it } from 'vitest';
import { NoiseMonitor, otherCoresSince, probeNoise, withMeasureLimits, type CpuSnapshot } from '../../src/measure/index.js';
import { familyCpuMs, parseProcStat, parseSchedstat, threadWaitMs, type ProcStat } from '../../src/measure/noise.js';

const at = (wallMs: number, busyMs: number, ownMs: number, totalMs = 2 * wallMs): CpuSnapshot => ({ wallMs, busyMs, ownMs, totalMs });
const start = at(0, 0, 0, 0);

describe('other processes during a run', () => {
  it('is all cores’ busy time less this process’s own, per wall second (hand-worked)', () => {
    // 2 s of wall: the cores were busy 3 s in total, 1 s of it ours → others used 1 core on average
    expect(otherCoresSince(start, at(2000, 3000, 1000))).toBeCloseTo(1, 12);
    // our own two threads fully busy and nothing else: 0 cores of company
    expect(otherCoresSince(start, at(2000, 4000, 4000))).toBe(0);
  });

  it('cannot be told from a run shorter than a quarter of a second (10 ms kernel ticks) or without per-core times', () => {
    expect(otherCoresSince(start, at(200, 400, 0))).toBeNull();
    expect(otherCoresSince(start, at(2000, 0, 0, 0))).toBeNull();
  });
});

describe('the noise report', () => {
  const probe = (loadAvg1: number) => ({ loadAvg1, cpus: 2, calibrationCv: 0.02, start });

  it('does not call a run busy for a lingering load average when nothing competed during it', () => {
    const r = new NoiseMonitor(probe(2.6)).report(at(3000, 3100, 3000));
    expect(r.otherCores).toBeCloseTo(0.1 / 3, 12);
    expect(r.level).toBe('quiet');
  });

  it('calls a run busy when another process took more than half a core during it, whatever the load average said', () => {
    const r = new NoiseMonitor(probe(0.2)).report(at(3000, 6000, 3000));
    expect(r.otherCores).toBeCloseTo(1, 12);
    expect(r.level).toBe('busy');
    expect(r.warnings.join(' ')).toMatch(/other processes used 1\.00 of 2 cores/);
  });

  it('falls back to the load average for a run too short to read the cores', () => {
    expect(new NoiseMonitor(probe(2.6)).report(at(200, 200, 200)).level).toBe('busy');
    expect(new NoiseMonitor(probe(0.4)).report(at(200, 200, 200)).level).toBe('quiet');
  });
});

// Our own work is not company: the processes a run starts (a redis-server) and the threads it awaits (HNSW shards).
describe('our own processes and threads', () => {
  // /proc/<pid>/stat lines: pid (comm) state ppid … utime(14) stime(15) cutime(16) cstime(17), in 10 ms ticks
  const stat = (pid: number, comm: string, ppid: number, utime: number, stime: number, cutime = 0, cstime = 0) =>
    `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${utime} ${stime} ${cutime} ${cstime} 20 0 1 0 500 1000 50`;

  it('reads pid, parent and the own and reaped CPU ticks, even from a command name with spaces and parentheses', () => {
    expect(parseProcStat(stat(42, 'node', 1, 300, 20, 7, 3))).toEqual({ pid: 42, ppid: 1, ownTicks: 320, reapedTicks: 10 });
    expect(parseProcStat(stat(43, 'a) b (c', 42, 5, 6))).toEqual({ pid: 43, ppid: 42, ownTicks: 11, reapedTicks: 0 });
    expect(parseProcStat('not a stat line')).toBeNull();
  });

  it('counts the live descendants and the ended children of the run, and nobody else (hand-worked)', () => {
    const table = [
      stat(1, 'init', 0, 9999, 9999, 9999, 9999),
      stat(100, 'node', 1, 5000, 100, 30, 20), //   us: 50 ticks of children that ended (an earlier redis-server)
      stat(200, 'redis-server', 100, 70, 10), //     our child: 80 ticks
      stat(201, 'sh', 100, 1, 1, 4, 0), //           our child (2 ticks) that reaped its own child (4 ticks)
      stat(300, 'sleep', 201, 3, 0), //              our grandchild: 3 ticks
      stat(400, 'node -e for(;;){}', 1, 8000, 0), // another process (the busy loop): not ours
      stat(401, 'child of other', 400, 100, 0),
    ].map((l) => parseProcStat(l) as ProcStat);
    // (50 + 80 + 2 + 4 + 3) ticks × 10 ms
    expect(familyCpuMs(100, table)).toBe(1390);
    expect(familyCpuMs(999, table)).toBe(0); // a pid that is not in the table has no family
  });

  it('takes a run-queue delay from a schedstat line (on-cpu ns, waiting ns, slices)', () => {
    expect(parseSchedstat('196996819 1276844602 153\n')).toBe(1276844602);
    expect(parseSchedstat('')).toBeNull();
  });

  it('reads this thread’s waiting time as a clock that never goes back (or null off Linux)', () => {
    const a = threadWaitMs();
    let x = 0;
    for (let i = 0; i < 1e5; i++) x += i;
    const b = threadWaitMs();
    if (a === null) expect(b).toBeNull();
    else expect(b as number).toBeGreaterThanOrEqual(a);
    expect(x).toBeGreaterThan(0);
  });

  it('does not call a run busy for the CPU its own redis-server used', () => {
    // 3 s of wall: the cores were busy 5 s; this process 3 s itself, its child 1.8 s → others 0.2 s → 0.07 cores
    const r = new NoiseMonitor({ loadAvg1: 0.3, cpus: 2, calibrationCv: 0.02, start }).report(at(3000, 5000, 3000 + 1800));
    expect(r.otherCores).toBeCloseTo(0.2 / 3, 12);
    expect(r.level).toBe('quiet');
  });
});

describe('waiting for our own threads', () => {
  const start = { wallMs: 0, busyMs: 0, ownMs: 0, totalMs: 0 };
  const probe = { loadAvg1: 0.5, cpus: 2, calibrationCv: 0.02, start };
  it('is not company: loops that queued behind our own shards, with no other process on the CPU, leave the run quiet', () => {
    const m = new NoiseMonitor(probe);
    m.record('scale-out: 4 shards', 60, 100, 40, 100); // 60% of the wall with a core, 40% of calls in waiting blocks
    // 3 s of wall, cores busy 4 s, all of it ours (the shards are our threads)
    const r = m.report({ wallMs: 3000, busyMs: 4000, ownMs: 4000, totalMs: 6000 });
    expect(r.otherCores).toBe(0);
    expect(r.level).toBe('quiet');
  });
  it('is company when another process used the CPU meanwhile: the same loops make the run busy', () => {
    const m = new NoiseMonitor(probe);
    m.record('scale-out: 4 shards', 60, 100, 40, 100);
    const r = m.report({ wallMs: 3000, busyMs: 6000, ownMs: 3000, totalMs: 6000 });
    expect(r.level).toBe('busy');
    expect(r.warnings.join(' ')).toMatch(/40% of the timed calls ran in blocks that waited for a core/);
  });
});

describe('the probe before a run', () => {
  it('skips the calibration loop under measure limits (a test\'s run) and says so; without limits it runs it', async () => {
    const limited = await withMeasureLimits({ maxBudgetMs: 50 }, async () => probeNoise());
    expect(limited).toMatchObject({ calibrationCv: 0, calibrationSkipped: true });
    expect(probeNoise({ maxBudgetMs: 50 }).calibrationSkipped).toBe(true);
    const report = new NoiseMonitor(limited).report();
    expect(report.calibrationSkipped).toBe(true);
    expect(report.warnings.join(' ')).not.toMatch(/calibration/);
    const full = probeNoise();
    expect(full.calibrationSkipped).toBeUndefined();
    expect(Number.isFinite(full.calibrationCv)).toBe(true);
    expect(new NoiseMonitor(full).report()).not.toHaveProperty('calibrationSkipped');
  });
});
