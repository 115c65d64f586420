/**
 * Figures as SVG for reports a room looks at: titles wrapped to fit, nice ticks thinned so no two labels
 * touch, a log axis where the sweep is log-spaced, axis titles in words with units, a legend for several
 * lines, claim thresholds as dashed rules, 95% intervals as error bars (or a band on long curves), the
 * Okabe–Ito colour-blind-safe palette, and light and dark themes through `prefers-color-scheme`.
 * Pure string output. Layout uses estimated text widths (axis.ts); test/render checks the result in Chromium.
 */
import { ellipsize, formatTicks, linearTicks, logTicks, textWidth, thinTicks, withinReach, wrapLines, type Ticks } from './axis.js';
import type { BarFigure, Figure, FigureRule, LineFigure } from './figure.js';
import { formatSignificant } from './numbers.js';

export interface SvgOptions {
  width?: number;
}

const FONT = "'DejaVu Sans', Verdana, 'Segoe UI', Arial, sans-serif";
const F = { title: 17, axis: 14, tick: 13, legend: 13, rule: 12, note: 12 };
const PAD = 14;
const LIGHT = { bg: '#ffffff', fg: '#1b1f24', muted: '#4a5058', grid: '#e3e6ea', axis: '#59606a', rule: '#3d4450' };
/** Okabe & Ito (2008), ordered for contrast on each background. */
export const FIGURE_PALETTE_LIGHT = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const PALETTE_DARK = ['#56B4E9', '#E69F00', '#009E73', '#CC79A7', '#F0E442', '#D55E00', '#FFFFFF'];

/** The figures' stylesheet: colours as variables, swapped for a dark page. Shared by the HTML report. */
export const FIGURE_CSS = [
  `.rl-fig{--bg:${LIGHT.bg};--fg:${LIGHT.fg};--muted:${LIGHT.muted};--grid:${LIGHT.grid};--axis:${LIGHT.axis};--rule:${LIGHT.rule};${FIGURE_PALETTE_LIGHT.map((c, i) => `--c${i}:${c}`).join(';')}}`,
  `@media (prefers-color-scheme: dark){.rl-fig{--bg:#15181c;--fg:#e6e8eb;--muted:#b6bcc4;--grid:#2d3239;--axis:#9aa2ad;--rule:#cfd4db;${PALETTE_DARK.map((c, i) => `--c${i}:${c}`).join(';')}}}`,
  '.rl-fig .rl-bg{fill:var(--bg)}.rl-fig text{fill:var(--fg)}.rl-fig text.rl-muted{fill:var(--muted)}',
  '.rl-fig .rl-grid{stroke:var(--grid)}.rl-fig .rl-axis{stroke:var(--axis)}.rl-fig .rl-rule{stroke:var(--rule)}',
  ...FIGURE_PALETTE_LIGHT.map((_, i) => `.rl-fig .rl-s${i}{stroke:var(--c${i})}.rl-fig .rl-f${i}{fill:var(--c${i})}`),
].join('\n');

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
const n1 = (v: number): string => (Math.round(v * 10) / 10).toString();

function text(x: number, y: number, s: string, size: number, cls: string, extra = ''): string {
  return `<text x="${n1(x)}" y="${n1(y)}" font-size="${size}" class="${cls}" fill="${cls.includes('rl-muted') ? LIGHT.muted : LIGHT.fg}"${extra}>${esc(s)}</text>`;
}

