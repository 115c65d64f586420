// MetricSet keeps each metric beside the replicates its claims are judged on: means over units get paired
// bootstrap replicates, derived metrics are recomputed per replicate, exact figures have none.
import { describe, expect, it } from 'vitest';
import { Bootstrap, TimedSamples, TimingReplicates } from '../../src/core/resample.js';
import { Rng } from '../../src/core/rng.js';
import { MetricSet } from '../../src/experiments/metric-set.js';

const ctx = () => ({ bootstrap: new Bootstrap(new Rng(9), 200) });

describe('MetricSet', () => {
  it('a mean skips units outside the cohort (NaN) and its replicates come from the population', () => {
    const c = ctx();
    const s = new MetricSet(c).mean('x', [1, NaN, 3]);
    expect(s.metrics.x).toBe(2);
    expect(Array.from(s.replicates.x)).toEqual(Array.from(c.bootstrap.mean('eval-users', [1, NaN, 3])));
  });

  it('two models on the same users are paired: a constant per-user gap has no spread in its difference', () => {
    const a = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i));
    const b = a.map((x) => x - 0.1);
    const s = new MetricSet(ctx()).mean('a', a).mean('b', b).derive('gap', ['a', 'b'], (x, y) => x - y);
    expect(s.metrics.gap).toBeCloseTo(0.1, 12);
    for (const g of s.replicates.gap) expect(g).toBeCloseTo(0.1, 12);
    // unpaired, the same gap would spread with the spread of the means themselves
    const spread = Math.max(...s.replicates.a) - Math.min(...s.replicates.a);
    expect(spread).toBeGreaterThan(0.05);
  });

  it('a derived metric of exact inputs is exact; an exact input lends its point value to every replicate', () => {
    const s = new MetricSet(ctx()).exact('n', 4).exact('t', 2).derive('ratio', ['n', 't'], (a, b) => a / b);
    expect(s.metrics.ratio).toBe(2);
    expect(s.replicates.ratio).toBeUndefined();
    s.mean('m', [1, 2, 3]).derive('scaled', ['m', 'n'], (m, n) => m * n);
    s.replicates.scaled.forEach((v, b) => expect(v).toBeCloseTo(s.replicates.m[b] * 4, 12));
    expect(() => s.derive('bad', ['missing'], (x) => x)).toThrow(/missing is not a metric yet/);
  });

  it('a statistic of resampled units uses the identity for its point value', () => {
    const values = Float64Array.from([5, 1, 4, 2, 3]);
    const median = (idx: Int32Array) => Float64Array.from(idx, (i) => values[i]).sort()[Math.floor(idx.length / 2)];
    const s = new MetricSet(ctx()).statistic('p50', 'items', 5, median);
    expect(s.metrics.p50).toBe(3);
    expect(s.replicates.p50.every((v) => [1, 2, 3, 4, 5].includes(v))).toBe(true);
  });

  it('means() renames and filters columns; take() copies metrics with their replicates', () => {
    const s = new MetricSet(ctx()).means({ recall: [1, 0], ndcg: [0.5, 0.5] }, (k) => (k === 'recall' ? 'mf_recall' : null));
    expect(Object.keys(s.metrics)).toEqual(['mf_recall']);
    const t = new MetricSet(ctx()).take(s, ['mf_recall', 'absent'], (k) => `${k}_copy`);
    expect(t.metrics).toEqual({ mf_recall_copy: 0.5 });
    expect(t.replicates.mf_recall_copy).toBe(s.replicates.mf_recall);
  });

  it('a ratio of timings keeps the quiet-machine twin of its inputs (a busy-machine verdict can then be told apart)', () => {
    const c = ctx();
    const wall = Float64Array.from({ length: 60 }, (_, i) => 1 + (i % 7));
    const timedA = new TimedSamples(wall, wall.slice(0, 40));
    const timedB = new TimedSamples(wall.map((x) => x * 10), wall.slice(0, 40).map((x) => x * 10));
    const s = new MetricSet(c)
      .withReplicates('a_ms', 4, c.bootstrap.quantile(timedA, 0.5, 'calls'))
      .withReplicates('b_ms', 40, c.bootstrap.quantile(timedB, 0.5, 'calls'))
      .derive('ratio', ['b_ms', 'a_ms'], (b, a) => b / a);
    expect(s.replicates.ratio).toBeInstanceOf(TimingReplicates);
    const quiet = (s.replicates.ratio as TimingReplicates).quiet;
    expect(quiet).not.toBeNull();
    // both inputs were resampled from the same calls (one population): every replicate's ratio is exactly 10
    for (const v of s.replicates.ratio) expect(v).toBeCloseTo(10, 12);
    for (const v of quiet!) expect(v).toBeCloseTo(10, 12);
  });
});
