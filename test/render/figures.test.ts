// The figures and the HTML report as a person sees them: rendered by headless Chromium (the Debian package, driven
// by playwright-core), in the light and the dark theme. Every text inside its figure, no two labels overlapping,
// contrast ≥ 4.5:1, every figure drawn, no console errors, nothing fetched. Every chart of every scenario is drawn
// from a small synthetic run@2 document shaped like the scenario's charts (test/helpers/synthetic-run.ts) — the
// real runs of all scenarios are the expensive part of the suite — plus one real tiny run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { findScenario, listScenarios } from '../../src/scenario/catalog.js';
import { renderHtml } from '../../src/scenario/format/html.js';
import { buildReport, type Block } from '../../src/scenario/format/report.js';
import { svgFigure } from '../../src/scenario/format/svg.js';
import { chromiumUnavailable, expectCleanPage, figureProblems, launchChromium, openPage } from '../helpers/browser.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';
import { syntheticRun } from '../helpers/synthetic-run.js';

const unavailable = chromiumUnavailable();
if (unavailable) console.warn(`render checks skipped: ${unavailable}`);

const SCHEMES = ['light', 'dark'] as const;

const figuresIn = (blocks: Block[]): number => blocks.filter((b) => b.kind === 'chart' && b.figure).length;

describe.skipIf(unavailable !== null)('figures and reports in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

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
    const result = await runScenarioForTest('ann-recall-latency');
    const blocks = buildReport(result, scenario);
    const html = renderHtml({ title: scenario.title, blocks, about: [['commit', 'test']] });
    expect(html).not.toMatch(/<script|<link|@import|url\(/); // nothing that could fetch at view time
    await expectCleanPage(browser, html, figuresIn(blocks));
  });
});
