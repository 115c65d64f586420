import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadWorkshopPlan, runWorkshop, workshopReport } from '../../scenario/workshop.js';
import { parseScale, parseSeed } from '../options.js';
import { checkOutPath, progressReporter, writeFileAtomic } from '../output.js';

export function registerWorkshopCommand(program: Command, signal: () => AbortSignal): void {
  program
    .command('workshop')
    .argument('<plan.yaml>', 'a workshop plan (examples in scenarios/workshops/)')
    .option('--scale <scale>', 'tiny | small | full (default: the plan\'s, else small)')
    .option('--seed <n>', 'seed for every run')
    .option('-o, --out <report.md>', 'write the markdown report here (SVG figures go in <report>-figures/ beside it); default stdout')
    .description('run a sequence of scenarios with given knobs and write one markdown report for a room')
    .action(async (planPath: string, opts: { scale?: string; seed?: string; out?: string }) => {
      const plan = loadWorkshopPlan(planPath);
      const scale = opts.scale ? parseScale(opts.scale) : undefined;
      if (opts.out) checkOutPath(resolve(opts.out));
      const progress = progressReporter(false);
      const steps = await runWorkshop(plan, {
        scale,
        seed: parseSeed(opts.seed),
        signal: signal(),
        onEvent: progress.onEvent,
        onStep: (i, n, id) => process.stderr.write(`[${i + 1}/${n}] ${id}\n`),
      }).finally(progress.done);
      const out = opts.out ? resolve(opts.out) : undefined;
      const figureDir = out ? `${basename(out).replace(/\.md$/, '')}-figures` : 'figures';
      const { markdown, figures } = workshopReport(plan, steps, figureDir);
      if (!out) {
        process.stdout.write(markdown);
        return;
      }
      if (figures.length) mkdirSync(join(dirname(out), figureDir), { recursive: true });
      for (const f of figures) writeFileAtomic(join(dirname(out), f.file), f.svg);
      writeFileAtomic(out, markdown);
      process.stderr.write(`wrote ${out}${figures.length ? ` and ${figures.length} SVG figure(s) in ${figureDir}/` : ''}\n`);
    });
}
