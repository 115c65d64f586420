// The runner behind the TUI, `run` and workshops: generic sweeps, events, cancellation, seeded RNGs,
// claims over the result, and metrics JSON can carry.
import { describe, expect, it } from 'vitest';
import { RunCancelledError } from '../../src/core/errors.js';
import { registerExperiment } from '../../src/experiments/index.js';
import { parseScenario } from '../../src/scenario/schema.js';
import { runScenario } from '../../src/scenario/runner.js';
import type { RunEvent } from '../../src/scenario/types.js';

registerExperiment({
  id: 'test-linear',
  description: 'metric = 2·x + a seeded draw',
  async run(ctx) {
    const noise = await ctx.stage('draw', () => ctx.rng('noise').next());
    ctx.progress('draw', 1);
    return { metrics: { y: 2 * Number(ctx.params.x), noise, broken: Number.NaN } };
  },
});

registerExperiment({
  id: 'test-slow',
  description: 'loops until cancelled',
  async run(ctx) {
    for (;;) {
      await ctx.tick();
      await new Promise((r) => setTimeout(r, 5));
    }
  },
});

const yaml = (experiment: string, extra = ''): string => `
id: t
title: T
topic: deep-dives
section: test
question: q
lesson: metrics
experiment: ${experiment}
params:
  x: { type: int, default: 3, min: 0, max: 100, description: x }
headline: [y]
claims:
  - { text: y doubles x, expr: "y == 2 * x" }
${extra}`;

describe('scenario runner', () => {
  it('runs the generic sweep once per value and keeps the headline metrics of the current value', async () => {
    const s = parseScenario(yaml('test-linear', 'sweep: { param: x, values: [1, 2, 5] }'), 't.yaml');
    const r = await runScenario(s, { scale: 'tiny', params: { x: '2' } });
    expect(r.series[0].name).toBe('x-sweep');
    expect(r.series[0].points.map((p) => p.y)).toEqual([2, 4, 10]);
    expect(r.metrics.y).toBe(4);
    expect(r.claims[0].holds).toBe(true);
  });

  it('adds one run for the current value when the sweep does not contain it', async () => {
    const s = parseScenario(yaml('test-linear', 'sweep: { param: x, values: [1, 2] }'), 't.yaml');
    expect((await runScenario(s, { scale: 'tiny', params: { x: '7' } })).metrics.y).toBe(14);
  });

  it('leaves a non-finite metric out and says so in the notes', async () => {
    const r = await runScenario(parseScenario(yaml('test-linear'), 't.yaml'), { scale: 'tiny' });
    expect(r.metrics).not.toHaveProperty('broken');
    expect(r.notes?.join(' ')).toMatch(/left out: broken \(NaN\)/);
  });

  it('emits start, stage and done events in order and times each stage', async () => {
    const events: RunEvent['type'][] = [];
    const r = await runScenario(parseScenario(yaml('test-linear'), 't.yaml'), { scale: 'tiny', onEvent: (e) => events.push(e.type) });
    expect(events).toEqual(['start', 'stage-start', 'stage-end', 'progress', 'done']);
    expect(r.stages?.draw).toBeGreaterThanOrEqual(0);
  });

  it('gives the same seeded draws for the same seed and different ones for another', async () => {
    const s = parseScenario(yaml('test-linear'), 't.yaml');
    const a = await runScenario(s, { scale: 'tiny', seed: 1 });
    const b = await runScenario(s, { scale: 'tiny', seed: 1 });
    const c = await runScenario(s, { scale: 'tiny', seed: 2 });
    expect(a.metrics.noise).toBe(b.metrics.noise);
    expect(a.metrics.noise).not.toBe(c.metrics.noise);
  });

  it('cancels through the AbortSignal with RunCancelledError and a cancelled event', async () => {
    const abort = new AbortController();
    const events: string[] = [];
    const run = runScenario(parseScenario(yaml('test-slow'), 't.yaml'), { scale: 'tiny', signal: abort.signal, onEvent: (e) => events.push(e.type) });
    setTimeout(() => abort.abort(), 50);
    await expect(run).rejects.toBeInstanceOf(RunCancelledError);
    expect(events.at(-1)).toBe('cancelled');
  });

  it('names the known experiments when a scenario points at an unknown one', async () => {
    await expect(runScenario(parseScenario(yaml('no-such-experiment'), 't.yaml'), { scale: 'tiny' })).rejects.toThrow(/unknown experiment "no-such-experiment"; known experiments: .*ann-recall-latency/);
  });
});
