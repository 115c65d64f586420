/** A run as terminal text: colour through an optional styler (chalk in the CLI, none for NO_COLOR/non-TTY). */
import type { RunResult, Scenario } from '../types.js';
import { buildReport } from './report.js';
import { textTable } from './table.js';

export interface Styler {
  heading(s: string): string;
  dim(s: string): string;
  good(s: string): string;
  bad(s: string): string;
  warn(s: string): string;
}

export const plainStyler: Styler = { heading: (s) => s, dim: (s) => s, good: (s) => s, bad: (s) => s, warn: (s) => s };

export function formatRunText(result: RunResult, scenario: Scenario, opts: { width?: number; style?: Styler } = {}): string {
  const st = opts.style ?? plainStyler;
  const out: string[] = [];
  for (const b of buildReport(result, scenario, opts.width ?? 72)) {
    switch (b.kind) {
      case 'heading':
        out.push(st.heading(b.text), '');
        break;
      case 'paragraph':
      case 'environment':
        out.push(b.text, '');
        break;
      case 'table':
        if (b.title) out.push(st.heading(b.title));
        out.push(...textTable(b.columns, b.rows), '');
        break;
      case 'chart':
        out.push(st.heading(b.title), ...b.lines, '');
        break;
      case 'claims':
        out.push(st.heading(b.title));
        for (const c of b.items) {
          const mark = c.verdict === 'holds' ? st.good('✓ holds       ') : c.verdict === 'fails' ? st.bad('✗ fails       ') : st.warn('? inconclusive');
          out.push(`${mark} ${c.text}`, st.dim(`               observed: ${c.observed || '–'}; ${c.basis}${c.error ? ` (${c.error})` : ''}`));
        }
        out.push('');
        break;
      case 'warning':
        out.push(st.warn(`⚠ ${b.text}`), '');
        break;
      case 'notes':
        out.push(st.heading('Notes'), ...b.items.map((n) => `• ${n}`), '');
        break;
    }
  }
  return out.join('\n').trimEnd() + '\n';
}
