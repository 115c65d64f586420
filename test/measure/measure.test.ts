// The measurement protocol, driven by a simulated clock so that nothing here depends on this machine's speed:
// warm-up through a JIT cliff, sample floors for the quantile reported, trials, and A B B A interleaving.
import { describe, expect, it } from 'vitest';
import { leastCount, limitedBudgetMs, measure, measureInterleaved, minSamplesFor, withMeasureLimits } from '../../src/measure/index.js';

/** A fake clock and a function whose i-th call "takes" cost(i) ms on it. */
function simulated(cost: (i: number) => number) {
  let t = 0;
  const calls: number[] = [];
  return { now: () => t, fn: (i: number) => { calls.push(i); t += cost(i); }, calls };
}

describe('measure', () => {
  it('warms up through a JIT cliff: the first 100 calls (10 ms each) are not sampled', async () => {
    const sim = simulated((i) => (i < 100 ? 10 : 1));
    const m = await measure(sim.fn, { now: sim.now, warmup: { minCalls: 20, maxMs: 10_000 }, budgetMs: 300 });
    expect(m.warmupCalls).toBeGreaterThanOrEqual(100);
    expect(m.summary.p99_ms).toBe(1);
    expect(m.summary.warmup).toBe(m.warmupCalls);
  });

  it('takes at least the sample floor a p99 needs, even when the budget fits fewer', async () => {
    const sim = simulated(() => 50);
    const m = await measure(sim.fn, { now: sim.now, warmup: 5, budgetMs: 100 });
    expect(m.summary.n).toBe(minSamplesFor(0.99));
    expect(m.summary.tail).toBeUndefined();
  });

  it('fills the budget when calls are cheap, up to maxSamples, in the trials asked for', async () => {
    const sim = simulated(() => 0.5);
    const m = await measure(sim.fn, { now: sim.now, warmup: 5, budgetMs: 500, maxSamples: 700, trials: 4 });
    expect(m.summary.n).toBe(700);
    expect(m.trialMedians).toHaveLength(4);
  });

  it('reports the maximum, not a p99, when the caller allows fewer than 100 samples', async () => {
    const sim = simulated((i) => (i % 10 === 9 ? 7 : 1));
    const m = await measure(sim.fn, { now: sim.now, warmup: 0, minSamples: 30, maxSamples: 30 });
    expect(m.summary).toMatchObject({ n: 30, tail: 'max', p99_ms: 7, max_ms: 7 });
  });

  it('gives p50 and p99 order-statistic intervals that bracket the estimates', async () => {
    const sim = simulated((i) => 1 + ((i * 7919) % 1000) / 1000);
    const m = await measure(sim.fn, { now: sim.now, warmup: 0, minSamples: 1000, maxSamples: 1000 });
    const { ci, p50_ms, p99_ms } = m.summary;
    expect(ci!.p50[0]).toBeLessThanOrEqual(p50_ms);
    expect(ci!.p50[1]).toBeGreaterThanOrEqual(p50_ms);
    expect(ci!.p99[0]).toBeLessThanOrEqual(p99_ms);
    expect(ci!.p99[1]).toBeGreaterThanOrEqual(p99_ms);
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    const sim = simulated(() => 1);
    const run = measure((i) => { sim.fn(i); if (i === 50) ac.abort(); }, { now: sim.now, warmup: 0, minSamples: 500, signal: ac.signal, tick: async () => {} });
    await expect(run).rejects.toThrow(/cancelled/);
  });

  it('awaits functions that return promises and times the wait', async () => {
    let t = 0;
    const m = await measure(async () => { await Promise.resolve(); t += 2; }, { now: () => t, warmup: 3, minSamples: 20, maxSamples: 20 });
    expect(m.summary.p50_ms).toBe(2);
  });
});

describe('measureInterleaved', () => {
  it('alternates blocks A B, B A … and gives every variant the same number of samples', async () => {
    let t = 0;
    const order: string[] = [];
    const fns = { a: () => { order.push('a'); t += 1; }, b: () => { order.push('b'); t += 3; } };
    const r = await measureInterleaved(fns, { now: () => t, warmup: 0, minSamples: 40, maxSamples: 40, trials: 2 });
    expect(r.a.summary.n).toBe(40);
    expect(r.b.summary.n).toBe(40);
    expect(r.a.summary.p50_ms).toBe(1);
    expect(r.b.summary.p50_ms).toBe(3);
    // the sampled calls come in runs: a-run, b-run, b-run, a-run, …; never all a then all b
    const runs = order.join('').match(/a+|b+/g)!;
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(order.slice(0, 40).every((v) => v === 'a')).toBe(false);
  });
});

describe('samples that kept their core', () => {
  it('carries every sample and the quiet twin; on an idle machine the twin is (nearly) all of them', async () => {
    // real clock here: a tiny fixed workload; the assertion is structural, not a timing
    const m = await measure(() => { let x = 0; for (let i = 0; i < 2000; i++) x += Math.sqrt(i); return x; }, { warmup: 5, minSamples: 200, maxSamples: 200, budgetMs: 1 });
    expect(m.samples).toHaveLength(200);
    expect(m.samples.quiet.length).toBeLessThanOrEqual(200);
    expect(m.quietShare).toBe(m.samples.quiet.length / 200);
  });
});

