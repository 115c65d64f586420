import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { listScenarios } from '../../scenario/catalog.js';
import { lessonTitle, listLessonIds, loadLesson } from '../../scenario/lessons.js';
import { renderMarkdown } from '../../scenario/format/terminal-markdown.js';
import { styler, terminalWidth, useColor } from '../output.js';

export function registerLessonCommand(program: Command): void {
  program
    .command('lesson')
    .argument('[id]', 'lesson id (see --list)')
    .option('-l, --list', 'list the lessons with their scenarios')
    .description('read a lesson in the terminal: the question, what a strong answer covers, the knobs to try, the claims measured')
    .action(async (id: string | undefined, opts: { list?: boolean }) => {
      const ids = listLessonIds();
      if (opts.list || !id) {
        const scenarios = await listScenarios();
        const st = styler(useColor());
        for (const lid of ids) {
          const title = lessonTitle(await loadLesson(lid));
          const used = scenarios.filter((s) => s.lesson === lid).map((s) => s.id);
          process.stdout.write(`${st.heading(lid.padEnd(28))} ${title}\n${''.padEnd(29)}${st.dim(used.length ? `scenarios: ${used.join(', ')}` : 'no scenario yet')}\n`);
        }
        if (!id) process.stdout.write(`\n${st.dim('recsys-lab lesson <id> to read one')}\n`);
        return;
      }
      if (!ids.includes(id)) throw new UsageError(`unknown lesson "${id}"; lessons: ${ids.join(', ')}`);
      const lines = renderMarkdown(await loadLesson(id), { width: terminalWidth(), color: useColor() });
      process.stdout.write(lines.join('\n') + '\n');
    });
}
