/** Plain-text and markdown tables. Numbers right-aligned, text left-aligned. */
import { formatNumber } from './numbers.js';

type Cell = string | number | boolean | undefined;

function cells(rows: Cell[][]): string[][] {
  return rows.map((r) => r.map((c) => (typeof c === 'string' ? c : formatNumber(c))));
}

export function textTable(columns: string[], rows: Cell[][]): string[] {
  const body = cells(rows);
  const widths = columns.map((c, i) => Math.max(c.length, ...body.map((r) => (r[i] ?? '').length)));
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const line = (r: string[]): string =>
    r.map((c, i) => (numeric[i] ? (c ?? '').padStart(widths[i]) : (c ?? '').padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)];
}

export function markdownTable(columns: string[], rows: Cell[][]): string[] {
  const body = cells(rows);
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    `| ${columns.map(esc).join(' | ')} |`,
    `| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...body.map((r) => `| ${r.map((c) => esc(c ?? '')).join(' | ')} |`),
  ];
}