/** A marker of shape i (circle, square, triangle, diamond, …) so lines differ without colour too. */
function marker(i: number, x: number, y: number, r: number, cls: string): string {
  const shape = i % 6;
  const at = (pts: [number, number][]): string => `<path d="M${pts.map(([dx, dy]) => `${n1(x + dx)},${n1(y + dy)}`).join('L')}Z" class="${cls}"/>`;
  if (shape === 0) return `<circle cx="${n1(x)}" cy="${n1(y)}" r="${r}" class="${cls}"/>`;
  if (shape === 1) return at([[-r, -r], [r, -r], [r, r], [-r, r]]);
  if (shape === 2) return at([[0, -r * 1.25], [r * 1.15, r * 0.85], [-r * 1.15, r * 0.85]]);
  if (shape === 3) return at([[0, -r * 1.35], [r * 1.35, 0], [0, r * 1.35], [-r * 1.35, 0]]);
  if (shape === 4) return at([[0, r * 1.25], [r * 1.15, -r * 0.85], [-r * 1.15, -r * 0.85]]);
  return at([[-r, -r * 0.35], [-r * 0.35, -r * 0.35], [-r * 0.35, -r], [r * 0.35, -r], [r * 0.35, -r * 0.35], [r, -r * 0.35], [r, r * 0.35], [r * 0.35, r * 0.35], [r * 0.35, r], [-r * 0.35, r], [-r * 0.35, r * 0.35], [-r, r * 0.35]]);
}
const DASHES = ['', '7 4', '2 3', '10 3 2 3', '4 4', '1 2'];

interface Frame {
  parts: string[];
  width: number;
  top: number;
}

function open(fig: Figure, width: number): Frame {
  // the title is bold: about 12% wider than the regular face the estimate is for
  const lines = wrapLines(fig.title, (width - 2 * PAD) / 1.12, F.title, 2);
  const parts = lines.map((l, i) => text(PAD, PAD + F.title + i * 22, l, F.title, 'rl-title', ' font-weight="600"'));
  return { parts, width, top: PAD + lines.length * 22 + 12 };
}

function close(frame: Frame, fig: Figure, height: number): string {
  const W = frame.width;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="rl-fig rl-${fig.kind}" role="img" width="${W}" height="${n1(height)}" viewBox="0 0 ${W} ${n1(height)}" font-family="${FONT}">`,
    `<title>${esc(fig.title)}</title>`,
    `<style>${FIGURE_CSS}</style>`,
    `<rect class="rl-bg" width="${W}" height="${n1(height)}" fill="${LIGHT.bg}"/>`,
    ...frame.parts,
    '</svg>',
  ].join('\n') + '\n';
}

/** Legend rows (swatch + name) from `y` down; returns the y below the legend. */
function legend(parts: string[], names: string[], y: number, width: number, swatch: (i: number, x: number, y: number) => string): number {
  let [x, row] = [PAD, y];
  const maxText = width - 2 * PAD - 34;
  names.forEach((raw, i) => {
    const name = ellipsize(raw, maxText, F.legend);
    const w = 34 + textWidth(name, F.legend) + 18;
    if (x > PAD && x + w > width - PAD) [x, row] = [PAD, row + 22];
    parts.push(swatch(i, x, row + 8), text(x + 32, row + 13, name, F.legend, 'rl-legend'));
    x += w;
  });
  return row + 26;
}

/** Notes under the plot (thresholds that fall outside it), wrapped. */
function notes(parts: string[], items: string[], y: number, width: number): number {
  for (const item of items) {
    for (const line of wrapLines(item, width - 2 * PAD, F.note, 3)) {
      parts.push(text(PAD, y + F.note, line, F.note, 'rl-note rl-muted'));
      y += 17;
    }
  }
  return y + (items.length ? 6 : 0);
}

/** Which rules the axis range takes in (withinReach), and which are only noted. */
function rulesInReach(rules: FigureRule[], lo: number, hi: number, log: boolean): { inside: FigureRule[]; outside: FigureRule[] } {
  const drawn = (r: FigureRule): boolean => (r.always === true && (!log || r.value > 0)) || withinReach(r.value, lo, hi, log);
  return { inside: rules.filter(drawn), outside: rules.filter((r) => !drawn(r)) };
}

function outsideNote(r: FigureRule, lo: number): string {
  return `Dashed-line threshold not drawn, outside this chart's range: ${r.label} (${r.value < lo ? 'below' : 'above'} the data).`;
}

function yTicks(lo: number, hi: number, log: boolean, plotH: number): Ticks {
  const max = Math.max(3, Math.floor(plotH / 42));
  if (!log) return linearTicks(lo, hi, max, true);
  const t = logTicks(lo, hi, max);
  return { ...t, lo: Math.min(lo, t.ticks[0]), hi: Math.max(hi, t.ticks[t.ticks.length - 1]) };
}

