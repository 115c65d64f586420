/**
 * A run result laid out as report blocks (headings, tables, charts, claims) — rendered as terminal
 * text or markdown by text.ts / markdown.ts, so every output shows the same content.
 */
import type { ChartSpec, RunResult, Scenario, Series } from '../types.js';
import { barChart, lineChart, type LineSeries } from './charts.js';
import { formatNumber } from './numbers.js';

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; title?: string; columns: string[]; rows: (string | number)[][] }
  | { kind: 'chart'; title: string; lines: string[] }
  | { kind: 'claims'; items: { holds: boolean; text: string; observed: string; error?: string }[] }
  | { kind: 'notes'; items: string[] };

function seriesMatching(result: RunResult, from: string): Series[] {
  if (from.endsWith('*')) return result.series.filter((s) => s.name.startsWith(from.slice(0, -1)));
  return result.series.filter((s) => s.name === from);
}

function lineBlocks(result: RunResult, chart: ChartSpec, width: number): Block[] {
  const found = seriesMatching(result, chart.from);
  if (found.length === 0) return [];
  const x = chart.x ?? found[0].x;
  const pointsOf = (s: Series, metric: string) =>
    s.points.map((p) => ({ x: Number(p[x]), y: Number(p[metric]) })).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const chartOf = (title: string, lines: LineSeries[]): Block => {
    const xs = lines.flatMap((l) => l.points.map((p) => p.x)).filter((v) => v > 0);
    const logX = xs.length > 2 && Math.max(...xs) / Math.min(...xs) >= 50;
    return { kind: 'chart', title, lines: lineChart(lines, { width, height: 8, xLabel: x, logX }) };
  };
  // overlay: the y metrics share one axis (e.g. a lift and its interval bounds), one line each
  if (chart.overlay) {
    const lines = found.flatMap((s) => chart.y.map((metric) => ({ name: found.length > 1 ? `${s.name} ${metric}` : metric, points: pointsOf(s, metric) })));
    return [chartOf(chart.title ?? `${chart.y.join(', ')} against ${x}`, lines)];
  }
  return chart.y.map((metric) =>
    chartOf(
      chart.title ? `${chart.title} — ${metric}` : `${metric} against ${x}`,
      found.map((s) => ({ name: found.length > 1 ? s.name : metric, points: pointsOf(s, metric) })),
    ),
  );
}

/** One bar chart per y column (a chart asking for "train AUC" and "test AUC" shows both, one after the other). */
function barBlocks(result: RunResult, chart: ChartSpec, width: number): Block[] {
  return chart.y.flatMap((metric) => {
    let rows: { label: string; value: number }[] = [];
    if (chart.from === 'latency') {
      rows = Object.entries(result.latency).map(([stage, s]) => ({ label: stage, value: Number((s as unknown as Record<string, number>)[metric]) }));
    } else {
      const table = result.tables?.find((t) => t.title === chart.from);
      const col = table?.columns.indexOf(metric) ?? -1;
      if (table && col >= 0) rows = table.rows.map((r) => ({ label: String(r[0]), value: Number(r[col]) }));
    }
    rows = rows.filter((r) => Number.isFinite(r.value));
    if (rows.length === 0) return [];
    const unit = metric.endsWith('_ms') ? 'ms' : undefined;
    const base = chart.title ?? `${metric} by ${chart.from === 'latency' ? 'stage' : chart.from}`;
    const title = chart.title && chart.y.length > 1 ? `${base} — ${metric}` : base;
    return [{ kind: 'chart' as const, title, lines: barChart(rows, { width, budget: chart.budget, unit }) }];
  });
}

export function buildReport(result: RunResult, scenario: Scenario, width = 72): Block[] {
  const blocks: Block[] = [];
  blocks.push({ kind: 'heading', text: `${scenario.title}` });
  blocks.push({ kind: 'paragraph', text: scenario.question });
  const paramText = Object.entries(result.params).map(([k, v]) => `${k}=${v}`).join('  ');
  blocks.push({ kind: 'paragraph', text: `scale ${result.scale} · seed ${result.seed} · ${paramText || 'no params'}` });
  const headline = scenario.headline.filter((m) => m in result.metrics);
  const others = Object.keys(result.metrics).filter((m) => !headline.includes(m)).sort();
  blocks.push({ kind: 'table', title: 'Metrics', columns: ['metric', 'value'], rows: [...headline, ...others].map((m) => [m, result.metrics[m]]) });
  const stages = Object.entries(result.latency);
  if (stages.length) {
    blocks.push({
      kind: 'table',
      title: 'Latency',
      columns: ['stage', 'n', 'p50_ms', 'p95_ms', 'p99_ms', 'mean_ms'],
      rows: stages.map(([name, s]) => [name, s.n, s.p50_ms, s.p95_ms, s.p99_ms, s.mean_ms]),
    });
  }
  const charts = scenario.show.charts;
  for (const c of charts) blocks.push(...(c.type === 'line' ? lineBlocks(result, c, width) : barBlocks(result, c, width)));
  if (charts.length === 0) {
    for (const s of result.series) {
      blocks.push(...lineBlocks(result, { type: 'line', from: s.name, y: headline.filter((m) => s.points.some((p) => m in p)) }, width));
    }
  }
  for (const t of result.tables ?? []) blocks.push({ kind: 'table', title: t.title, columns: t.columns, rows: t.rows });
  for (const s of result.series) {
    const cols = [...new Set(s.points.flatMap((p) => Object.keys(p)))];
    // long curves (e.g. regret over 40 checkpoints) are sampled to ~12 rows, first and last kept; json has them all
    const every = Math.ceil(s.points.length / 12);
    const shown = s.points.filter((_, i) => i % every === 0 || i === s.points.length - 1);
    const title = every > 1 ? `Series: ${s.name} (every ${ordinal(every)} point of ${s.points.length})` : `Series: ${s.name}`;
    blocks.push({ kind: 'table', title, columns: cols, rows: shown.map((p) => cols.map((c) => p[c] ?? '')) });
  }
  if (result.claims.length) {
    blocks.push({
      kind: 'claims',
      items: result.claims.map((c) => ({
        holds: c.holds,
        text: c.text,
        observed: Object.entries(c.observed).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', '),
        error: c.error,
      })),
    });
  }
  if (result.notes?.length) blocks.push({ kind: 'notes', items: result.notes });
  const env = Object.entries(result.environment).map(([k, v]) => `${k} ${v}`).join(' · ');
  blocks.push({ kind: 'paragraph', text: `${env} · ${formatNumber(result.durationMs / 1000)} s` });
  return blocks;
}

/** 2 → "2nd", 3 → "3rd", 11 → "11th": the sampling stride of a long series in words. */
function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  const suffix = n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
