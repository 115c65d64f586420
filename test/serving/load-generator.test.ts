// The load generator on a synthetic request driven by simulated time, so every latency is worked out by hand:
// a server that takes 1 ms per request and stalls once for 50 ms. A closed loop hides the stall behind one slow
// sample (the requests that would have arrived during it are simply sent later); an open loop charges the wait to
// every request scheduled during the stall (no coordinated omission).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { arrivalSchedule, runLoad, SimClock, type TimedResult } from '../../src/serving/load-generator.js';

/** Simulated wall time; request 3 (counting timed requests only) takes 50 ms, every other one 1 ms. */
function stallingServer(stallAt = 3) {
  let t = 0;
  const served: number[] = [];
  const send = (_user: number, r: number): TimedResult => {
    const ms = r === stallAt ? 50 : 1;
    t += ms;
    served.push(r);
    return { totalMs: ms, stages: { work: ms } };
  };
  return { send, now: () => t, sleep: async (ms: number) => void (t += ms), served };
}

describe('runLoad, closed loop', () => {
  it('shows a 50 ms stall as a single slow sample: the client waits, so nothing queues behind it', async () => {
    const s = stallingServer();
    const r = await runLoad({ send: s.send, users: [7], requests: 10, warmup: 0, now: s.now });
    expect(Array.from(r.samples.endToEnd)).toEqual([1, 1, 1, 50, 1, 1, 1, 1, 1, 1]);
    expect(r.mode).toBe('closed');
    expect(r.queue).toBeNull();
    // ten requests in 59 simulated ms
    expect(r.wallMs).toBe(59);
  });
});

describe('runLoad, open loop', () => {
  it('charges the stall to every request scheduled during it: latency runs from the scheduled arrival', async () => {
    const s = stallingServer();
    // one arrival every 10 ms: 0, 10, …, 90. Request 3 arrives at 30 and holds the server until 80.
    // Request 4 (due 40) starts at 80 and ends at 81 → 41 ms; 5 (due 50) starts 81, ends 82 → 32 ms; then 23, 14;
    // request 8 (due 80) starts at 84 → 5 ms; request 9 (due 90) finds the server idle again → 1 ms.
    const r = await runLoad({ send: s.send, users: [7], requests: 10, warmup: 0, mode: 'open', rate: 100, arrivals: 'fixed', now: s.now, sleep: s.sleep });
    expect(Array.from(r.samples.endToEnd)).toEqual([1, 1, 1, 50, 41, 32, 23, 14, 5, 1]);
    expect(Array.from(r.samples.queue!)).toEqual([0, 0, 0, 0, 40, 31, 22, 13, 4, 0]);
    // each request's own timer still says 1 ms (or 50): the service time is not the latency users saw
    expect(r.service.max_ms).toBe(50);
    expect(r.service.p50_ms).toBe(1);
    expect(r.endToEnd.max_ms).toBe(50);
    expect(r.endToEnd.n).toBe(10);
    // fewer than 100 samples: the "p99" is the maximum, and says so
    expect(r.endToEnd.tail).toBe('max');
  });

  it('the open loop sees the stall in its median once enough requests queue behind it; the closed loop does not', async () => {
    // 5 ms gaps: a 50 ms stall at request 3 delays the next ten arrivals
    const open = stallingServer();
    const o = await runLoad({ send: open.send, users: [1], requests: 20, warmup: 0, mode: 'open', rate: 200, arrivals: 'fixed', now: open.now, sleep: open.sleep });
    const closed = stallingServer();
    const c = await runLoad({ send: closed.send, users: [1], requests: 20, warmup: 0, now: closed.now });
    // request k ≥ 4 is due at 5k and starts at 65 + (k − 4) while the backlog lasts: latency 66 + (k − 4) − 5k
    expect(Array.from(o.samples.endToEnd).slice(3, 14)).toEqual([50, 46, 42, 38, 34, 30, 26, 22, 18, 14, 10]);
    expect(o.endToEnd.p50_ms).toBeGreaterThan(1);
    expect(c.endToEnd.p50_ms).toBe(1);
  });

  it('advances simulated cache time to each scheduled arrival', async () => {
    const s = stallingServer(-1);
    const clock = new SimClock();
    const seen: number[] = [];
    await runLoad({
      send: (u, r) => {
        if (r >= 0) seen.push(clock.t);
        return s.send(u, r);
      },
      users: [1], requests: 4, warmup: 0, mode: 'open', rate: 50, arrivals: 'fixed', clock, now: s.now, sleep: s.sleep,
    });
    expect(seen).toEqual([0, 20, 40, 60]);
  });

  it('does not wait for an asynchronous answer before the next arrival, and reports no per-request CPU time then', async () => {
    let t = 0;
    let open = 0;
    let maxOpen = 0;
    // each answer comes on a later turn of the event loop; simulated sleeps return at once, so the arrivals overlap
    const send = (): Promise<TimedResult> => {
      maxOpen = Math.max(maxOpen, ++open);
      return new Promise((resolve) => setImmediate(() => {
        open--;
        resolve({ totalMs: 1, stages: {} });
      }));
    };
    const r = await runLoad({ send, users: [1], requests: 5, warmup: 0, mode: 'open', rate: 100, arrivals: 'fixed', now: () => t, sleep: async (ms) => void (t += ms) });
    expect(maxOpen).toBeGreaterThan(1);
    expect(r.samples.cpu).toBeNull();
    expect(r.cpu).toBeNull();
    expect(r.endToEnd.n).toBe(5);
  });

  it('draws Poisson arrivals from the seeded stream: same seed, same schedule, mean gap 1000 / rate', () => {
    const a = arrivalSchedule(2000, 200, 'poisson', new Rng(5));
    const b = arrivalSchedule(2000, 200, 'poisson', new Rng(5));
    expect(Array.from(a)).toEqual(Array.from(b));
    const meanGap = a[a.length - 1] / (a.length - 1);
    // 1999 exponential gaps of mean 5 ms: the sample mean's standard error is 5 / √1999 ≈ 0.11 ms; 0.4 is > 3.5 SE
    expect(Math.abs(meanGap - 5)).toBeLessThan(0.4);
    expect(Array.from(arrivalSchedule(4, 100, 'fixed'))).toEqual([0, 10, 20, 30]);
  });

  it('rejects an open loop without a rate, and Poisson arrivals without a seeded stream, naming the option', async () => {
    const s = stallingServer();
    await expect(runLoad({ send: s.send, users: [1], requests: 3, mode: 'open' })).rejects.toThrow(/rate must be a positive number/);
    await expect(runLoad({ send: s.send, users: [1], requests: 3, mode: 'open', rate: 10 })).rejects.toThrow(/Poisson arrivals need a seeded rng/);
    await expect(runLoad({ send: s.send, users: [1], requests: 3, mode: 'sideways' as never })).rejects.toThrow(/mode must be closed or open/);
  });
});