/** A line chart: one line per series, markers, error bars or bands, rules, legend. */
export function svgLineFigure(fig: LineFigure, opts: SvgOptions = {}): string {
  const W = opts.width ?? 720;
  const frame = open(fig, W);
  const { parts } = frame;
  const plotH = 300;
  const logX = fig.x.scale === 'log';
  const logY = fig.y.scale === 'log';
  const pts = fig.lines.flatMap((l) => l.points);
  const ys = pts.flatMap((p) => [p.y, p.lo ?? p.y, p.hi ?? p.y]).filter((v) => !logY || v > 0);
  let [ylo, yhi] = [Math.min(...ys), Math.max(...ys)];
  const { inside, outside } = rulesInReach(fig.rules, ylo, yhi, logY);
  for (const r of inside) [ylo, yhi] = [Math.min(ylo, r.value), Math.max(yhi, r.value)];
  const yt = yTicks(ylo, yhi, logY, plotH);
  const xsAll = [...new Set(pts.map((p) => p.x))].sort((a, b) => a - b);
  const xt: Ticks = logX
    ? xsAll.length <= 12 ? { lo: xsAll[0], hi: xsAll[xsAll.length - 1], ticks: xsAll, labels: formatTicks(xsAll, NaN) } : logTicks(xsAll[0], xsAll[xsAll.length - 1], 10)
    : linearTicks(xsAll[0], xsAll[xsAll.length - 1], 8, false);
  if (xt.lo === xt.hi) [xt.lo, xt.hi] = logX ? [xt.lo / 2, xt.hi * 2] : [xt.lo - 1, xt.hi + 1];

  const yLabelW = Math.max(...yt.labels.map((l) => textWidth(l, F.tick)));
  const left = PAD + F.axis + 10 + yLabelW + 8;
  const lastX = xt.labels.length ? textWidth(xt.labels[xt.labels.length - 1], F.tick) / 2 : 0;
  const right = Math.max(PAD + 6, lastX + PAD);
  const [top, bottom] = [frame.top, frame.top + plotH];
  const plotW = W - left - right;
  const tx = (v: number): number => (logX ? Math.log10(v) : v);
  const ty = (v: number): number => (logY ? Math.log10(v) : v);
  const px = (v: number): number => left + ((tx(v) - tx(xt.lo)) / (tx(xt.hi) - tx(xt.lo))) * plotW;
  const py = (v: number): number => bottom - ((ty(v) - ty(yt.lo)) / (ty(yt.hi) - ty(yt.lo))) * plotH;

  // grid and y ticks
  yt.ticks.forEach((v, i) => {
    parts.push(`<line x1="${n1(left)}" y1="${n1(py(v))}" x2="${n1(W - right)}" y2="${n1(py(v))}" class="rl-grid" stroke="${LIGHT.grid}"/>`);
    parts.push(text(left - 8, py(v) + F.tick * 0.35, yt.labels[i], F.tick, 'rl-tick rl-ytick', ' text-anchor="end"'));
  });
  parts.push(`<path d="M${n1(left)},${n1(top)}V${n1(bottom)}H${n1(W - right)}" fill="none" class="rl-axis" stroke="${LIGHT.axis}"/>`);
  // x ticks, thinned so labels keep 10 px apart
  const extent = (i: number): [number, number] => {
    const w = textWidth(xt.labels[i], F.tick);
    return [px(xt.ticks[i]) - w / 2, px(xt.ticks[i]) + w / 2];
  };
  for (const i of thinTicks(xt.ticks.length, extent, 10)) {
    const x = px(xt.ticks[i]);
    parts.push(`<line x1="${n1(x)}" y1="${n1(bottom)}" x2="${n1(x)}" y2="${n1(bottom + 5)}" class="rl-axis" stroke="${LIGHT.axis}"/>`);
    parts.push(text(x, bottom + 8 + F.tick, xt.labels[i], F.tick, 'rl-tick rl-xtick', ' text-anchor="middle"'));
  }
  const xTitle = ellipsize(`${fig.x.title}${logX ? ' — log scale' : ''}`, W - 2 * PAD, F.axis);
  parts.push(text(left + plotW / 2, bottom + 8 + F.tick + 10 + F.axis, xTitle, F.axis, 'rl-axis-title', ' text-anchor="middle"'));
  const yTitle = ellipsize(`${fig.y.title}${logY ? ' — log scale' : ''}`, plotH, F.axis);
  parts.push(text(0, 0, yTitle, F.axis, 'rl-axis-title', ` text-anchor="middle" transform="translate(${PAD + F.axis - 2} ${n1(top + plotH / 2)}) rotate(-90)"`));

  // rules: dashed lines; each label goes where it covers the fewest data points (right or left, above or below
  // its line), never on another label, and is drawn after the data so no line crosses its text
  const labelled: [number, number, number, number][] = [];
  const labelParts: string[] = [];
  const marks = pts.filter((p) => !logY || p.y > 0).map((p) => [px(p.x), py(p.y)]);
  for (const r of inside) {
    const y = py(r.value);
    parts.push(`<line x1="${n1(left)}" y1="${n1(y)}" x2="${n1(W - right)}" y2="${n1(y)}" class="rl-rule" stroke="${LIGHT.rule}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
    const label = ellipsize(r.label, plotW * 0.8, F.rule);
    const w = textWidth(label, F.rule);
    const spots = [y - 6, y + 6 + F.rule]
      .filter((base) => base - F.rule >= top && base + 3 <= bottom)
      .flatMap((base) => [[W - right - 4 - w, base], [left + 4, base]] as [number, number][])
      .filter(([x0, base]) => !labelled.some(([a0, b0, a1, b1]) => x0 < a1 && x0 + w > a0 && base - F.rule < b1 && base + 3 > b0));
    const covered = ([x0, base]: [number, number]): number => marks.filter(([mx, my]) => mx > x0 - 6 && mx < x0 + w + 6 && my > base - F.rule - 6 && my < base + 9).length;
    const spot = spots.sort((a, b2) => covered(a) - covered(b2))[0];
    if (!spot) {
      outside.push(r);
      continue;
    }
    const [x0, base] = spot;
    labelled.push([x0, base - F.rule, x0 + w, base + 3]);
    labelParts.push(`<rect x="${n1(x0 - 2)}" y="${n1(base - F.rule)}" width="${n1(w + 4)}" height="${F.rule + 4}" class="rl-bg" fill="${LIGHT.bg}" opacity="0.85"/>`);
    labelParts.push(text(x0, base, label, F.rule, 'rl-rule-label'));
  }

  // lines, intervals, markers
  fig.lines.forEach((line, i) => {
    const c = i % FIGURE_PALETTE_LIGHT.length;
    const withCi = line.points.filter((p) => p.lo !== undefined && p.hi !== undefined);
    if (withCi.length > 25) {
      const upper = withCi.map((p) => `${n1(px(p.x))},${n1(py(p.hi!))}`);
      const lower = withCi.map((p) => `${n1(px(p.x))},${n1(py(p.lo!))}`).reverse();
      parts.push(`<path d="M${[...upper, ...lower].join('L')}Z" class="rl-f${c} rl-band" fill="${FIGURE_PALETTE_LIGHT[c]}" opacity="0.2"/>`);
    } else {
      for (const p of withCi) {
        if (logY && (p.lo! <= 0 || p.hi! <= 0)) continue;
        const [x, a, b] = [px(p.x), py(p.lo!), py(p.hi!)];
        parts.push(`<path d="M${n1(x - 4)},${n1(a)}H${n1(x + 4)}M${n1(x)},${n1(a)}V${n1(b)}M${n1(x - 4)},${n1(b)}H${n1(x + 4)}" class="rl-s${c} rl-errorbar" stroke="${FIGURE_PALETTE_LIGHT[c]}" stroke-width="1.5" fill="none"/>`);
      }
    }
    const drawn = line.points.filter((p) => !logY || p.y > 0);
    const dash = DASHES[i % DASHES.length];
    parts.push(`<polyline points="${drawn.map((p) => `${n1(px(p.x))},${n1(py(p.y))}`).join(' ')}" fill="none" class="rl-s${c} rl-line" stroke="${FIGURE_PALETTE_LIGHT[c]}" stroke-width="2.2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    if (drawn.length <= 40) for (const p of drawn) parts.push(marker(i, px(p.x), py(p.y), 3.6, `rl-f${c}`));
  });

  parts.push(...labelParts);
  let y = bottom + 8 + F.tick + 10 + F.axis + 14;
  if (fig.lines.length > 1) {
    y = legend(parts, fig.lines.map((l) => l.name), y, W, (i, x, yy) => {
      const c = i % FIGURE_PALETTE_LIGHT.length;
      const dash = DASHES[i % DASHES.length];
      return `<line x1="${x}" y1="${yy}" x2="${x + 26}" y2="${yy}" class="rl-s${c}" stroke="${FIGURE_PALETTE_LIGHT[c]}" stroke-width="2.2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>${marker(i, x + 13, yy, 3.6, `rl-f${c}`)}`;
    });
  }
  if (pts.some((p) => p.lo !== undefined)) y = notes(parts, ['Bars and bands: 95% bootstrap intervals.'], y, W);
  y = notes(parts, outside.map((r) => outsideNote(r, yt.lo)), y, W);
  return close(frame, fig, y + PAD - 6);
}

