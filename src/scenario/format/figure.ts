/**
 * A chart of a run as data, before any drawing: what the scenario's chart spec asks for, with labels in
 * words and units (scenarios/metrics.yaml), intervals where the run has them, the thresholds claims compare
 * the metric with, and the scales. The SVG and the terminal renderers both draw a Figure, so a workshop
 * slide and a terminal show the same chart.
 */
import type { ChartSpec, MetricLabel, RunResult, Scenario, Series } from '../types.js';
import { axisTitle, metricLabel } from '../metric-labels.js';
import { chooseXScale, chooseYScale } from './axis.js';
import { formatSignificant } from './numbers.js';
import { claimThresholds, type Threshold } from './thresholds.js';

export interface FigurePoint {
  x: number;
  y: number;
  /** the 95% interval of y, when the run has one */
  lo?: number;
  hi?: number;
}
export interface FigureLine {
  name: string;
  points: FigurePoint[];
}
/** A reference line across the plot: a claim's threshold or a budget. */
export interface FigureRule {
  value: number;
  label: string;
  /** a budget the chart was asked to show: the axis always takes it in */
  always?: boolean;
}
export interface FigureAxis {
  /** words and unit: "p99 latency (ms)" */
  title: string;
  unit?: string;
  scale: 'linear' | 'log';
}
export interface LineFigure {
  kind: 'line';
  title: string;
  x: FigureAxis;
  y: FigureAxis;
  lines: FigureLine[];
  rules: FigureRule[];
  /** the metrics drawn (names figure files) */
  keys: string[];
}
export interface BarValue {
  value: number;
  lo?: number;
  hi?: number;
}
export interface BarFigure {
  kind: 'bars';
  title: string;
  value: FigureAxis;
  /** one bar per group in each row (one group: plain bars) */
  groups: string[];
  rows: { label: string; values: (BarValue | null)[] }[];
  rules: FigureRule[];
  keys: string[];
}
export type Figure = LineFigure | BarFigure;

const UNIT_QUANTITY: Record<string, string> = { ms: 'latency', s: 'time', MiB: 'memory', KiB: 'memory', '%': 'percent' };

function seriesMatching(result: RunResult, from: string): Series[] {
  if (from.endsWith('*')) return result.series.filter((s) => s.name.startsWith(from.slice(0, -1)));
  return result.series.filter((s) => s.name === from);
}

/** The one unit several labels share, or undefined (none, or different). */
function sharedUnit(labels: MetricLabel[]): string | undefined {
  const units = new Set(labels.map((l) => l.unit));
  return units.size === 1 ? labels[0].unit : undefined;
}

/** The y metrics split by unit (a dimensionless metric is its own unit): one shared axis per unit, in order. */
function byUnit(metrics: string[], scenario: Scenario): string[][] {
  const groups = new Map<string, string[]>();
  for (const m of metrics) {
    const key = metricLabel(m, scenario).unit ?? '';
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()];
}

const STOP = new Set(['of', 'the', 'on', 'by', 'a', 'an', 'in', 'at', 'for', 'and', 'with', 'to']);

/**
 * An axis title for several metrics on one axis: their shared trailing words ("train AUC", "test AUC" → AUC) or
 * leading words ("p99 latency, …"), else the chart title's subject ("Offline NDCG@10 by evaluation log"), else the
 * unit's quantity, else both labels; the shared unit appended.
 */
