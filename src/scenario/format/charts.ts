/**
 * Text charts for terminals and markdown code blocks: a line chart for sweeps and horizontal bars
 * for per-stage latency against a budget. Pure string renderers, shared by CLI, TUI and reports.
 */
import { formatTicks, linearTicks, logTicks, withinReach } from './axis.js';
import type { Figure } from './figure.js';
import { formatNumber } from './numbers.js';

export interface LinePoint {
  x: number;
  y: number;
}
export interface LineSeries {
  name: string;
  points: LinePoint[];
}
export interface LineChartOptions {
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  /** log-scale x axis (sweeps over 10, 20, 50, 100 … read better on it) */
  logX?: boolean;
  /** log-scale y axis (lines orders of magnitude apart) */
  logY?: boolean;
  /** reference lines (claim thresholds) drawn as ┄ rows and named under the legend */
  rules?: { value: number; label: string; always?: boolean }[];
}

const MARKERS = ['●', '×', '◆', '▲', '○', '+'];

/** A scatter-and-line chart on a character grid: nice y ticks, x ticks that never run together, a legend line. */
export function lineChart(series: LineSeries[], opts: LineChartOptions = {}): string[] {
  const width = Math.max(20, opts.width ?? 60);
  const height = Math.max(5, opts.height ?? 10);
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const logX = opts.logX === true && all.every((p) => p.x > 0);
  const logY = opts.logY === true && all.every((p) => p.y > 0);
  const pts = all;
  if (pts.length === 0) return ['(no points to chart)'];
  const tx = (x: number): number => (logX ? Math.log10(x) : x);
  const ty = (y: number): number => (logY ? Math.log10(y) : y);
  const xs = [...new Set(pts.map((p) => p.x))].sort((a, b) => a - b);
  let [ylo, yhi] = [Math.min(...pts.map((p) => p.y)), Math.max(...pts.map((p) => p.y))];
  const rules = (opts.rules ?? []).filter((r) => (r.always && (!logY || r.value > 0)) || withinReach(r.value, ylo, yhi, logY));
  for (const r of rules) [ylo, yhi] = [Math.min(ylo, r.value), Math.max(yhi, r.value)];
  const yt = logY ? logTicks(ylo, yhi, 3) : linearTicks(ylo, yhi, Math.max(2, Math.ceil(height / 3)), true);
  const [y0, y1] = [ty(Math.min(yt.lo, ylo)), ty(Math.max(yt.hi, yhi))];
  const xt = logX
    ? xs.length <= 12 ? { lo: xs[0], hi: xs[xs.length - 1], ticks: xs, labels: formatTicks(xs, NaN) } : logTicks(xs[0], xs[xs.length - 1], 8)
    : linearTicks(xs[0], xs[xs.length - 1], Math.max(2, Math.floor(width / 10)), false);
  let [x0, x1] = [tx(xt.lo), tx(xt.hi)];
  if (x1 === x0) [x0, x1] = [x0 - 1, x1 + 1];
  const gutter = Math.max(...yt.labels.map((l) => l.length)) + 1;
  const plotW = width - gutter - 1;
  const grid: string[][] = Array.from({ length: height }, () => Array(plotW).fill(' '));
  const col = (x: number): number => Math.round(((tx(x) - x0) / (x1 - x0)) * (plotW - 1));
  const row = (y: number): number => height - 1 - Math.round(((ty(y) - y0) / (y1 - y0 || 1)) * (height - 1));
  for (const r of rules) grid[row(r.value)].fill('┄');
  series.forEach((s, si) => {
    const marker = MARKERS[si % MARKERS.length];
    const sorted = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!logX || p.x > 0) && (!logY || p.y > 0)).sort((a, b) => a.x - b.x);
    for (let i = 1; i < sorted.length; i++) {
      const [c0, r0, c1, r1] = [col(sorted[i - 1].x), row(sorted[i - 1].y), col(sorted[i].x), row(sorted[i].y)];
      const steps = Math.max(Math.abs(c1 - c0), Math.abs(r1 - r0));
      for (let t = 1; t < steps; t++) {
        const c = Math.round(c0 + ((c1 - c0) * t) / steps);
        const r = Math.round(r0 + ((r1 - r0) * t) / steps);
        if (grid[r][c] === ' ' || grid[r][c] === '┄') grid[r][c] = '·';
      }
    }
    for (const p of sorted) grid[row(p.y)][col(p.x)] = marker;
  });
  // each y tick on its row; a row keeps the first label that lands on it
  const yLabelAt = new Map<number, string>();
  yt.ticks.forEach((v, i) => {
    const r = row(v);
    if (r >= 0 && r < height && !yLabelAt.has(r)) yLabelAt.set(r, yt.labels[i]);
  });
  const lines: string[] = [];
  if (opts.yLabel) lines.push(`${' '.repeat(gutter)}${opts.yLabel}${logY ? ' (log scale)' : ''}`);
  grid.forEach((cells, r) => lines.push(`${(yLabelAt.get(r) ?? '').padStart(gutter - 1)} ┤${cells.join('')}`.trimEnd()));
  lines.push(`${' '.repeat(gutter)}└${'─'.repeat(plotW)}`);
  const axis = Array(plotW + 1).fill(' ');
  xt.ticks.forEach((x, i) => {
    const label = xt.labels[i];
    const c = Math.min(plotW - label.length + 1, Math.max(0, col(x) - Math.floor(label.length / 2)));
    // a blank column on both sides, so neighbouring labels never run together ("1020")
    if (axis.slice(Math.max(0, c - 1), c + label.length + 1).every((ch) => ch === ' ')) for (let k = 0; k < label.length; k++) axis[c + k] = label[k];
  });
  lines.push(`${' '.repeat(gutter + 1)}${axis.join('').trimEnd()}`);
  if (opts.xLabel) lines.push(`${' '.repeat(gutter + 1)}${opts.xLabel}${logX ? ' (log scale)' : ''}`);
  if (series.length > 1 || series[0]?.name) {
    lines.push(`${' '.repeat(gutter + 1)}${series.map((s, i) => `${MARKERS[i % MARKERS.length]} ${s.name}`).join('   ')}`);
  }
  for (const r of rules) lines.push(`${' '.repeat(gutter + 1)}┄ ${r.label}`);
  const away = (opts.rules ?? []).filter((r) => !rules.includes(r));
  for (const r of away) lines.push(`${' '.repeat(gutter + 1)}(${r.label}: off this chart's range)`);
  return lines;
}

