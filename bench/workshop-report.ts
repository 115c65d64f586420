/**
 * `npx tsx bench/workshop-report.ts [--record] [plan.yaml …]`
 * Runs the shipped workshop plans (scenarios/workshops/*.yaml) at tiny scale, writes each one's HTML report to
 * bench/.tmp/<plan>.html, and opens it in headless Chromium as the render test does: no console errors, no
 * network requests, every figure's text inside it, no overlapping labels, contrast ≥ 4.5 in light and dark.
 * Exits 1 on a problem. `--record` also writes the runs to test/fixtures/workshops/<plan>.results.json, the
 * recorded reports test/render/figures.test.ts opens (running both plans takes minutes; the test, seconds).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenariosDir } from '../src/scenario/catalog.js';
import { loadWorkshopPlan, runWorkshop } from '../src/scenario/workshop.js';
import { workshopHtml } from '../src/scenario/workshop-html.js';
import { chromiumUnavailable, figureProblems, htmlContrastProblems, launchChromium, openPage } from '../test/helpers/browser.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const record = args.includes('--record');
const plans = args.filter((a) => !a.startsWith('--'));
const files = plans.length ? plans : readdirSync(join(scenariosDir, 'workshops')).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(scenariosDir, 'workshops', f));
const unavailable = chromiumUnavailable();
if (unavailable) {
  console.error(`workshop-report: ${unavailable}`);
  process.exit(2);
}
const outDir = join(here, '.tmp');
mkdirSync(outDir, { recursive: true });
const browser = await launchChromium();
let failed = false;
try {
  for (const file of files) {
    const name = basename(file, '.yaml');
    const plan = loadWorkshopPlan(file);
    const t0 = performance.now();
    const steps = await runWorkshop(plan, { scale: 'tiny', onStep: (i, n, id) => process.stderr.write(`[${name} ${i + 1}/${n}] ${id}\n`) });
    const seconds = (performance.now() - t0) / 1000;
    const html = workshopHtml(plan, steps, [['command', `npx tsx bench/workshop-report.ts ${name}`]]);
    writeFileSync(join(outDir, `${name}.html`), html);
    if (record) {
      const fixtures = join(here, '..', 'test', 'fixtures', 'workshops');
      mkdirSync(fixtures, { recursive: true });
      writeFileSync(join(fixtures, `${name}.results.json`), JSON.stringify(steps.map((s) => s.result)) + '\n');
    }
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors, requests } = await openPage(browser, html, scheme);
      const figs = await figureProblems(page);
      const contrast = await htmlContrastProblems(page);
      await page.close();
      const problems = [...errors.map((e) => `console: ${e}`), ...requests.map((r) => `request: ${r}`), ...figs.problems.map((p) => `${p.figure}: ${p.problem}`), ...contrast];
      console.log(`${name} (${scheme}): ${steps.length} steps in ${seconds.toFixed(0)} s, ${figs.figures} figures, ${figs.texts} texts, ${problems.length} problems`);
      for (const p of problems) console.log(`  ${p}`);
      failed ||= problems.length > 0;
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
