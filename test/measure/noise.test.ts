// The noise check's "other processes" signal on worked examples: the 1-minute load average lags, so a run that
// starts just after other work ended must not be called busy when nothing competed during it.
import { describe, expect, it } from 'vitest';
import { NoiseMonitor, otherCoresSince, type CpuSnapshot } from '../../src/measure/index.js';

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
