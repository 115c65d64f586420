/**
 * Design reviews side by side: each scorecard figure per design with its delta against the first design (the
 * baseline, usually the reference), the verdicts per design, and where each design's latency binds — for a workshop
 * to argue over. Deltas are differences of point values; each design's own 95% interval is shown beside its value.
 */
import type { DesignDocument } from './design-report.js';
import { fmt as figure, SCORECARD_ROWS, signed as signedFigure } from './design-report.js';
import type { Verdict } from './types.js';

export const DESIGN_COMPARE_SCHEMA = 'recsys-lab/design-compare@1';

export interface CompareRow {
  metric: string;
  label: string;
  unit: string;
  /** per design, in the order given (undefined where a design's run has no such figure) */
  values: (number | undefined)[];
  intervals: ([number, number] | undefined)[];
  /** per design: value − the first design's value (0 for the first; undefined where either is missing) */
  deltas: (number | undefined)[];
}

export function compareScorecards(docs: DesignDocument[]): CompareRow[] {
  return SCORECARD_ROWS.map(([metric, label, unit]) => {
    const cells = docs.map((d) => d.scorecard.rows.find((r) => r.metric === metric));
    const values = cells.map((c) => c?.value);
    const base = values[0];
    return {
      metric, label, unit, values,
      intervals: cells.map((c) => c?.interval),
      deltas: values.map((v) => (v === undefined || base === undefined ? undefined : v - base)),
    };
  }).filter((r) => r.values.some((v) => v !== undefined));
}

const fmt = (v: number | undefined): string => (v === undefined ? '—' : figure(v));
const signed = (v: number | undefined): string => (v === undefined ? '—' : signedFigure(v));
const BUSY = 'measured on a busy machine — latency figures and p99 verdicts include time spent queued behind stalls while the process waited for a core; compare quality, not latency, until a quiet rerun';
const MARK: Record<Verdict, string> = { holds: '✓', fails: '✗', inconclusive: '?' };

function cellsOf(docs: DesignDocument[]): { header: string[]; rows: string[][]; verdicts: string[][]; binding: string[] } {
  const rows = compareScorecards(docs).map((r) => [
    `${r.label}${r.unit ? ` (${r.unit})` : ''}`,
    ...r.values.map((v, i) => (i === 0 ? fmt(v) : `${fmt(v)} (${signed(r.deltas[i])})`)),
  ]);
  const header = ['figure', ...docs.map((d, i) => (i === 0 ? `${d.design.id} (baseline)` : `${d.design.id} (Δ)`))];
  const verdicts = docs.map((d) => d.scorecard.verdicts.map((v) => `${MARK[v.verdict]} ${v.kind === 'check' ? '(check) ' : ''}${v.text}`));
  const binding = docs.map((d) => {
    const b = d.scorecard.bindingStage;
    const q = d.scorecard.biggestQualityLoss;
    return `${d.design.id}: latency binds at ${b ? `${b.stage} (${(100 * b.share).toFixed(0)}%)` : '—'}; most recall lost in the ${q ? `${q.step} (${fmt(q.recallAt100)})` : '—'}`;
  });
  return { header, rows, verdicts, binding };
}

/** Terminal text: one column per design, deltas against the first. */
export function formatCompareText(docs: DesignDocument[]): string {
  const { header, rows, verdicts, binding } = cellsOf(docs);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string => cells.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('  ').trimEnd();
  const scale = docs[0]?.design.scale;
  const busy = docs.filter((d) => d.scorecard.busy).map((d) => d.design.id);
  const out = [`Design reviews side by side (scale ${scale}, seed ${docs[0]?.run.seed}; Δ against ${docs[0]?.design.id})`, ''];
  if (busy.length) out.push(`⚠ ${busy.join(', ')}: ${BUSY}`, '');
  out.push(line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line), '');
  docs.forEach((d, i) => out.push(`${d.design.id} — ${d.design.title}`, ...verdicts[i].map((v) => `  ${v}`), ''));
  out.push(...binding);
  return out.join('\n').trimEnd() + '\n';
}

/** Markdown: the debrief of a mock interview that compared designs. */
export function formatCompareMarkdown(docs: DesignDocument[]): string {
  const { header, rows, verdicts, binding } = cellsOf(docs);
  const md = [`# Design reviews side by side`, '', `Scale ${docs[0]?.design.scale}, seed ${docs[0]?.run.seed}; each Δ is against **${docs[0]?.design.id}**. Each design's own scorecard (with its 95% intervals) is in its review.`, ''];
  const busy = docs.filter((d) => d.scorecard.busy).map((d) => d.design.id);
  if (busy.length) md.push(`> ⚠️ ${busy.join(', ')}: ${BUSY}.`, '');
  md.push(`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), '');
  docs.forEach((d, i) => md.push(`## ${d.design.id} — ${d.design.title}`, '', ...verdicts[i].map((v) => `- ${v}`), ''));
  md.push('## Where each design binds', '', ...binding.map((b) => `- ${b}`));
  return md.join('\n').trimEnd() + '\n';
}

export function compareJson(docs: DesignDocument[]): string {
  return JSON.stringify({ schema: DESIGN_COMPARE_SCHEMA, baseline: docs[0]?.design.id, rows: compareScorecards(docs), designs: docs }, null, 2) + '\n';
}
