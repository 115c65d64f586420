// The figures and the HTML report as a person sees them: rendered by headless Chromium (the Debian package, driven
// by playwright-core), in the light and the dark theme. Every text inside its figure, no two labels overlapping,
// contrast ≥ 4.5:1, every figure drawn, no console errors, nothing fetched. Every chart of every scenario is drawn
// from a small synthetic run@2 document shaped like the scenario's charts (test/helpers/synthetic-run.ts) — the
// real runs of all scenarios are the expensive part of the suite — plus one real tiny run. And the HTML report of each
// shipped workshop plan, as a room sees it: built from recorded tiny runs of the plan
// (test/fixtures/workshops/<plan>.results.json, written by `npx tsx bench/workshop-report.ts --record`, which also
// runs the plans live and checks their pages the same way — running both plans takes minutes): no console errors,
// every figure clean in light, dark and print, contents links that land. One browser for the file (a launch costs
// more than most of its checks).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { findScenario, listScenarios, scenariosDir } from '../../src/scenario/catalog.js';
import { renderHtml } from '../../src/scenario/format/html.js';
import { buildReport, type Block } from '../../src/scenario/format/report.js';
import { svgFigure } from '../../src/scenario/format/svg.js';
import { readRunResult } from '../../src/scenario/result-schema.js';
import { loadWorkshopPlan, type WorkshopStepResult } from '../../src/scenario/workshop.js';
import { workshopBlocks, workshopHtml } from '../../src/scenario/workshop-html.js';
import { chromiumUnavailable, expectCleanPage, figureProblems, launchChromium, openPage } from '../helpers/browser.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';
import { syntheticRun } from '../helpers/synthetic-run.js';

const unavailable = chromiumUnavailable();
if (unavailable) console.warn(`render checks skipped: ${unavailable}`);

const SCHEMES = ['light', 'dark'] as const;

const figuresIn = (blocks: Block[]): number => blocks.filter((b) => b.kind === 'chart' && b.figure).length;