/** Horizontal bars (labels on the left read without rotation), grouped when several columns are compared. */
export function svgBarFigure(fig: BarFigure, opts: SvgOptions = {}): string {
  const W = opts.width ?? 720;
  const frame = open(fig, W);
  const { parts } = frame;
  const groups = fig.groups.length;
  const vals = fig.rows.flatMap((r) => r.values.flatMap((v) => (v ? [v.value, v.lo ?? v.value, v.hi ?? v.value] : [])));
  let [lo, hi] = [Math.min(0, ...vals), Math.max(0, ...vals)];
  const { inside, outside } = rulesInReach(fig.rules, lo, hi, false);
  for (const r of inside) [lo, hi] = [Math.min(lo, r.value), Math.max(hi, r.value)];
  const labelMax = W * 0.34;
  const rowLabels = fig.rows.map((r) => wrapLines(r.label, labelMax, F.tick, 2));
  const labelW = Math.min(labelMax, Math.max(...rowLabels.flat().map((l) => textWidth(l, F.tick))));
  const valueText = (v: number): string => formatSignificant(v);
  const valueW = Math.max(...vals.map((v) => textWidth(valueText(v), F.tick))) + 8;
  const left = PAD + labelW + 12;
  const right = PAD + valueW + 4;
  const plotW = W - left - right;
  const xt = linearTicks(lo, hi, Math.max(3, Math.floor(plotW / 90)), true);
  const px = (v: number): number => left + ((v - xt.lo) / (xt.hi - xt.lo)) * plotW;
  const barH = groups > 1 ? 16 : 22;
  const ruleBand = inside.length ? (F.rule + 8) * Math.min(2, inside.length) : 0;
  const top = frame.top + ruleBand;
  let y = top;
  const rowTops = fig.rows.map((_, i) => {
    const h = Math.max(groups * barH, rowLabels[i].length * 16) + 12;
    const at = y;
    y += h;
    return [at, h] as const;
  });
  const bottom = y;
  xt.ticks.forEach((v) => parts.push(`<line x1="${n1(px(v))}" y1="${n1(top)}" x2="${n1(px(v))}" y2="${n1(bottom)}" class="rl-grid" stroke="${LIGHT.grid}"/>`));
  fig.rows.forEach((row, i) => {
    const [at, h] = rowTops[i];
    const mid = at + h / 2;
    rowLabels[i].forEach((l, k) => parts.push(text(left - 10, mid + F.tick * 0.35 + (k - (rowLabels[i].length - 1) / 2) * 16, l, F.tick, 'rl-tick rl-category', ' text-anchor="end"')));
    row.values.forEach((v, g) => {
      if (!v) return;
      const c = g % FIGURE_PALETTE_LIGHT.length;
      const y0 = mid - (groups * barH) / 2 + g * barH + 2;
      const [a, b] = [px(Math.min(0, v.value)), px(Math.max(0, v.value))];
      parts.push(`<rect x="${n1(a)}" y="${n1(y0)}" width="${n1(Math.max(1, b - a))}" height="${barH - 4}" class="rl-f${c} rl-bar" fill="${FIGURE_PALETTE_LIGHT[c]}"/>`);
      let end = b;
      if (v.lo !== undefined && v.hi !== undefined) {
        const [l, r, ym] = [px(v.lo), px(v.hi), y0 + (barH - 4) / 2];
        parts.push(`<path d="M${n1(l)},${n1(ym - 5)}V${n1(ym + 5)}M${n1(l)},${n1(ym)}H${n1(r)}M${n1(r)},${n1(ym - 5)}V${n1(ym + 5)}" class="rl-axis rl-errorbar" stroke="${LIGHT.axis}" stroke-width="1.5" fill="none"/>`);
        end = Math.max(end, r);
      }
      parts.push(text(end + 5, y0 + (barH - 4) / 2 + F.tick * 0.35, valueText(v.value), F.tick, 'rl-value'));
    });
  });
  parts.push(`<path d="M${n1(px(Math.max(xt.lo, Math.min(0, xt.hi))))},${n1(top)}V${n1(bottom)}M${n1(left)},${n1(bottom)}H${n1(W - right)}" fill="none" class="rl-axis" stroke="${LIGHT.axis}"/>`);
  const extent = (i: number): [number, number] => {
    const w = textWidth(xt.labels[i], F.tick);
    return [px(xt.ticks[i]) - w / 2, px(xt.ticks[i]) + w / 2];
  };
  for (const i of thinTicks(xt.ticks.length, extent, 10)) parts.push(text(px(xt.ticks[i]), bottom + 8 + F.tick, xt.labels[i], F.tick, 'rl-tick rl-xtick', ' text-anchor="middle"'));
  parts.push(text(left + plotW / 2, bottom + 8 + F.tick + 10 + F.axis, ellipsize(fig.value.title, W - 2 * PAD, F.axis), F.axis, 'rl-axis-title', ' text-anchor="middle"'));
  // rules: vertical dashed lines labelled in the band above the bars
  const placed: [number, number, number][] = [];
  for (const r of inside) {
    const x = px(r.value);
    parts.push(`<line x1="${n1(x)}" y1="${n1(top - 4)}" x2="${n1(x)}" y2="${n1(bottom)}" class="rl-rule" stroke="${LIGHT.rule}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
    const label = ellipsize(r.label, plotW, F.rule);
    const w = textWidth(label, F.rule);
    const x0 = Math.min(W - PAD - w, Math.max(PAD, x - w / 2));
    const row = [0, 1].find((k) => k * (F.rule + 8) < ruleBand && !placed.some(([a, b, rr]) => rr === k && x0 < b + 6 && x0 + w > a - 6));
    if (row === undefined) {
      outside.push(r);
      continue;
    }
    placed.push([x0, x0 + w, row]);
    parts.push(text(x0, top - 8 - row * (F.rule + 8), label, F.rule, 'rl-rule-label'));
  }
  y = bottom + 8 + F.tick + 10 + F.axis + 14;
  if (groups > 1) y = legend(parts, fig.groups, y, W, (i, x, yy) => `<rect x="${x + 4}" y="${yy - 7}" width="18" height="14" class="rl-f${i % FIGURE_PALETTE_LIGHT.length}" fill="${FIGURE_PALETTE_LIGHT[i % FIGURE_PALETTE_LIGHT.length]}"/>`);
  if (vals.length && fig.rows.some((r) => r.values.some((v) => v?.lo !== undefined))) y = notes(parts, ['Whiskers: 95% intervals.'], y, W);
  y = notes(parts, outside.map((r) => outsideNote(r, xt.lo)), y, W);
  return close(frame, fig, y + PAD - 6);
}

export function svgFigure(fig: Figure, opts: SvgOptions = {}): string {
  return fig.kind === 'line' ? svgLineFigure(fig, opts) : svgBarFigure(fig, opts);
}
