/** A run as markdown (for `--format md`, workshop reports and TUI exports). */
import type { RunResult, Scenario } from '../types.js';
import { buildReport } from './report.js';
import { markdownTable } from './table.js';

export function formatRunMarkdown(result: RunResult, scenario: Scenario, opts: { headingLevel?: number } = {}): string {
  const h = '#'.repeat(opts.headingLevel ?? 2);
  const out: string[] = [];
  let first = true;
  for (const b of buildReport(result, scenario, 72)) {
    switch (b.kind) {
      case 'heading':
        out.push(`${h} ${b.text}`, '');
        break;
      case 'paragraph':
        out.push(first ? `> ${b.text}` : b.text, '');
        first = false;
        break;
      case 'environment':
        out.push(b.text, '');
        break;
      case 'table':
        if (b.title) out.push(`**${b.title}**`, '');
        out.push(...markdownTable(b.columns, b.rows), '');
        break;
      case 'chart':
        out.push(`**${b.title}**`, '', '```text', ...b.lines, '```', '');
        break;
      case 'claims':
        out.push(`**${b.title}**`, '');
        for (const c of b.items) {
          const mark = c.verdict === 'holds' ? '✅ holds' : c.verdict === 'fails' ? '❌ fails' : '❔ inconclusive';
          out.push(`- ${mark} — ${c.text}  \n  observed: ${c.observed || '–'}; ${c.basis}${c.error ? ` (${c.error})` : ''}`);
        }
        out.push('');
        break;
      case 'warning':
        out.push(`> ⚠️ ${b.text}`, '');
        break;
      case 'notes':
        out.push('**Notes**', '', ...b.items.map((n) => `- ${n}`), '');
        break;
    }
  }
  return out.join('\n').trimEnd() + '\n';
}
