import type { Command } from 'commander';
import { findScenario } from '../../scenario/catalog.js';
import { allowedValues } from '../../scenario/params.js';
import { textTable } from '../../scenario/format/table.js';
import { styler, useColor } from '../output.js';

export function registerShowCommand(program: Command): void {
  program
    .command('show')
    .argument('<scenario>', 'scenario id (see `recsys-lab list`) or a path to a scenario YAML')
    .description('show a scenario: its interview question, knobs (with ranges), sweep, claims and predictions')
    .action(async (id: string) => {
      const s = await findScenario(id);
      const st = styler(useColor());
      const out: string[] = [];
      out.push(st.heading(`${s.title}  [${s.id}]`), '', s.question, '', st.dim(`topic ${s.topic} · guide: ${s.section} · lesson: ${s.lesson}`), '');
      if (s.params.length) {
        out.push(st.heading('Knobs (--set name=value)'));
        const rows = s.params.map((p) => {
          const perScale = p.scaleDefaults ? ` (${Object.entries(p.scaleDefaults).map(([k, v]) => `${k}: ${v}`).join(', ')})` : '';
          return [p.name, `${p.default}${perScale}`, allowedValues(p), p.description];
        });
        out.push(...textTable(['name', 'default', 'allowed', 'what it does'], rows), '');
      }
      if (s.sweep) out.push(st.heading('Sweep'), `${s.sweep.param}: ${s.sweep.values.join(', ')}  (--no-sweep runs one point)`, '');
      if (s.claims.length) {
        out.push(st.heading('Claims evaluated after each run'));
        for (const c of s.claims) out.push(`• ${c.text}`, st.dim(`  ${c.expr}`));
        out.push('');
      }
      if (s.predictions.length) {
        out.push(st.heading('Predict before you run'));
        for (const p of s.predictions) out.push(`• ${p.question} (${p.metric})`);
        out.push('');
      }
      out.push(st.dim(`try: recsys-lab run ${s.id} --scale tiny`));
      process.stdout.write(out.join('\n') + '\n');
    });
}
