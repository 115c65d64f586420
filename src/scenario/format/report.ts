/**
 * A run result laid out as report blocks (headings, tables, charts, claims) — rendered as terminal
 * text or markdown by text.ts / markdown.ts, so every output shows the same content.
 */
import type { ChartSpec, ClaimKind, ClaimResult, RunResult, Scenario, Series, Verdict } from '../types.js';
import { barChart, lineChart, type LineSeries } from './charts.js';
import { formatNumber } from './numbers.js';

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; title?: string; columns: string[]; rows: (string | number)[][] }
  | { kind: 'chart'; title: string; lines: string[] }
  | { kind: 'claims'; title: string; items: ClaimItem[] }
  | { kind: 'warning'; text: string }
  | { kind: 'notes'; items: string[] };

export interface ClaimItem {
  verdict: Verdict;
  /** kept for readers of the two-state form */
  holds: boolean;
  kind: ClaimKind;
  text: string;
  observed: string;
  /** how it was judged: "true on 83% of 400 resamples", "holds in 2 of 3 seeds — depends on the seed", "exact" */
  basis: string;
  error?: string;
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** "lo–hi" with the precision of the numbers shown elsewhere. */
export function intervalText(iv: [number, number] | undefined): string {
  return iv ? `${formatNumber(iv[0])}–${formatNumber(iv[1])}` : '';
}

function claimItem(c: ClaimResult): ClaimItem {
  const observed = Object.entries(c.observed)
    .map(([k, v]) => `${k} = ${formatNumber(v)}${c.intervals?.[k] ? ` [${intervalText(c.intervals[k])}]` : ''}`)
    .join(', ');
  let basis = c.error ? 'could not be judged' : c.replicates > 1 ? `true on ${pct(c.share)} of ${c.replicates} resamples` : 'exact metrics: decided by the point value';
  if (c.of !== undefined) basis = `holds in ${c.holdsIn} of ${c.of} seeds${c.seedDependent ? ' — the verdict depends on the seed' : ''}`;
  if (c.note) basis += `; ${c.note}`;
  return { verdict: c.verdict, holds: c.verdict === 'holds', kind: c.kind, text: c.text, observed, basis, error: c.error };
}

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
  const noise = result.environment.noise;
  if (noise?.level === 'busy') {
    blocks.push({ kind: 'warning', text: `Measured on a busy machine — timings and their claims may be inconclusive: ${noise.warnings.join('; ')}` });
  }
  const headline = scenario.headline.filter((m) => m in result.metrics);
  const others = Object.keys(result.metrics).filter((m) => !headline.includes(m)).sort();
  const names = [...headline, ...others];
  if (result.seeds) {
    const n = result.seeds.seeds.length;
    blocks.push({
      kind: 'table',
      title: `Metrics over ${n} seeds (${result.seeds.seeds.join(', ')})`,
      columns: ['metric', 'mean', '95% interval', 'per seed'],
      rows: names.map((m) => {
        const a = result.seeds!.metrics[m];
        return a ? [m, a.mean, intervalText(a.ci), a.values.map((v) => formatNumber(v)).join(' · ')] : [m, result.metrics[m], '', ''];
      }),
    });
  } else {
    const withCi = names.some((m) => result.intervals?.[m]);
    blocks.push({
      kind: 'table',
      title: 'Metrics',
      columns: withCi ? ['metric', 'value', '95% interval'] : ['metric', 'value'],
      rows: names.map((m) => (withCi ? [m, result.metrics[m], intervalText(result.intervals?.[m])] : [m, result.metrics[m]])),
    });
  }
  const stages = Object.entries(result.latency);
  if (stages.length) {
    const ci = (s: (typeof stages)[number][1], q: 'p50' | 'p99') => (s.ci ? ` [${intervalText(s.ci[q])}]` : '');
    blocks.push({
      kind: 'table',
      title: 'Latency (ms; 95% intervals in brackets)',
      columns: ['stage', 'n', 'p50', 'p95', 'p99', 'mean', 'max'],
      rows: stages.map(([name, s]) => [
        name,
        s.n,
        `${formatNumber(s.p50_ms)}${ci(s, 'p50')}`,
        s.p95_ms,
        s.tail === 'max' ? `max of ${s.n}: ${formatNumber(s.p99_ms)}` : `${formatNumber(s.p99_ms)}${ci(s, 'p99')}`,
        s.mean_ms,
        s.max_ms ?? '',
      ]),
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
  const findings = result.claims.filter((c) => c.kind !== 'check');
  const checks = result.claims.filter((c) => c.kind === 'check');
  if (findings.length) blocks.push({ kind: 'claims', title: 'Claims (judged on this run)', items: findings.map(claimItem) });
  if (checks.length) blocks.push({ kind: 'claims', title: 'Checks (invariants of the code, not findings)', items: checks.map(claimItem) });
  if (result.notes?.length) blocks.push({ kind: 'notes', items: result.notes });
  const env = Object.entries(result.environment)
    .filter(([k, v]) => k !== 'noise' && v !== undefined)
    .map(([k, v]) => `${k} ${v}`)
    .concat(noise ? [`machine ${noise.level} (load ${noise.loadAvg1.toFixed(2)}${noise.cpuShare === null ? '' : `, cpu share ${pct(noise.cpuShare)}`})`] : [])
    .join(' · ');
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