function commonTitle(labels: MetricLabel[], chartTitle?: string): string {
  if (labels.length === 1) return axisTitle(labels[0]);
  const words = labels.map((l) => l.label.split(/[\s,]+/).filter(Boolean));
  const lead: string[] = [];
  for (let i = 0; words.every((w) => i < w.length - 1 && w[i] === words[0][i]); i++) lead.push(words[0][i]);
  // "logs of …" is a fragment, not a name for the quantity
  const fragment = lead.length > 0 && STOP.has(lead[lead.length - 1]);
  const trail: string[] = [];
  for (let i = 1; words.every((w) => i < w.length && w[w.length - i] === words[0][words[0].length - i]); i++) trail.unshift(words[0][words[0].length - i]);
  while (trail.length && STOP.has(trail[0])) trail.shift();
  const unit = sharedUnit(labels);
  const subject = chartTitle?.split(/\s+(?:by|against|per|as|—)\s+/)[0];
  const joined = labels.length === 2 ? `${labels[0].label} and ${labels[1].label}` : '';
  const base =
    trail.join(' ') || (fragment ? '' : lead.join(' ')) || subject || (unit && UNIT_QUANTITY[unit]) || (joined.length <= 48 && joined) || 'value';
  return unit ? `${base} (${unit})` : base;
}

function ruleLabel(t: Threshold, label: MetricLabel, named: boolean): string {
  const unit = label.unit ? (label.unit === '%' ? '%' : ` ${label.unit}`) : '';
  return `claim: ${named ? `${label.label} ` : ''}${t.op} ${formatSignificant(t.value, 4)}${unit}`;
}

/** The claims' thresholds on the given metrics as rules (one per value; the first claim's wording kept). */
function rulesFor(result: RunResult, scenario: Scenario, metrics: string[], named: boolean): FigureRule[] {
  const rules: FigureRule[] = [];
  for (const t of claimThresholds(scenario.claims, result.params)) {
    if (!metrics.includes(t.metric) || rules.some((r) => r.value === t.value)) continue;
    rules.push({ value: t.value, label: ruleLabel(t, metricLabel(t.metric, scenario), named) });
  }
  return rules;
}

function lineFigures(result: RunResult, scenario: Scenario, chart: ChartSpec): LineFigure[] {
  const found = seriesMatching(result, chart.from);
  if (found.length === 0) return [];
  const x = chart.x ?? found[0].x;
  const xLabel = metricLabel(x, scenario);
  const prefix = chart.from.endsWith('*') ? chart.from.slice(0, -1) : '';
  const groups = chart.overlay === true ? [chart.y] : chart.overlay === false ? chart.y.map((m) => [m]) : byUnit(chart.y, scenario);
  return groups.flatMap((metrics): LineFigure[] => {
    const mLabels = metrics.map((m) => metricLabel(m, scenario));
    const lines: FigureLine[] = found.flatMap((s) =>
      metrics.map((metric, mi) => {
        const sName = s.name.slice(prefix.length) || s.name;
        const name = found.length > 1 && metrics.length > 1 ? `${sName} · ${mLabels[mi].label}` : found.length > 1 ? sName : mLabels[mi].label;
        const points: FigurePoint[] = [];
        s.points.forEach((p, i) => {
          const [px, py] = [Number(p[x]), Number(p[metric])];
          if (!Number.isFinite(px) || !Number.isFinite(py)) return;
          const ci = s.ci?.[i]?.[metric];
          points.push(ci && Number.isFinite(ci[0]) && Number.isFinite(ci[1]) ? { x: px, y: py, lo: ci[0], hi: ci[1] } : { x: px, y: py });
        });
        return { name, points: points.sort((a, b) => a.x - b.x) };
      }),
    ).filter((l) => l.points.length > 0);
    if (lines.length === 0) return [];
    const what = metrics.length > 1 ? commonTitle(mLabels, undefined) : mLabels[0].label;
    const title = chart.title ? (groups.length > 1 ? `${chart.title} — ${what}` : chart.title) : `${what} against ${xLabel.label}`;
    return [{
      kind: 'line',
      title,
      x: { title: axisTitle(xLabel), unit: xLabel.unit, scale: chooseXScale(chart.xScale, lines.flatMap((l) => l.points.map((p) => p.x))) },
      y: { title: commonTitle(mLabels, chart.title), unit: sharedUnit(mLabels), scale: chooseYScale(chart.yScale, lines.map((l) => l.points.map((p) => p.y))) },
      lines,
      rules: rulesFor(result, scenario, metrics, metrics.length > 1),
      keys: metrics,
    }];
  });
}

