// The example workshop plans in scenarios/workshops/ are valid (every scenario exists, every knob is declared and
// in range at each scale), and a short plan built from one of their steps runs at tiny through the same code as
// `recsys-lab workshop`, giving a report with each step's heading, its discussion prompt, its claims, and one SVG
// figure per line-chart metric. Plans take seeds (whole plan or per step); the report opens with how busy the
// machine was and counts the three verdicts per step; the command takes run's output options (-q, --format, --seeds).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { withMeasureLimits } from '../../src/measure/index.js';
import { BRIEF_MEASURE } from '../helpers/run-scenario.js';
import { findScenario, scenariosDir } from '../../src/scenario/catalog.js';
import { resolveParams } from '../../src/scenario/params.js';
import { readRunResult, runResultSchema } from '../../src/scenario/result-schema.js';
import {
  loadWorkshopPlan, runWorkshop, verdictCounts, workshopJson, workshopPreamble, workshopReport, workshopText, type WorkshopPlan, type WorkshopStepResult,
} from '../../src/scenario/workshop.js';
import { annResult, annScenario } from '../ui/fixtures.js';
import { cliInProcess } from '../helpers/cli-in-process.js';

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

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
    const found = source.steps.find((s) => s.scenario === 'ann-recall-latency')!;
    // on a cut catalog (1,000 items, 50 queries, 100 timed searches a point): the report's parts (headings, prompts,
    // claims, one figure per line-chart metric) do not depend on the catalog's size, only its index build does
    const step = { ...found, set: { ...found.set, items: 1000, queries: 50, samples: 100 } };
    const plan: WorkshopPlan = { title: 'Short retrieval workshop', seed: 42, steps: [step, { ...step, title: 'The single point, no sweep', sweep: false }] };
    // brief measurements, as every test run (test/helpers/run-scenario.ts): the report is checked, not the timings
    const steps = await withMeasureLimits(BRIEF_MEASURE, () => runWorkshop(plan, { scale: 'tiny' }));
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

describe('seeds in a workshop plan', () => {
  const base = { title: 't', steps: [{ scenario: 'drift-psi', set: {}, sweep: true }] };
  const planFile = (doc: unknown): string => {
    const dir = mkdtempSync(join(tmpdir(), 'recsys-lab-plan-'));
    scratch.push(dir);
    const file = join(dir, 'plan.yaml');
    writeFileSync(file, stringifyYaml(doc));
    return file;
  };

  it('are accepted for the whole plan and per step, and refused out of 1 … 20 naming the field', () => {
    const plan = loadWorkshopPlan(planFile({ ...base, seeds: 3, steps: [{ scenario: 'drift-psi', seeds: 2 }, { scenario: 'ab-test' }] }));
    expect(plan.seeds).toBe(3);
    expect(plan.steps.map((s) => s.seeds)).toEqual([2, undefined]);
    expect(() => loadWorkshopPlan(planFile({ ...base, seeds: 0 }))).toThrow(/seeds: .*(>=|at least|too small).*1/i);
    expect(() => loadWorkshopPlan(planFile({ ...base, steps: [{ scenario: 'drift-psi', seeds: 21 }] }))).toThrow(/steps\.0\.seeds: .*20/);
  });

  it('a step\'s seeds, else the plan\'s, else one; --seeds on the command line overrides both', { timeout: 240_000 }, async () => {
    const SHORT = { days: 10, requestsPerDay: 10, largeN: 1000, newCategoryDay: 3, tasteChangeDay: 5, largeNDay: 11 };
    const plan: WorkshopPlan = { title: 'Seeds', seeds: 2, steps: [{ scenario: 'drift-psi', set: SHORT, sweep: true, seeds: 1 }, { scenario: 'drift-psi', set: SHORT, sweep: true }] };
    // brief measurements, as the report test above: seeds and their count are checked, not timings
    const steps = await withMeasureLimits(BRIEF_MEASURE, () => runWorkshop(plan, { scale: 'tiny' }));
    expect(steps.map((s) => s.result.seeds?.seeds.length ?? 1)).toEqual([1, 2]);
    const { markdown } = workshopReport(plan, steps, 'figs');
    expect(markdown).toMatch(/holds in \d of 2 seeds/);
    expect(markdown).toMatch(/seed 42 \(seeds per step as the plan says\)/);
    const overridden = await withMeasureLimits(BRIEF_MEASURE, () => runWorkshop({ ...plan, steps: [plan.steps[0]] }, { scale: 'tiny', seeds: 2 }));
    expect(overridden[0].result.seeds?.seeds).toHaveLength(2);
  });
});