let browser: Browser;
beforeAll(async () => {
  if (unavailable === null) browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(unavailable !== null)('figures and reports in headless Chromium', () => {
  it('every chart of every scenario reads cleanly in light and dark (synthetic run@2 documents)', { timeout: 180_000 }, async () => {
    const scenarios = await listScenarios();
    const blocks: Block[] = [{ kind: 'heading', text: 'Every chart of every scenario', level: 1 }];
    for (const s of scenarios) blocks.push(...buildReport(syntheticRun(s), s).map((b): Block => (b.kind === 'heading' ? { ...b, level: 2 } : b)));
    const expected = figuresIn(blocks);
    // each scenario's every chart spec gives at least one figure
    expect(expected).toBeGreaterThanOrEqual(scenarios.filter((s) => s.show.charts.length > 0).length);
    await expectCleanPage(browser, renderHtml({ title: 'figures', blocks }), expected);
  });

  it('each figure kind reads alone, as the SVG file beside a markdown report', { timeout: 120_000 }, async () => {
    const pick = async (id: string, kind: 'line' | 'bars', test: (keys: string[]) => boolean) => {
      const s = await findScenario(id);
      const fig = buildReport(syntheticRun(s), s).flatMap((b) => (b.kind === 'chart' && b.figure ? [b.figure] : [])).find((f) => f.kind === kind && test(f.keys));
      if (!fig) throw new Error(`${id}: no ${kind} figure`);
      return fig;
    };
    const kinds = [
      await pick('latency-budget', 'line', (k) => k.length > 1), // several lines, legend, claim thresholds, error bars
      await pick('retraining-policy', 'line', (k) => k.length > 1), // five long curves with bands
      await pick('two-tower-vs-single-tower', 'line', (k) => k.length > 1), // log x over catalog sizes
      await pick('latency-budget', 'bars', () => true), // bars against a budget, interval whiskers
      await pick('offline-online-gap', 'bars', (k) => k.length > 1), // grouped bars with a legend, long row labels
    ];
    // one page (a page costs more than the checks): each SVG file loaded into it in turn, looked at in both themes
    const { page, errors } = await openPage(browser, svgFigure(kinds[0]), 'light');
    try {
      for (const [i, fig] of kinds.entries()) {
        if (i > 0) await page.setContent(svgFigure(fig), { waitUntil: 'load' });
        for (const scheme of SCHEMES) {
          await page.emulateMedia({ colorScheme: scheme });
          const found = await figureProblems(page);
          expect(found.figures, fig.title).toBe(1);
          expect(found.problems, `${fig.title} (${scheme})`).toEqual([]);
          expect(errors).toEqual([]);
        }
      }
    } finally {
      await page.close();
    }
  });

  it('the HTML report of a real tiny run opens cleanly', { timeout: 180_000 }, async () => {
    const scenario = await findScenario('ann-recall-latency');
    // a cut catalog (1,000 items, 50 queries, 100 timed searches a point, the knobs' floors but the queries'): the same
    // report (the ef sweep's two line charts, the tables, the claims) with real numbers in it, which is what the page
    // is checked for; the default 5,000 items only made the index build and the sweep dearer
    const result = await runScenarioForTest('ann-recall-latency', { params: { items: 1000, queries: 50, samples: 100 } });
    const blocks = buildReport(result, scenario);
    const html = renderHtml({ title: scenario.title, blocks, about: [['commit', 'test']] });
    expect(html).not.toMatch(/<script|<link|@import|url\(/); // nothing that could fetch at view time
    await expectCleanPage(browser, html, figuresIn(blocks));
  });
});

const plansDir = join(scenariosDir, 'workshops');
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'workshops');
const plans = readdirSync(plansDir).filter((f) => f.endsWith('.yaml')).sort();

async function recordedSteps(file: string): Promise<WorkshopStepResult[]> {
  const plan = loadWorkshopPlan(join(plansDir, file));
  const path = join(fixtures, file.replace(/\.yaml$/, '.results.json'));
  expect(existsSync(path), `${path} is missing: record it with \`npx tsx bench/workshop-report.ts --record\``).toBe(true);
  const docs = JSON.parse(readFileSync(path, 'utf8')) as unknown[];
  expect(docs.length, `${file} has ${plan.steps.length} steps, the recording ${docs.length}: re-record it`).toBe(plan.steps.length);
  return Promise.all(
    plan.steps.map(async (step, i) => {
      const result = readRunResult(docs[i]);
      expect(result, `${file} step ${i + 1}: not a run@1/run@2 document`).not.toBeNull();
      expect(result!.scenario).toBe(step.scenario);
      return { scenario: await findScenario(step.scenario), result: result!, discuss: step.discuss, title: step.title };
    }),
  );
}

describe.skipIf(unavailable !== null)('workshop HTML reports in headless Chromium', () => {
  for (const file of plans) {
    it(`${file}: opens with no console errors, every figure clean, every contents link landing`, { timeout: 180_000 }, async () => {
      const plan = loadWorkshopPlan(join(plansDir, file));
      const steps = await recordedSteps(file);
      const blocks = workshopBlocks(plan, steps);
      const html = workshopHtml(plan, steps, [['commit', 'recorded']]);
      const figures = blocks.filter((b) => b.kind === 'chart' && b.figure).length;
      expect(figures).toBeGreaterThan(0);
      // and on the light page: the contents links land, a badge per claim, a heading per step
      await expectCleanPage(browser, html, figures, async (page) => {
        const broken = await page.evaluate(String.raw`[...document.querySelectorAll('nav.toc a')].map((a) => a.getAttribute('href')).filter((h) => !document.getElementById(h.slice(1)))`);
        expect(broken).toEqual([]);
        const badges = await page.evaluate(String.raw`document.querySelectorAll('.badge').length`);
        expect(badges).toBe(steps.reduce((n, s) => n + s.result.claims.length, 0));
        const stepHeadings = await page.evaluate(String.raw`[...document.querySelectorAll('h2')].map((h) => h.textContent)`);
        plan.steps.forEach((s, i) => expect(stepHeadings).toContain(`${i + 1}. ${s.title ?? steps[i].scenario.title}`));
      });
    });
  }
});
