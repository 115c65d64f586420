// The check every topic file makes of every finding (test/helpers/findings-move.ts), on a made-up experiment: a finding
// passes only through a metric that is present in both runs and differs; a constant, or a metric the contrast run
// does not report, is stuck.
import { describe, expect, it } from 'vitest';
import { registerExperiment } from '../../src/experiments/index.js';
import { runScenario } from '../../src/scenario/runner.js';
import { parseScenario } from '../../src/scenario/schema.js';
import { findingsMove } from '../helpers/findings-move.js';

registerExperiment({
  id: 'test-findings-move',
  description: 'y = 2·x, a constant c, z = x reported only while x < 50, and the knob w echoed',
  async run(ctx) {
    const x = Number(ctx.params.x);
    return { metrics: { y: 2 * x, c: 7, w: Number(ctx.params.w), ...(x < 50 ? { z: x } : {}) } };
  },
});

const scenario = (claims: string, contrast = 'contrast: { x: 60 }') =>
  parseScenario(
    `
id: t
title: T
topic: deep-dives
section: test
question: q
lesson: metrics
experiment: test-findings-move
params:
  x: { type: int, default: 3, min: 0, max: 100, description: x }
  w: { type: int, default: 1, min: 0, max: 100, description: w }
headline: [y]
${contrast}
claims:
${claims}`,
    't.yaml',
  );

const movesOf = async (claims: string, contrast?: string, knobs: Record<string, number> = {}) => {
  const s = scenario(claims, contrast);
  return findingsMove(s, await runScenario(s, { scale: 'tiny', params: knobs }), knobs);
};

describe('findings move under the contrast setting', () => {
  it('passes a finding whose metric moves, and hands back the contrast run', async () => {
    const { stuck, contrast } = await movesOf('  - { text: y positive, expr: y > 0, kind: finding }');
    expect(stuck).toEqual([]);
    expect(contrast?.metrics.y).toBe(120);
  });

  it('reports a finding that reads only a constant', async () => {
    const { stuck } = await movesOf('  - { text: c positive, expr: c > 0, kind: finding }\n  - { text: y positive, expr: y > 0, kind: finding }');
    expect(stuck).toHaveLength(1);
    expect(stuck[0]).toMatch(/finding 0 "c positive": none of c moves/);
  });

  it('reports a finding whose metric the contrast run does not report (absent is not moved)', async () => {
    const { stuck } = await movesOf('  - { text: z small, expr: z < 50, kind: finding }');
    expect(stuck).toHaveLength(1);
    expect(stuck[0]).toMatch(/none of z moves/);
  });

  it("makes the contrast run at the default run's knobs (the suite's size), the contrast's own knobs winning", async () => {
    const { stuck, contrast } = await movesOf('  - { text: y positive, expr: y > 0, kind: finding }', undefined, { w: 5, x: 10 });
    expect(stuck).toEqual([]);
    expect(contrast?.metrics.w).toBe(5);
    expect(contrast?.metrics.y).toBe(120);
    // a finding that reads only the knob both runs share is stuck, and the message names the knobs
    const knobOnly = await movesOf('  - { text: w positive, expr: w > 0, kind: finding }', undefined, { w: 5 });
    expect(knobOnly.stuck).toEqual([expect.stringMatching(/none of w moves under contrast \{"x":60\} at the suite's knobs \{"w":5\}/)]);
  });

  it('leaves checks alone, and asks for a contrast setting when there are findings', async () => {
    expect((await movesOf('  - { text: c is seven, expr: c == 7, kind: check }', '')).stuck).toEqual([]);
    expect((await movesOf('  - { text: y positive, expr: y > 0, kind: finding }', '')).stuck).toEqual(['t has findings but no contrast: knob setting to show they can move']);
  });
});