describe('the workshop report says how busy the machine was and counts the verdicts', () => {
  const noise = (level: 'quiet' | 'busy', loadAvg1: number) => ({ level, loadAvg1, cpus: 2, calibrationCv: 0.05, cpuShare: 0.97, disturbedShare: 0, warnings: level === 'busy' ? ['load'] : [] });
  const step = (level: 'quiet' | 'busy' | undefined, load = 0.5): WorkshopStepResult => {
    const r = annResult({
      environment: { node: 'v20', tfjsBackend: 'none', cpus: 2, ...(level ? { noise: noise(level, load) } : {}) },
      claims: [
        { text: 'a', expr: 'x > 1', kind: 'finding', verdict: 'holds', holds: true, share: 1, replicates: 400, observed: {} },
        { text: 'b', expr: 'x > 2', kind: 'finding', verdict: 'inconclusive', holds: false, share: 0.5, replicates: 400, observed: {} },
        { text: 'c', expr: 'x > 3', kind: 'finding', verdict: 'holds', holds: true, share: 1, replicates: 400, observed: {} },
        { text: 'd', expr: 'y == 1', kind: 'check', verdict: 'holds', holds: true, share: 1, replicates: 1, observed: {} },
      ],
    });
    return { scenario: annScenario, result: r };
  };

  it('quiet throughout, busy at some steps, or not recorded', () => {
    expect(workshopPreamble([step('quiet', 0.4), step('quiet', 1.1)])[1]).toBe('The machine was quiet through every step (load average 0.40–1.10 on 2 cores): its timings are worth quoting.');
    expect(workshopPreamble([step('quiet', 0.4), step('busy', 6.5), step('busy', 3)])[1]).toMatch(/^⚠ The machine was busy during steps 2, 3 \(load average 0\.40–6\.50 on 2 cores\): timing claims there may be inconclusive/);
    expect(workshopPreamble([step('busy', 6.5)])[1]).toMatch(/busy during every step/);
    expect(workshopPreamble([step(undefined)])[1]).toBe('How busy the machine was is not recorded for these runs.');
  });

  it('the contents count ✓ / ✗ / ? per step, checks apart; text and JSON carry the same', () => {
    const plan: WorkshopPlan = { title: 'Counted', steps: [{ scenario: 'ann-recall-latency', set: {}, sweep: true }] };
    const steps = [step('busy', 5)];
    expect(verdictCounts(steps[0].result, { holds: '✓', fails: '✗', inconclusive: '?' })).toBe('✓ 2 · ? 1 (+ 1 check)');
    const { markdown } = workshopReport(plan, steps, 'figs');
    expect(markdown).toContain('1. HNSW against exact search — recall versus latency (`ann-recall-latency`) — ✅ 2 · ❔ 1 (+ 1 check)');
    expect(markdown).toContain('⚠ The machine was busy during every step');
    const text = workshopText(plan, steps);
    expect(text).toContain('  1. HNSW against exact search — recall versus latency (ann-recall-latency) — ✓ 2 · ? 1 (+ 1 check)');
    expect(text).toMatch(/\? inconclusive b/);
    expect(text).toContain('Checks (invariants of the code, not findings)');
    const doc = JSON.parse(workshopJson(plan, steps));
    expect(doc.schema).toBe('recsys-lab/workshop@1');
    expect(readRunResult(doc.steps[0].result)?.claims.map((c) => c.verdict)).toEqual(['holds', 'inconclusive', 'holds', 'holds']);
  });
});

describe('recsys-lab workshop takes the output options of run', () => {
  // the CLI's main() in this process (test/helpers/cli-in-process.ts): the binary's own workshop runs are spawned in
  // test/hostile (out-targets, claims)
  const here = async (...args: string[]) => {
    const r = await cliInProcess(['workshop', ...args]);
    return { status: r.code, stdout: r.stdout, stderr: r.stderr };
  };
  const short = () => {
    const dir = mkdtempSync(join(tmpdir(), 'recsys-lab-plan-'));
    scratch.push(dir);
    const file = join(dir, 'plan.yaml');
    writeFileSync(file, stringifyYaml({ title: 'Short', steps: [{ scenario: 'drift-psi', set: { days: 10, requestsPerDay: 10, largeN: 1000, newCategoryDay: 3, tasteChangeDay: 5, largeNDay: 11 } }] }));
    return file;
  };

  it('-q --format json --seeds 2: nothing on stderr, one workshop@1 document with each step\'s run@2', { timeout: 240_000 }, async () => {
    const r = await here(short(), '--scale', 'tiny', '-q', '--format', 'json', '--seeds', '2');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe('recsys-lab/workshop@1');
    expect(runResultSchema.safeParse(doc.steps[0].result).success).toBe(true);
    expect(doc.steps[0].result.seeds.seeds).toHaveLength(2);
  });

  it('--format text prints the report as text; bad --format and --seeds exit 2 naming the allowed values', { timeout: 240_000 }, async () => {
    const r = await here(short(), '--scale', 'tiny', '-q', '--format', 'text');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Short\n=====/);
    expect(r.stdout).toMatch(/Measured on this machine: Node v\d+/);
    expect(r.stdout).toMatch(/[✓✗?] (holds|fails|inconclusive)/);
    const bad = await here(short(), '--format', 'pdf');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--format must be one of md, html, text, json, got "pdf"');
    const seeds = await here(short(), '--seeds', '0');
    expect(seeds.status).toBe(2);
    expect(seeds.stderr).toContain('--seeds must be an integer in [1, 20], got "0"');
  });
});
