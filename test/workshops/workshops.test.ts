// The example workshop plans in scenarios/workshops/ are valid (every scenario exists, every knob is declared and
// in range at each scale), and a short plan built from one of their steps runs at tiny through the same code as
// `recsys-lab workshop`, giving a report with each step's heading, its discussion prompt, its claims, and one SVG
// figure per line-chart metric.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../helpers/run-scenario.js'; // keeps the world and index caches in a temp folder
import { findScenario, scenariosDir } from '../../src/scenario/catalog.js';
import { resolveParams } from '../../src/scenario/params.js';
import { loadWorkshopPlan, runWorkshop, workshopReport, type WorkshopPlan } from '../../src/scenario/workshop.js';

const dir = join(scenariosDir, 'workshops');
const planFiles = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('example workshop plans', () => {
  it('include retrieval-101 and production-ml', () => {
    expect(planFiles).toEqual(expect.arrayContaining(['production-ml.yaml', 'retrieval-101.yaml']));
  });

  for (const file of planFiles) {
    it(`${file}: every step names a scenario, valid knobs at every scale, and a discussion prompt`, async () => {
      const plan = loadWorkshopPlan(join(dir, file));
      expect(plan.steps.length).toBeGreaterThanOrEqual(3);
      for (const step of plan.steps) {
        const scenario = await findScenario(step.scenario);
        for (const scale of ['tiny', 'small', 'full'] as const) expect(() => resolveParams(scenario, step.set, scale)).not.toThrow();
        expect(step.discuss?.trim().length ?? 0).toBeGreaterThan(20);
      }
    });
  }
});

describe('a short workshop at tiny scale', () => {
  it('writes a report with each step, its prompt and claims, and SVG figures for the line charts', { timeout: 180_000 }, async () => {
    const source = loadWorkshopPlan(join(dir, 'retrieval-101.yaml'));
    const step = source.steps.find((s) => s.scenario === 'ann-recall-latency')!;
    const plan: WorkshopPlan = { title: 'Short retrieval workshop', seed: 42, steps: [step, { ...step, title: 'The single point, no sweep', sweep: false }] };
    const steps = await runWorkshop(plan, { scale: 'tiny' });
    const { markdown, figures } = workshopReport(plan, steps, 'figs');
    expect(markdown).toMatch(/^# Short retrieval workshop/);
    expect(markdown).toContain(`## 1. ${step.title}`);
    expect(markdown).toContain('## 2. The single point, no sweep');
    expect(markdown).toContain(`**Discuss before the numbers:** ${step.discuss!.trim()}`);
    const scenario = await findScenario('ann-recall-latency');
    for (const claim of scenario.claims) expect(markdown).toContain(claim.text);
    // the sweep step has the ef-sweep line charts; the no-sweep step has no series to draw
    const lineMetrics = scenario.show.charts.filter((c) => c.type === 'line').flatMap((c) => c.y);
    expect(figures.map((f) => f.file).sort()).toEqual(lineMetrics.map((m) => `figs/1-ann-recall-latency-${m}.svg`).sort());
    for (const f of figures) {
      expect(f.svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      expect(markdown).toContain(`](${f.file})`);
    }
  });
});