describe('runLoad warm-up', () => {
  it('sends the stated number of untimed requests first, with negative indices', async () => {
    const s = stallingServer(-100);
    const r = await runLoad({ send: s.send, users: [1], requests: 5, warmup: 7, now: s.now });
    expect(s.served.slice(0, 7)).toEqual([-1, -2, -3, -4, -5, -6, -7]);
    expect(s.served.slice(7)).toEqual([0, 1, 2, 3, 4]);
    expect(r.warmup).toBe(7);
    expect(r.endToEnd.warmup).toBe(7);
  });

  it('with warm-up options, warms until the per-request time stops moving (a cost that decays over ~40 requests)', async () => {
    let calls = 0;
    const send = (): TimedResult => {
      // the protocol times warm-up on the real clock: spin 2·0.85^k ms + 0.05 ms, which is within 10% of its floor
      // only from k ≈ 37 on; noise can only make the windows disagree longer
      const until = performance.now() + 2 * 0.85 ** calls++ + 0.05;
      while (performance.now() < until);
      return { totalMs: 0.05, stages: {} };
    };
    const r = await runLoad({ send, users: [1], requests: 5, warmup: { minCalls: 10, window: 5, maxMs: 5000 } });
    expect(r.warmup).toBeGreaterThanOrEqual(30);
  });
});

describe('busy-machine twin of the load test', () => {
  it('marks a stretch of requests as waiting for a core when its CPU time fell short of its wall time', async () => {
    const { keptCore } = await import('../../src/serving/load-generator.js');
    // stretches of at least 1 ms: [0.6, 0.6] kept (CPU 1.1 of 1.2), [0.5, 0.5] waited (CPU 0.2 of 1.0), [2] kept
    expect(keptCore([0.5, 0.6, 0.1, 0.1, 2], [0.6, 0.6, 0.5, 0.5, 2])).toEqual([true, true, false, false, true]);
  });

  it('returns TimedSamples on the real clock (requests that do not overlap), none with a simulated clock', async () => {
    const { TimedSamples } = await import('../../src/core/resample.js');
    const send = (): TimedResult => {
      const t0 = performance.now();
      while (performance.now() - t0 < 0.2);
      return { totalMs: performance.now() - t0, stages: { work: 0.2 } };
    };
    const real = await runLoad({ send, users: [1], requests: 30, warmup: 0 });
    expect(real.samples.endToEnd).toBeInstanceOf(TimedSamples);
    expect(real.samples.stages.work).toBeInstanceOf(TimedSamples);
    const s = stallingServer();
    const sim = await runLoad({ send: s.send, users: [1], requests: 5, warmup: 0, now: s.now });
    expect(sim.samples.endToEnd).not.toBeInstanceOf(TimedSamples);
  });
});