const LATENCY_CI: Record<string, 'p50' | 'p95' | 'p99'> = { p50_ms: 'p50', p95_ms: 'p95', p99_ms: 'p99' };

function barFigures(result: RunResult, scenario: Scenario, chart: ChartSpec): BarFigure[] {
  const column = (metric: string): { label: string; value: BarValue | null }[] => {
    if (chart.from === 'latency') {
      return Object.entries(result.latency).map(([stage, s]) => {
        const v = Number((s as unknown as Record<string, number>)[metric]);
        const ci = LATENCY_CI[metric] ? s.ci?.[LATENCY_CI[metric]] : undefined;
        return { label: stage, value: Number.isFinite(v) ? (ci ? { value: v, lo: ci[0], hi: ci[1] } : { value: v }) : null };
      });
    }
    const table = result.tables?.find((t) => t.title === chart.from);
    const col = table?.columns.indexOf(metric) ?? -1;
    if (!table || col < 0) return [];
    return table.rows.map((r) => ({ label: String(r[0]), value: Number.isFinite(Number(r[col])) && r[col] !== '' ? { value: Number(r[col]) } : null }));
  };
  const grouped = chart.overlay !== false && chart.y.length > 1;
  const groups = grouped ? [chart.y] : chart.y.map((m) => [m]);
  return groups.flatMap((metrics): BarFigure[] => {
    const cols = metrics.map(column);
    const labels = [...new Set(cols.flat().map((r) => r.label))];
    const rows = labels
      .map((label) => ({ label, values: cols.map((c) => c.find((r) => r.label === label)?.value ?? null) }))
      .filter((r) => r.values.some((v) => v !== null));
    if (rows.length === 0) return [];
    const mLabels = metrics.map((m) => metricLabel(m, scenario));
    const unit = sharedUnit(mLabels) ?? (metrics.every((m) => m.endsWith('_ms')) ? 'ms' : undefined);
    const rules = rulesFor(result, scenario, chart.from === 'latency' ? metrics : [], metrics.length > 1);
    if (chart.budget !== undefined) {
      const budget = { value: chart.budget, label: `budget ${formatSignificant(chart.budget, 4)}${unit ? ` ${unit}` : ''}`, always: true };
      const same = rules.findIndex((r) => r.value === chart.budget);
      if (same >= 0) rules[same] = budget;
      else rules.unshift(budget);
    }
    const base = chart.title ?? `${commonTitle(mLabels)} by ${chart.from === 'latency' ? 'stage' : chart.from}`;
    return [{
      kind: 'bars',
      title: chart.title && !grouped && chart.y.length > 1 ? `${base} — ${mLabels[0].label}` : base,
      value: { title: commonTitle(mLabels, chart.title), unit, scale: 'linear' },
      groups: mLabels.map((l) => l.label),
      rows,
      rules,
      keys: metrics,
    }];
  });
}

/** The figures one chart spec asks for (none when the run lacks its data). */
export function chartFigures(result: RunResult, scenario: Scenario, chart: ChartSpec): Figure[] {
  return chart.type === 'line' ? lineFigures(result, scenario, chart) : barFigures(result, scenario, chart);
}

/** Every figure of a run: the scenario's charts, or, when it declares none, its headline metrics along each series. */
export function runFigures(result: RunResult, scenario: Scenario): Figure[] {
  if (scenario.show.charts.length > 0) return scenario.show.charts.flatMap((c) => chartFigures(result, scenario, c));
  return result.series.flatMap((s) => {
    const y = scenario.headline.filter((m) => s.points.some((p) => m in p));
    return y.length ? lineFigures(result, scenario, { type: 'line', from: s.name, y, overlay: false }) : [];
  });
}