describe('brief measurements (the test suite\'s runs)', () => {
  it('caps the sampling budget inside withMeasureLimits, keeps the sample floor, and leaves calls outside alone', async () => {
    const opts = (sim: ReturnType<typeof simulated>) => ({ now: sim.now, warmup: 5, budgetMs: 1000, maxSamples: 5000, trials: 1 });
    const a = simulated(() => 0.5);
    const full = await measure(a.fn, opts(a));
    expect(full.summary.n).toBe(2000); // 1000 ms of 0.5 ms calls
    const b = simulated(() => 0.5);
    const brief = await withMeasureLimits({ maxBudgetMs: 100 }, () => measure(b.fn, opts(b)));
    expect(brief.summary.n).toBe(200);
    const c = simulated(() => 5);
    const floored = await withMeasureLimits({ maxBudgetMs: 100 }, () => measure(c.fn, opts(c)));
    expect(floored.summary.n).toBe(minSamplesFor(0.99)); // 20 fit the budget; a p99 still gets its 100
  });

  it('caps the warm-up time, but not a fixed number of warm-up calls', async () => {
    // never stable: alternating 1 ms and 3 ms windows, so only the time cap ends the warm-up
    const cost = (i: number) => (Math.floor(i / 10) % 2 ? 3 : 1);
    const a = simulated(cost);
    const capped = await withMeasureLimits({ maxWarmupMs: 100 }, () => measure(a.fn, { now: a.now, warmup: { minCalls: 20, maxMs: 10_000 }, minSamples: 20, maxSamples: 20, trials: 1 }));
    expect(capped.warmupCalls).toBeLessThanOrEqual(60);
    const b = simulated(cost);
    const fixed = await withMeasureLimits({ maxWarmupMs: 1 }, () => measure(b.fn, { now: b.now, warmup: 300, minSamples: 20, maxSamples: 20, trials: 1 }));
    expect(fixed.warmupCalls).toBe(300);
  });
});

describe('the fewest calls (leastCalls: the test suite\'s runs)', () => {
  const least = { maxBudgetMs: 1, maxWarmupMs: 1, leastCalls: true };

  it('cuts a sample floor above what the quantile needs to that floor, and keeps one below it', async () => {
    const a = simulated(() => 1);
    const p99 = await withMeasureLimits(least, () => measure(a.fn, { now: a.now, warmup: 1, minSamples: 300, maxSamples: 1200, trials: 1 }));
    expect(p99.summary.n).toBe(100);
    expect(p99.summary.tail).toBeUndefined();
    const b = simulated(() => 1);
    const median = await withMeasureLimits(least, () => measure(b.fn, { now: b.now, warmup: 1, quantile: 0.5, minSamples: 300, trials: 1 }));
    expect(median.summary.n).toBe(minSamplesFor(0.5));
    const c = simulated(() => 1);
    const few = await withMeasureLimits(least, () => measure(c.fn, { now: c.now, warmup: 1, quantile: 0.5, minSamples: 3, trials: 1 }));
    expect(few.summary.n).toBe(3);
  });

  it('keeps a count the caller states exactly (minSamples = maxSamples, a number of warm-up calls): other figures may read it', async () => {
    const a = simulated(() => 1);
    const m = await withMeasureLimits(least, () => measure(a.fn, { now: a.now, warmup: 30, minSamples: 300, maxSamples: 300, trials: 1 }));
    expect(m.summary.n).toBe(300);
    expect(m.warmupCalls).toBe(30);
    const b = simulated(() => 1);
    const both = await withMeasureLimits(least, () => measureInterleaved({ x: b.fn, y: b.fn }, { now: b.now, warmup: 5, minSamples: 250, maxSamples: 250 }));
    expect([both.x.summary.n, both.y.summary.n]).toEqual([250, 250]);
  });

  it('warms up for one window of calls, not the 20 calls before stability is judged', async () => {
    const a = simulated(() => 2);
    const m = await withMeasureLimits(least, () => measure(a.fn, { now: a.now, trials: 1 }));
    expect(m.warmupCalls).toBe(10);
    const b = simulated(() => 2);
    const one = await withMeasureLimits(least, () => measure(b.fn, { now: b.now, quantile: 0.5, minSamples: 3, warmup: { minCalls: 2, window: 1 }, trials: 1 }));
    expect(one.warmupCalls).toBe(1);
  });

  it('takes no trial again for having been slow: the first trial\'s JIT cliff stays in the samples, flagged as drift', async () => {
    // calls 0–99 cost 10 ms, then 1 ms: without limits the slow leading trials are taken again
    const cost = (i: number) => (i < 100 ? 10 : 1);
    const a = simulated(cost);
    const full = await measure(a.fn, { now: a.now, warmup: 10, minSamples: 300, maxSamples: 300, trials: 3 });
    expect(full.warmupCalls).toBeGreaterThan(10);
    expect(full.drifting).toBe(false);
    const b = simulated(cost);
    const quick = await withMeasureLimits(least, () => measure(b.fn, { now: b.now, warmup: 10, minSamples: 300, maxSamples: 300, trials: 3 }));
    expect(quick.warmupCalls).toBe(10);
    expect(quick.drifting).toBe(true);
  });

  it('cuts stated counts that feed only a timing, and time caps, inside the limits only', async () => {
    expect(leastCount(300, 100)).toBe(300);
    expect(limitedBudgetMs(1000)).toBe(1000);
    await withMeasureLimits(least, async () => {
      expect(leastCount(300, 100)).toBe(100);
      expect(leastCount(50, 100)).toBe(50);
      expect(limitedBudgetMs(1000)).toBe(1);
    });
    await withMeasureLimits({ maxBudgetMs: 50 }, async () => {
      expect(leastCount(300, 100)).toBe(300);
      expect(limitedBudgetMs(1000)).toBe(50);
    });
  });
});
