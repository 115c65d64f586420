import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { findScenario } from '../../scenario/catalog.js';
import { renderHtml } from '../../scenario/format/html.js';
import { formatRunMarkdown } from '../../scenario/format/markdown.js';
import { buildReport } from '../../scenario/format/report.js';
import { formatRunText } from '../../scenario/format/text.js';
import { parseSetArgs } from '../../scenario/params.js';
import { runScenario } from '../../scenario/runner.js';
import { parseScale, parseSeed, parseSeeds } from '../options.js';
import { reportAbout } from '../report-about.js';
import { checkOutTarget, deliver } from '../out-file.js';
import { progressReporter, styler, terminalWidth, useColor } from '../output.js';

const FORMATS = ['text', 'md', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

interface RunOpts {
  set: string[];
  scale: string;
  seed?: string;
  seeds?: string;
  format: string;
  out?: string;
  sweep: boolean;
  quiet?: boolean;
}

export function registerRunCommand(program: Command, signal: () => AbortSignal): void {
  program
    .command('run')
    .argument('<scenario>', 'scenario id (see `recsys-lab list`) or a path to a scenario YAML')
    .description('run a scenario headless and print its metrics, charts and evaluated claims')
    .option('-s, --set <key=value>', 'set a knob (repeatable); `recsys-lab show <id>` lists knobs and ranges', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--scale <scale>', 'tiny (seconds, what tests use) | small (interactive default) | full (1M items, cached)', 'small')
    .option('--seed <n>', 'seed for every random draw (same seed + knobs ⇒ same metrics)')
    .option('--seeds <n>', 'repeat the run under N seeds derived from --seed: metrics as mean ± interval, claims as "holds in k of N" (1–20)')
    .option('-f, --format <format>', 'text | md | json (schema recsys-lab/run@2) | html (one self-contained page: figures, claims, environment)', 'text')
    .option('-o, --out <file>', 'write the output to a file (atomically; a device or FIFO in place) instead of stdout')
    .option('--no-sweep', "run one point at the knobs' values instead of the scenario's sweep")
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nEach claim is judged on bootstrap resamples of the metrics it reads: ✓ holds (true on ≥ 97.5% of them), ✗ fails\n(≤ 2.5%), ? inconclusive (between: more samples, another seed or a quieter machine would decide it).\n\nExamples:\n  recsys-lab run ann-recall-latency --scale tiny\n  recsys-lab run two-stage-why --scale tiny --seeds 3\n  recsys-lab run ann-recall-latency --set M=32 --set efConstruction=400 --format md --out ann.md\n  recsys-lab run two-stage-why --scale tiny --format html --out two-stage.html\n  recsys-lab run my-scenario.yaml --format json | jq .claims',
    )
    .action(async (id: string, opts: RunOpts) => {
      const format = opts.format as Format;
      if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${opts.format}"`);
      const scale = parseScale(opts.scale);
      const seed = parseSeed(opts.seed);
      const seeds = parseSeeds(opts.seeds);
      const scenario = await findScenario(id);
      const params = parseSetArgs(opts.set);
      // the target is checked before the run: a bad --out costs nothing
      const target = opts.out ? checkOutTarget(opts.out) : undefined;
      const progress = progressReporter(Boolean(opts.quiet));
      let result;
      try {
        result = await runScenario(scenario, { params, scale, seed, seeds, signal: signal(), onEvent: progress.onEvent, sweep: opts.sweep });
      } finally {
        progress.done();
      }
      const color = !opts.out && useColor();
      const text =
        format === 'json'
          ? JSON.stringify(result, null, 2) + '\n'
          : format === 'md'
            ? formatRunMarkdown(result, scenario)
            : format === 'html'
              ? renderHtml({ title: scenario.title, blocks: buildReport(result, scenario), about: reportAbout(commandLine(id, opts)) })
              : formatRunText(result, scenario, { width: terminalWidth(), style: styler(color) });
      await deliver(text, target, `${result.scenario}.${format === 'md' ? 'md' : format === 'json' ? 'json' : format === 'html' ? 'html' : 'txt'}`);
    });
}

/** The run as a command someone can paste to repeat it (for the HTML report's closing section). */
function commandLine(id: string, opts: RunOpts): string {
  const parts = ['run', id, ...opts.set.flatMap((kv) => ['--set', kv]), '--scale', opts.scale];
  if (opts.seed !== undefined) parts.push('--seed', opts.seed);
  if (opts.seeds !== undefined) parts.push('--seeds', opts.seeds);
  if (!opts.sweep) parts.push('--no-sweep');
  return parts.join(' ');
}
