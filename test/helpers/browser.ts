// Headless Chromium (the Debian package) through playwright-core, which drives an installed browser and downloads
// none, and the checks a person makes looking at a page: text inside its figure, tick labels apart, contrast.
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
// the flags Chromium needs on this machine's closed network (background fetches are refused and slow it down)
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Why the browser tests cannot run here, or null when they can. As root (CI) a missing browser is a failure. */
export function chromiumUnavailable(): string | null {
  if (existsSync(CHROMIUM)) return null;
  if (process.getuid?.() === 0) return null; // CI is root and installs it (.ci/run): let the launch fail loudly
  return `${CHROMIUM} is missing and this process is not root: install it with \`apt-get install chromium\` to run the render checks`;
}

/** A fresh headless Chromium; playwright gives it a new empty profile (user data dir) each launch. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60_000 });
}

/** A page that records console errors, page errors and every request other than the document itself. */
export async function openPage(browser: Browser, html: string, colorScheme: 'light' | 'dark'): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 }, colorScheme });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
  });
  await page.setContent(html, { waitUntil: 'load', timeout: 60_000 });
  return { page, errors, requests };
}

export interface FigureProblem {
  figure: string;
  problem: string;
}

// Page-side code is a string: a function passed to page.evaluate would carry the transpiler's helpers (tsx's
// `__name`), which do not exist in the page.
const COLOUR_HELPERS = String.raw`
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p[3] ?? 1];
  };
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => {
    const [la, lb] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (la + 0.05) / (lb + 0.05);
  };`;

const FIGURE_CHECKS = String.raw`(() => {
  ${COLOUR_HELPERS}
  const problems = [];
  let texts = 0;
  const figs = [...document.querySelectorAll('svg.rl-fig')];
  for (const svg of figs) {
    const name = svg.querySelector('title')?.textContent ?? '(untitled)';
    const box = svg.getBoundingClientRect();
    if (box.width < 50 || box.height < 50) problems.push({ figure: name, problem: 'drawn at ' + box.width + '×' + box.height });
    if (svg.querySelectorAll('polyline, rect.rl-bar, path.rl-band').length === 0) problems.push({ figure: name, problem: 'no line or bar drawn' });
    const bg = parse(getComputedStyle(svg.querySelector('rect.rl-bg')).fill);
    const els = [...svg.querySelectorAll('text')];
    const rects = els.map((t) => t.getBoundingClientRect());
    texts += els.length;
    els.forEach((t, i) => {
      const r = rects[i];
      const label = '"' + t.textContent + '"';
      if (r.width === 0 || r.height === 0) problems.push({ figure: name, problem: label + ' has an empty box' });
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
        problems.push({ figure: name, problem: label + ' sticks out of the figure (' + Math.round(r.left - box.left) + ',' + Math.round(r.top - box.top) + ' ' + Math.round(r.width) + '×' + Math.round(r.height) + ' in ' + Math.round(box.width) + '×' + Math.round(box.height) + ')' });
      }
      const ratio = contrast(parse(getComputedStyle(t).fill), bg);
      if (ratio < 4.5) problems.push({ figure: name, problem: label + ' contrast ' + ratio.toFixed(2) + ' < 4.5' });
      for (let j = 0; j < i; j++) {
        const o = rects[j];
        const w = Math.min(r.right, o.right) - Math.max(r.left, o.left);
        const h = Math.min(r.bottom, o.bottom) - Math.max(r.top, o.top);
        if (w > 0.5 && h > 0.5) problems.push({ figure: name, problem: label + ' overlaps "' + els[j].textContent + '"' });
      }
    });
  }
  return { figures: figs.length, texts, problems };
})()`;

const HTML_CONTRAST = String.raw`(() => {
  ${COLOUR_HELPERS}
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0.99) return c;
    }
    return [255, 255, 255, 1];
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || seen.has(el) || !n.textContent.trim() || el.closest('svg')) continue;
    seen.add(el);
    const ratio = contrast(parse(getComputedStyle(el).color), background(el));
    if (ratio < 4.5) out.push('<' + el.tagName.toLowerCase() + ' class="' + el.className + '"> "' + n.textContent.trim().slice(0, 40) + '" contrast ' + ratio.toFixed(2));
  }
  return out;
})()`;

/**
 * In the page: for every SVG figure (svg.rl-fig), each text element's box inside the figure's box, no two text
 * boxes overlapping (tick labels included), each text's contrast against the figure background ≥ 4.5, and the
 * figure drawn (non-zero size, at least one line or bar). Returns the problems found, named by figure title.
 */
export async function figureProblems(page: Page): Promise<{ figures: number; texts: number; problems: FigureProblem[] }> {
  return page.evaluate(FIGURE_CHECKS) as Promise<{ figures: number; texts: number; problems: FigureProblem[] }>;
}

/** In the page: HTML text (outside the figures) whose contrast against its nearest opaque background is below 4.5. */
export async function htmlContrastProblems(page: Page): Promise<string[]> {
  return page.evaluate(HTML_CONTRAST) as Promise<string[]>;
}

/**
 * Opens `html` and expects a clean page in the light theme, the dark theme and for print (a dark-mode reader printing
 * gets paper colours): `figures` figures, none with a problem, page text at contrast ≥ 4.5, no console errors, no
 * fetches at view time. The page is loaded once and looked at under the three emulated media: it has no script
 * (checked), so what it shows follows its CSS alone. `onLight` makes further checks on the light page.
 */
export async function expectCleanPage(browser: Browser, html: string, figures: number, onLight?: (page: Page) => Promise<void>): Promise<void> {
  expect(html, 'a page with a script would need a load per theme').not.toMatch(/<script/i);
  const { page, errors, requests } = await openPage(browser, html, 'light');
  try {
    for (const scheme of ['light', 'dark', 'print'] as const) {
      if (scheme === 'dark') await page.emulateMedia({ colorScheme: 'dark' });
      if (scheme === 'print') await page.emulateMedia({ colorScheme: 'dark', media: 'print' });
      const found = await figureProblems(page);
      expect(found.figures, `${scheme}: figures drawn`).toBe(figures);
      expect(found.problems, `${scheme}: what a reader would trip over`).toEqual([]);
      expect(await htmlContrastProblems(page), `${scheme}: page text contrast`).toEqual([]);
      expect(errors, `${scheme}: console errors`).toEqual([]);
      expect(requests, `${scheme}: fetches at view time`).toEqual([]);
      if (scheme === 'light') await onLight?.(page);
    }
  } finally {
    await page.close();
  }
}
