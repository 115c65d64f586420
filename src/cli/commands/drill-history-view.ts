/** `recsys-lab drill --history`: the last drills and per-lesson progress, from the JSON-lines history. */
import { drillProgress, type DrillRecord } from '../../scenario/drill/history.js';
import { styler, useColor } from '../output.js';

const pct = (x: number): string => `${Math.round(x * 100)}%`.padStart(4);

export function printHistory(records: DrillRecord[], path: string, last = 20): void {
  const st = styler(useColor());
  const out = (s = ''): void => void process.stdout.write(s + '\n');
  if (records.length === 0) {
    out(`No drills yet (history: ${path}). Start one with: recsys-lab drill`);
    return;
  }
  out(st.heading(`Last ${Math.min(last, records.length)} of ${records.length} drills`));
  for (const r of records.slice(-last)) {
    const wrong = r.mode === 'pick' ? `, ${r.falsePicks} wrong` : '';
    out(`  ${r.at.slice(0, 16).replace('T', ' ')}  ${r.lesson.padEnd(28)} ${r.mode.padEnd(5)} ${pct(r.score)}  (${r.hits}/${r.outlineParts}${wrong}${r.timedOut ? ', timed out' : ''})`);
  }
  out();
  out(st.heading('Progress per lesson'));
  for (const p of drillProgress(records)) out(`  ${p.lesson.padEnd(28)} ${String(p.drills).padStart(3)} drill(s)  best ${pct(p.best)}  last ${pct(p.last)}`);
  out();
  out(st.dim(`history: ${path}`));
}
