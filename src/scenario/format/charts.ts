/**
 * Text charts for terminals and markdown code blocks: a line chart for sweeps and horizontal bars
 * for per-stage latency against a budget. Pure string renderers, shared by CLI, TUI and reports.
 */
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
}

const MARKERS = ['●', '×', '◆', '▲', '○', '+'];

/** A scatter-and-line chart on a character grid; each series gets its own marker and a legend line. */
export function lineChart(series: LineSeries[], opts: LineChartOptions = {}): string[] {
  const width = Math.max(20, opts.width ?? 60);
  const height = Math.max(5, opts.height ?? 10);
  const pts = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (pts.length === 0) return ['(no points to chart)'];
  const useLog = opts.logX === true && pts.every((p) => p.x > 0);
  const tx = (x: number): number => (useLog ? Math.log10(x) : x);
  let [x0, x1] = [Math.min(...pts.map((p) => tx(p.x))), Math.max(...pts.map((p) => tx(p.x)))];
  let [y0, y1] = [Math.min(...pts.map((p) => p.y)), Math.max(...pts.map((p) => p.y))];
  if (x1 === x0) [x0, x1] = [x0 - 1, x1 + 1];
  if (y1 === y0) [y0, y1] = [y0 - Math.abs(y0 || 1) * 0.1, y1 + Math.abs(y1 || 1) * 0.1];
  const yLabels = [formatNumber(y1), formatNumber((y0 + y1) / 2), formatNumber(y0)];
  const gutter = Math.max(...yLabels.map((l) => l.length)) + 1;
  const plotW = width - gutter - 1;
  const grid: string[][] = Array.from({ length: height }, () => Array(plotW).fill(' '));
  const col = (x: number): number => Math.round(((tx(x) - x0) / (x1 - x0)) * (plotW - 1));
  const row = (y: number): number => height - 1 - Math.round(((y - y0) / (y1 - y0)) * (height - 1));
  series.forEach((s, si) => {
    const marker = MARKERS[si % MARKERS.length];
    const sorted = [...s.points].filter((p) => Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
    for (let i = 1; i < sorted.length; i++) {
      const [c0, r0, c1, r1] = [col(sorted[i - 1].x), row(sorted[i - 1].y), col(sorted[i].x), row(sorted[i].y)];
      const steps = Math.max(Math.abs(c1 - c0), Math.abs(r1 - r0));
      for (let t = 1; t < steps; t++) {
        const c = Math.round(c0 + ((c1 - c0) * t) / steps);
        const r = Math.round(r0 + ((r1 - r0) * t) / steps);
        if (grid[r][c] === ' ') grid[r][c] = '·';
      }
    }
    for (const p of sorted) grid[row(p.y)][col(p.x)] = marker;
  });
  const lines: string[] = [];
  if (opts.yLabel) lines.push(`${' '.repeat(gutter)}${opts.yLabel}`);
  grid.forEach((cellsRow, r) => {
    const label = r === 0 ? yLabels[0] : r === Math.floor((height - 1) / 2) ? yLabels[1] : r === height - 1 ? yLabels[2] : '';
    lines.push(`${label.padStart(gutter - 1)} ┤${cellsRow.join('')}`.trimEnd());
  });
  lines.push(`${' '.repeat(gutter)}└${'─'.repeat(plotW)}`);
  const xs = [...new Set(pts.map((p) => p.x))].sort((a, b) => a - b);
  const axis = Array(plotW + 1).fill(' ');
  for (const x of xs) {
    const text = formatNumber(x);
    const c = Math.min(plotW - text.length + 1, Math.max(0, col(x) - Math.floor(text.length / 2)));
    // a blank column on both sides, so neighbouring labels never run together ("1315171820")
    if (axis.slice(Math.max(0, c - 1), c + text.length + 1).every((ch) => ch === ' ')) for (let i = 0; i < text.length; i++) axis[c + i] = text[i];
  }
  lines.push(`${' '.repeat(gutter + 1)}${axis.join('').trimEnd()}`);
  if (opts.xLabel) lines.push(`${' '.repeat(gutter + 1)}${opts.xLabel}${useLog ? ' (log scale)' : ''}`);
  if (series.length > 1 || series[0]?.name) {
    lines.push(`${' '.repeat(gutter + 1)}${series.map((s, i) => `${MARKERS[i % MARKERS.length]} ${s.name}`).join('   ')}`);
  }
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
  unit?: string;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** Horizontal bars with eighth-block resolution; a budget line shows where the limit is. */
export function barChart(rows: BarRow[], opts: BarChartOptions = {}): string[] {
  if (rows.length === 0) return ['(no values to chart)'];
  const width = Math.max(30, opts.width ?? 60);
  const labelW = Math.min(28, Math.max(...rows.map((r) => r.label.length)));
  const values = rows.map((r) => formatNumber(r.value) + (opts.unit ? ` ${opts.unit}` : ''));
  const valueW = Math.max(...values.map((v) => v.length));
  const barW = Math.max(10, width - labelW - valueW - 4);
  const max = Math.max(...rows.map((r) => (Number.isFinite(r.value) ? r.value : 0)), opts.budget ?? 0) || 1;
  const budgetCol = opts.budget !== undefined ? Math.min(barW - 1, Math.round((opts.budget / max) * barW)) : -1;
  const lines = rows.map((r, i) => {
    const eighths = Math.max(0, Math.round(((Number.isFinite(r.value) ? r.value : 0) / max) * barW * 8));
    const bar = ('█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]).padEnd(barW).split('');
    if (budgetCol >= 0 && bar[budgetCol] === ' ') bar[budgetCol] = '│';
    const label = r.label.length > labelW ? `${r.label.slice(0, labelW - 1)}…` : r.label.padEnd(labelW);
    return `${label} ${bar.join('')} ${values[i].padStart(valueW)}`;
  });
  if (opts.budget !== undefined) {
    lines.push(`${' '.repeat(labelW + 1 + Math.max(0, budgetCol))}│ budget ${formatNumber(opts.budget)}${opts.unit ? ` ${opts.unit}` : ''}`);
  }
  return lines;
}
