// The HTML report of each shipped workshop plan, as a room sees it: built from recorded tiny runs of the plan
// (test/fixtures/workshops/<plan>.results.json, written by `npx tsx bench/workshop-report.ts --record`, which also
// runs the plans live and checks their pages the same way — running both plans takes minutes) and opened in
// headless Chromium: no console errors, every figure clean in light, dark and print, contents links that land.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { findScenario, scenariosDir } from '../../src/scenario/catalog.js';
import { readRunResult } from '../../src/scenario/result-schema.js';
import { loadWorkshopPlan, type WorkshopStepResult } from '../../src/scenario/workshop.js';
import { workshopBlocks, workshopHtml } from '../../src/scenario/workshop-html.js';
import { chromiumUnavailable, expectCleanPage, launchChromium } from '../helpers/browser.js';

const plansDir = join(scenariosDir, 'workshops');
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'workshops');
const plans = readdirSync(plansDir).filter((f) => f.endsWith('.yaml')).sort();
const unavailable = chromiumUnavailable();

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
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

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