export interface BarRow {
  label: string;
  value: number;
}
export interface BarChartOptions {
  width?: number;
  /** a reference value (e.g. the 100 ms budget) marked with │ on every bar */
  budget?: number;
  /** more reference values (claim thresholds), marked like the budget and named under the bars */
  rules?: { value: number; label: string }[];
  unit?: string;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** Horizontal bars with eighth-block resolution; budget and threshold lines show where the limits are. */
export function barChart(rows: BarRow[], opts: BarChartOptions = {}): string[] {
  if (rows.length === 0) return ['(no values to chart)'];
  const width = Math.max(30, opts.width ?? 60);
  const labelW = Math.min(28, Math.max(...rows.map((r) => r.label.length)));
  const unit = opts.unit ? (opts.unit === '%' ? '%' : ` ${opts.unit}`) : '';
  const values = rows.map((r) => formatNumber(r.value) + unit);
  const valueW = Math.max(...values.map((v) => v.length));
  const barW = Math.max(10, width - labelW - valueW - 4);
  const rules = [...(opts.budget !== undefined ? [{ value: opts.budget, label: `budget ${formatNumber(opts.budget)}${unit}` }] : []), ...(opts.rules ?? [])]
    .filter((r, i, all) => r.value >= 0 && all.findIndex((o) => o.value === r.value) === i);
  const max = Math.max(...rows.map((r) => (Number.isFinite(r.value) ? r.value : 0)), ...rules.map((r) => r.value)) || 1;
  const ruleCols = rules.map((r) => Math.min(barW - 1, Math.round((r.value / max) * barW)));
  const lines = rows.map((r, i) => {
    const eighths = Math.max(0, Math.round(((Number.isFinite(r.value) ? r.value : 0) / max) * barW * 8));
    const bar = ('█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]).padEnd(barW).split('');
    for (const c of ruleCols) if (bar[c] === ' ') bar[c] = '│';
    const label = r.label.length > labelW ? `${r.label.slice(0, labelW - 1)}…` : r.label.padEnd(labelW);
    return `${label} ${bar.join('')} ${values[i].padStart(valueW)}`;
  });
  rules.forEach((r, i) => lines.push(`${' '.repeat(labelW + 1 + Math.max(0, ruleCols[i]))}│ ${r.label}`));
  return lines;
}

/** A Figure (figure.ts) as terminal lines: the same chart as the SVG, in characters. */
export function figureLines(fig: Figure, width: number): string[] {
  if (fig.kind === 'line') {
    return lineChart(fig.lines, { width, height: 8, xLabel: fig.x.title, yLabel: fig.y.title, logX: fig.x.scale === 'log', logY: fig.y.scale === 'log', rules: fig.rules });
  }
  const rows = fig.rows.flatMap((r) =>
    r.values.flatMap((v, g) => (v ? [{ label: fig.groups.length > 1 ? `${r.label} · ${fig.groups[g]}` : r.label, value: v.value }] : [])),
  );
  return barChart(rows, { width, unit: fig.value.unit, rules: fig.rules });
}
