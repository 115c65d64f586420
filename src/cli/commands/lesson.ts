import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { listScenarios } from '../../scenario/catalog.js';
import { lessonTitle, listLessonIds, loadLesson } from '../../scenario/lessons.js';
import { parseLesson } from '../../scenario/lesson-parse.js';
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
          const markdown = await loadLesson(lid);
          const own = scenarios.filter((s) => s.lesson === lid).map((s) => s.id);
          // lessons such as metrics or the behavioural one borrow other lessons' scenarios: list those too
          const known = new Set(scenarios.map((s) => s.id));
          const borrowed = parseLesson(markdown).scenarioIds.filter((id) => known.has(id) && !own.includes(id));
          const line = [own.length ? `scenarios: ${own.join(', ')}` : '', borrowed.length ? `uses: ${borrowed.join(', ')}` : ''].filter(Boolean).join(' · ');
          process.stdout.write(`${st.heading(lid.padEnd(28))} ${lessonTitle(markdown)}\n${''.padEnd(29)}${st.dim(line || 'no scenario')}\n`);
        }
        if (!id) process.stdout.write(`\n${st.dim('recsys-lab lesson <id> to read one')}\n`);
        return;
      }
      if (!ids.includes(id)) throw new UsageError(`unknown lesson "${id}"; lessons: ${ids.join(', ')}`);
      const lines = renderMarkdown(await loadLesson(id), { width: terminalWidth(), color: useColor() });
      process.stdout.write(lines.join('\n') + '\n');
    });
}
