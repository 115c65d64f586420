import { mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { errnoText, UsageError } from '../../core/errors.js';
import { loadWorkshopPlan, runWorkshop, workshopReport } from '../../scenario/workshop.js';
import { describeFileKind } from '../../scenario/user-file.js';
import { parseScale, parseSeed } from '../options.js';
import { checkFolder, checkOutTarget, deliver, keepResults, writeFileAtomic, type OutTarget } from '../out-file.js';
import { progressReporter } from '../output.js';
import { reportAbout } from '../report-about.js';

const WORKSHOP_FORMATS = ['md', 'html'];

const figureDirOf = (target: OutTarget): string => `${basename(target.path).replace(/\.md$/, '')}-figures`;

/** The report's figures folder beside it: an existing one must be a writable folder (checked before the run). */
function checkFigureDir(target: OutTarget): void {
  const dir = join(dirname(target.path), figureDirOf(target));
  let isDir: boolean | null = null;
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) throw new UsageError(`--out ${target.given}: the figures go in ${dir}, which is ${describeFileKind(st)}; move it or choose another report name`);
    isDir = true;
  } catch (err) {
    if (err instanceof UsageError) throw err;
  }
  if (isDir) checkFolder(dir, `--out ${target.given}: figures`);
}

export function registerWorkshopCommand(program: Command, signal: () => AbortSignal): void {
  program
    .command('workshop')
    .argument('<plan.yaml>', 'a workshop plan (examples in scenarios/workshops/)')
    .option('--scale <scale>', 'tiny | small | full (default: the plan\'s, else small)')
    .option('--seed <n>', 'seed for every run')
    .option('-o, --out <report.md>', 'write the markdown report here (SVG figures go in <report>-figures/ beside it); default stdout')
    .option('-f, --format <format>', 'md (markdown + SVG files) | html (one self-contained page: figures inline, contents, claims, environment)', 'md')
    .description('run a sequence of scenarios with given knobs and write one report for a room')
    .action(async (planPath: string, opts: { scale?: string; seed?: string; out?: string; format: string }) => {
      if (!WORKSHOP_FORMATS.includes(opts.format)) throw new UsageError(`--format must be one of ${WORKSHOP_FORMATS.join(', ')}, got "${opts.format}"`);
      const plan = loadWorkshopPlan(planPath);
      const scale = opts.scale ? parseScale(opts.scale) : undefined;
      const seed = parseSeed(opts.seed);
      // the report, its folder and its figures folder are checked before minutes of runs
      const target = opts.out ? checkOutTarget(opts.out, { regularOnly: true }) : undefined;
      if (target && opts.format === 'md') checkFigureDir(target);
      const progress = progressReporter(false);
      const steps = await runWorkshop(plan, {
        scale,
        seed,
        signal: signal(),
        onEvent: progress.onEvent,
        onStep: (i, n, id) => process.stderr.write(`[${i + 1}/${n}] ${id}\n`),
      }).finally(progress.done);
      if (opts.format === 'html') {
        const { workshopHtml } = await import('../../scenario/workshop-html.js');
        const about = reportAbout(`workshop ${planPath}${opts.scale ? ` --scale ${opts.scale}` : ''}${opts.seed ? ` --seed ${opts.seed}` : ''} --format html`);
        await deliver(workshopHtml(plan, steps, about), target, 'workshop.html');
        return;
      }
      const figureDir = target ? figureDirOf(target) : 'figures';
      const { markdown, figures } = workshopReport(plan, steps, figureDir);
      if (!target || figures.length === 0) {
        await deliver(markdown, target, 'workshop.md');
        return;
      }
      try {
        mkdirSync(join(dirname(target.path), figureDir), { recursive: true });
        for (const f of figures) writeFileAtomic(join(dirname(target.path), f.file), f.svg);
      } catch (err) {
        // the report is what the room needs: keep it, without the figures
        await keepResults(markdown, `could not write the figures in ${figureDir}/ (${errnoText(err)})`, 'workshop.md', `the report (without its ${figures.length} figure(s))`);
      }
      await deliver(markdown, target, 'workshop.md', `wrote ${target.given} and ${figures.length} SVG figure(s) in ${figureDir}/`);
    });
}
