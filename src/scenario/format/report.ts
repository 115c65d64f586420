/**
 * A run result laid out as report blocks (headings, tables, charts, claims) — rendered as terminal
 * text or markdown by text.ts / markdown.ts, so every output shows the same content.
 */
import type { ClaimKind, ClaimResult, RunResult, Scenario, Verdict } from '../types.js';
import { figureLines } from './charts.js';
import { runFigures, type Figure } from './figure.js';
import { formatNumber } from './numbers.js';

export type Block =
  /** level 1 is a document's title; a run's own title is level 1 alone and one deeper inside a workshop */
  | { kind: 'heading'; text: string; level?: number }
  /** callout: a lead-in set apart in HTML ("Discuss before the numbers") */
  | { kind: 'paragraph'; text: string; callout?: string }
  | { kind: 'table'; title?: string; columns: string[]; rows: (string | number)[][] }
  /** lines: the terminal drawing; figure: the same chart as data, for SVG */
  | { kind: 'chart'; title: string; lines: string[]; figure?: Figure }
  | { kind: 'claims'; title: string; items: ClaimItem[] }
  | { kind: 'warning'; text: string }
  | { kind: 'notes'; items: string[] }
  /** where and how the run was measured: `text` for one-line outputs, `facts` and `warnings` for the HTML report */
  | { kind: 'environment'; text: string; facts: [string, string][]; warnings: string[] };

export interface ClaimItem {
  verdict: Verdict;
  /** kept for readers of the two-state form */
  holds: boolean;
  kind: ClaimKind;
  text: string;
  expr: string;
  observed: string;
  /** the observed values one by one, with their 95% intervals where the run has them */
  values: { name: string; value: number | string | boolean; interval?: [number, number] }[];
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
  const values = Object.entries(c.observed).map(([name, value]) => ({ name, value, ...(c.intervals?.[name] ? { interval: c.intervals[name] } : {}) }));
  return { verdict: c.verdict, holds: c.verdict === 'holds', kind: c.kind, text: c.text, expr: c.expr, observed, values, basis, error: c.error };
}

export function buildReport(result: RunResult, scenario: Scenario, width = 72): Block[] {
  const blocks: Block[] = [];
  blocks.push({ kind: 'heading', text: `${scenario.title}`, level: 1 });
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
  for (const figure of runFigures(result, scenario)) blocks.push({ kind: 'chart', title: figure.title, lines: figureLines(figure, width), figure });
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
  blocks.push(environmentBlock(result));
  return blocks;
}

/** The run's machine and timing facts: one line for text, facts and warnings for HTML. */
export function environmentBlock(result: RunResult): Extract<Block, { kind: 'environment' }> {
  const noise = result.environment.noise;
  const facts: [string, string][] = Object.entries(result.environment)
    .filter(([k, v]) => k !== 'noise' && v !== undefined)
    .map(([k, v]) => [k, String(v)]);
  if (noise) {
    const others = noise.otherCores == null ? '' : `, other processes ${noise.otherCores.toFixed(2)} cores`;
    facts.push(['machine', `${noise.level} (load ${noise.loadAvg1.toFixed(2)}${others}${noise.cpuShare === null ? '' : `, cpu share ${pct(noise.cpuShare)}`})`]);
  }
  facts.push(['run time', `${formatNumber(result.durationMs / 1000)} s`]);
  const text = facts.filter(([k]) => k !== 'run time').map(([k, v]) => `${k} ${v}`).concat(`${formatNumber(result.durationMs / 1000)} s`).join(' · ');
  return { kind: 'environment', text, facts, warnings: noise?.warnings ?? [] };
}

/** 2 → "2nd", 3 → "3rd", 11 → "11th": the sampling stride of a long series in words. */
function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  const suffix = n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
