// The HTML report is a function of report blocks: claims with verdict badges and their observed values with
// intervals, the environment with its noise warnings, contents that link to what they list, nothing fetched.
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenario/catalog.js';
import { renderHtml } from '../../src/scenario/format/html.js';
import { buildReport } from '../../src/scenario/format/report.js';
import { syntheticRun } from '../helpers/synthetic-run.js';

const scenario = await findScenario('ann-recall-latency');
const result = syntheticRun(scenario);
const html = renderHtml({ title: scenario.title, blocks: buildReport(result, scenario), about: [['commit', 'abc1234'], ['machine', 'test box']] });

describe('the HTML report', () => {
  it('is one document with its styles inline and nothing to fetch', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|(?<!xmlns=")https?:\/\//); // the SVG namespace is a name, not a fetch
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).toContain('@media print');
  });

  it('gives each claim its verdict badge, its expression and its observed values with intervals', () => {
    for (const c of result.claims) {
      expect(html).toContain(`<span class="badge ${c.verdict}">`);
      expect(html).toContain(c.expr.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    }
    const [name, iv] = Object.entries(result.claims[0].intervals!)[0];
    expect(html).toContain(`<code>${name}</code>`);
    expect(html).toContain(`95% interval ${iv[0].toFixed(4)} – ${iv[1].toFixed(4)}`);
  });

  it('shows the environment, the busy-machine warnings, the commit and the machine', () => {
    expect(html).toContain('<dt>cpus</dt><dd>2</dd>');
    for (const w of result.environment.noise!.warnings) expect(html).toContain(w);
    expect(html).toContain('<dt>commit</dt><dd>abc1234</dd>');
    expect(html).toContain('<dt>machine</dt><dd>test box</dd>');
  });

  it('lists figures and claims in its contents, each link landing on an element', () => {
    const links = [...html.matchAll(/<nav class="toc"[\s\S]*?<\/nav>/g)][0][0].match(/href="#([^"]+)"/g)!.map((h) => h.slice(7, -1));
    expect(links.length).toBeGreaterThanOrEqual(4); // 3 figures of ann-recall-latency, the claims, about
    for (const id of links) expect(html).toContain(`id="${id}"`);
    expect(new Set(links).size).toBe(links.length);
  });

  it('draws every chart as inline SVG with the page\'s one stylesheet', () => {
    const figures = html.match(/<svg [^>]*class="rl-fig/g) ?? [];
    expect(figures.length).toBe(scenario.show.charts.length);
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it('escapes text from results', () => {
    const page = renderHtml({ title: 'x', blocks: [{ kind: 'heading', text: '<b>t</b>', level: 1 }, { kind: 'paragraph', text: 'a < b & "c"' }] });
    expect(page).toContain('&lt;b&gt;t&lt;/b&gt;');
    expect(page).toContain('a &lt; b &amp; &quot;c&quot;');
  });
});
