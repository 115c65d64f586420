// stageTailOverlap: hand-worked cases, and the two limits the lesson reads it against (the same requests slow in
// every stage → 1; stage times unrelated to each other → about the tail share).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { quantile } from '../../src/core/stats.js';
import { stageTailOverlap } from '../../src/core/tail-overlap.js';
import { topK } from '../../src/core/vec.js';

describe('stageTailOverlap', () => {
  it('hand-worked: 4 requests, the slowest half; stage a shares one of its two slowest, stage b both', () => {
    const e2e = [1, 9, 8, 2]; // slowest two: requests 1 and 2
    const a = [5, 4, 0, 0]; // slowest two: 0 and 1 → shares request 1 only
    const b = [0, 3, 3, 1]; // slowest two: 1 and 2 → both
    expect(new Set(topK(a, 2))).toEqual(new Set([0, 1]));
    expect(stageTailOverlap(e2e, [a], 0.5)).toBe(0.5);
    expect(stageTailOverlap(e2e, [b], 0.5)).toBe(1);
    expect(stageTailOverlap(e2e, [a, b], 0.5)).toBe(0.75);
  });

  it('ties go to the lower index, so equal stage times give one answer', () => {
    expect(new Set(topK([2, 2, 2, 1], 2))).toEqual(new Set([0, 1]));
  });

  it('refuses a stage whose length is not the requests’ and a share outside (0, 1]; NaN with nothing to read', () => {
    expect(() => stageTailOverlap([1, 2], [[1]])).toThrow(/1 samples, end to end has 2/);
    expect(() => stageTailOverlap([1, 2], [[1, 2]], 0)).toThrow(/share/);
    expect(stageTailOverlap([], [])).toBeNaN();
    expect(stageTailOverlap([1], [])).toBeNaN();
  });

  it('when every stage is the same work times a constant (comonotone), the overlap is 1 and p99s add up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: 5 }), (seed, m) => {
        const rng = new Rng(seed);
        const work = Array.from({ length: 500 }, () => rng.next() + 1e-9 * rng.next());
        const stages = Array.from({ length: m }, (_, j) => work.map((w) => w * (j + 1)));
        const e2e = work.map((_, i) => stages.reduce((s, st) => s + st[i], 0));
        expect(stageTailOverlap(e2e, stages)).toBe(1);
        const sumP99 = stages.reduce((s, st) => s + quantile(st, 0.99), 0);
        expect(sumP99).toBeCloseTo(quantile(e2e, 0.99), 9);
      }),
      { numRuns: 30 },
    );
  });

  it('with independent stages of equal spread the overlap is far below 1 and the p99s’ sum overstates the p99', () => {
    const rng = new Rng(11);
    const n = 20_000;
    const stages = Array.from({ length: 4 }, () => Float64Array.from({ length: n }, () => -Math.log(1 - rng.next())));
    const e2e = Float64Array.from({ length: n }, (_, i) => stages.reduce((s, st) => s + st[i], 0));
    // each stage's slowest 1% is mostly not the request's: measured 0.205 at this seed, and a sum 1.84× the p99 (1% would be no relation at all;
    // the stage is a quarter of the sum, so its tail still pulls a request up)
    const overlap = stageTailOverlap(e2e, stages);
    expect(overlap).toBeGreaterThan(0.01);
    expect(overlap).toBeLessThan(0.5);
    expect(stages.reduce((s, st) => s + quantile(st, 0.99), 0)).toBeGreaterThan(1.5 * quantile(e2e, 0.99));
  });
});
