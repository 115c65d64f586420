import { mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { errnoText, UsageError } from '../../core/errors.js';
import { loadWorkshopPlan, runWorkshop, workshopJson, workshopReport, workshopText } from '../../scenario/workshop.js';
import { describeFileKind } from '../../scenario/user-file.js';
import { parseScale, parseSeed, parseSeeds } from '../options.js';
import { checkFolder, checkOutTarget, deliver, keepResults, writeFileAtomic, type OutTarget } from '../out-file.js';
import { progressReporter, styler, terminalWidth, useColor } from '../output.js';
import { reportAbout } from '../report-about.js';

const FORMATS = ['md', 'html', 'text', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface WorkshopOpts {
  scale?: string;
  seed?: string;
  seeds?: string;
  format: string;
  out?: string;
  quiet?: boolean;
}

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
    .option('--seeds <n>', 'run every step under N seeds derived from --seed (1–20; overrides the plan\'s seeds:)')
    .option('-f, --format <format>', 'md (report; SVG figures beside it with --out) | html (one self-contained page: figures inline, contents, claims, environment) | text | json (schema recsys-lab/workshop@1)', 'md')
    .option('-o, --out <file>', 'write the report here (md: SVG figures go in <report>-figures/ beside it); default stdout')
    .option('-q, --quiet', 'no progress on stderr')
    .description('run a sequence of scenarios with given knobs and write one report for a room')
    .addHelpText(
      'after',
      '\nA plan may set `seeds: N` for every step or per step. The report opens with how busy the machine was, and judges\neach claim ✓ holds / ✗ fails / ? inconclusive on resamples (or "holds in k of N seeds").\n\nExamples:\n  recsys-lab workshop scenarios/workshops/retrieval-101.yaml --scale tiny --out retrieval-101.md\n  recsys-lab workshop scenarios/workshops/production-ml.yaml --scale tiny --seeds 3 -q --format text\n  recsys-lab workshop scenarios/workshops/retrieval-101.yaml --scale tiny --format html --out report.html',
    )
    .action(async (planPath: string, opts: WorkshopOpts) => {
      const format = opts.format as Format;
      if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${opts.format}"`);
      const plan = loadWorkshopPlan(planPath);
      const scale = opts.scale ? parseScale(opts.scale) : undefined;
      const seed = parseSeed(opts.seed);
      const seeds = opts.seeds === undefined ? undefined : parseSeeds(opts.seeds);
      // the report, its folder and its figures folder are checked before minutes of runs
      const target = opts.out ? checkOutTarget(opts.out, { regularOnly: format === 'md' }) : undefined;
      if (target && format === 'md') checkFigureDir(target);
      const progress = progressReporter(Boolean(opts.quiet));
      const steps = await runWorkshop(plan, {
        scale,
        seed,
        seeds,
        signal: signal(),
        onEvent: progress.onEvent,
        onStep: (i, n, id) => {
          if (!opts.quiet) process.stderr.write(`[${i + 1}/${n}] ${id}\n`);
        },
      }).finally(progress.done);
      if (format === 'html') {
        const { workshopHtml } = await import('../../scenario/workshop-html.js');
        const about = reportAbout(`workshop ${planPath}${opts.scale ? ` --scale ${opts.scale}` : ''}${opts.seed ? ` --seed ${opts.seed}` : ''}${opts.seeds ? ` --seeds ${opts.seeds}` : ''} --format html`);
        await deliver(workshopHtml(plan, steps, about), target, 'workshop.html');
        return;
      }
      if (format !== 'md') {
        const text = format === 'json' ? workshopJson(plan, steps) : workshopText(plan, steps, { width: terminalWidth(), style: styler(!target && useColor()) });
        await deliver(text, target, `workshop.${format === 'json' ? 'json' : 'txt'}`);
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
