import type { Command } from 'commander';
import { listScenarios } from '../../scenario/catalog.js';
import { listDesigns } from '../../scenario/design.js';
import { TOPICS } from '../../scenario/types.js';
import { styler, useColor } from '../output.js';

export function registerListCommand(program: Command): void {
  program
    .command('list')
    .description('list the scenarios, grouped by interview topic')
    .option('--json', 'machine-readable list')
    .action(async (opts: { json?: boolean }) => {
      const all = await listScenarios();
      if (opts.json) {
        const rows = all.map((s) => ({ id: s.id, title: s.title, topic: s.topic, question: s.question, lesson: s.lesson, params: s.params.map((p) => p.name) }));
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      const st = styler(useColor());
      for (const topic of TOPICS) {
        const group = all.filter((s) => s.topic === topic);
        if (group.length === 0) continue;
        process.stdout.write(`\n${st.heading(topic)}\n`);
        for (const s of group) process.stdout.write(`  ${s.id.padEnd(28)} ${s.title}\n  ${''.padEnd(28)} ${st.dim(s.question)}\n`);
      }
      // the designs a whole-system review builds (scenarios/designs/), after the scenarios that isolate one stage each
      process.stdout.write(`\n${st.heading('design reviews')} ${st.dim('(recsys-lab design <id> --scale tiny)')}\n`);
      for (const d of listDesigns()) process.stdout.write(`  ${d.id.padEnd(28)} ${d.title}\n`);
      process.stdout.write(`\n${st.dim('recsys-lab show <id> for knobs and claims · recsys-lab run <id> --scale tiny to try one')}\n`);
    });
}
