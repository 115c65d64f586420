/**
 * `npm run lessons:measure -- [--lesson id] [--scale tiny|small|full] [--scenario id] [--stale] [--dry-run] [--check]`:
 * regenerate the measured blocks of the lessons (all of them by default). An authors' tool, run from a checkout:
 * it writes lessons/*.md and lessons/measured-names.json. lessons/README.md documents the block syntax.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { Command, CommanderError } from 'commander';
import { UsageError } from '../core/errors.js';
import { packageRoot } from '../scenario/catalog.js';
import { checkLessonBlocks, measureLessons } from '../scenario/lesson-measure.js';
import { runScenario } from '../scenario/runner.js';
import type { Scale } from '../scenario/types.js';
import { EXIT } from './exit-codes.js';
import { parseScale } from './options.js';

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: packageRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** The commit the numbers were measured at; "+changes" when src/ or scenarios/ differ from it. */
function commit(): string {
  const head = git(['rev-parse', '--short', 'HEAD']) || 'unknown';
  return git(['status', '--porcelain', '--', 'src', 'scenarios']) ? `${head}+changes` : head;
}

function machine(): string {
  const cpus = os.cpus();
  return `${(cpus[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim()}, ${cpus.length} cores`;
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('lessons:measure')
    .option('--lesson <id...>', 'only these lessons (default: all)')
    .option('--scale <scale>', 'only the blocks stated at this scale: tiny | small | full')
    .option('--scenario <id>', 'only the blocks of this scenario')
    .option('--stale', 'only the blocks that are not current (never generated, stale stamp, edited, or an empty inline value)')
    .option('--dry-run', 'list the blocks and the runs they need; change nothing')
    .option('--check', 'report stale or broken blocks without running anything (what the lesson test checks)')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const opts = program.opts<{ lesson?: string[]; scale?: string; scenario?: string; stale?: boolean; dryRun?: boolean; check?: boolean }>();
  if (opts.check) {
    const problems = await checkLessonBlocks();
    for (const p of problems) process.stdout.write(`${p}\n`);
    process.stdout.write(problems.length ? `${problems.length} problem(s)\n` : 'every generated block is current\n');
    return problems.length ? EXIT.runtime : EXIT.ok;
  }
  const scale: Scale | undefined = opts.scale ? parseScale(opts.scale) : undefined;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const summary = await measureLessons({
    lessons: opts.lesson?.flatMap((l) => l.split(',')),
    scale,
    scenario: opts.scenario,
    staleOnly: opts.stale,
    dryRun: opts.dryRun,
    meta: { commit: commit(), machine: machine(), date: new Date().toISOString().slice(0, 10) },
    loadAverage: () => os.loadavg()[0],
    run: (scenario, src, onEvent) => runScenario(scenario, { scale: src.scale, seed: src.seed, params: src.set, sweep: src.sweep, onEvent }),
    log,
    onEvent: (e) => {
      if (e.type === 'stage-end') log(`  ✓ ${e.stage} (${(e.ms / 1000).toFixed(1)} s)`);
    },
  });
  for (const e of summary.errors) process.stderr.write(`error: ${e}\n`);
  log(`${summary.runs} run(s), ${summary.blocks} block(s), ${summary.inlines} inline value(s); changed: ${summary.changedFiles.join(', ') || 'nothing'}`);
  return summary.errors.length ? EXIT.runtime : EXIT.ok;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage);
    process.stderr.write(`${err instanceof UsageError ? 'error' : 'failed'}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof UsageError ? EXIT.usage : EXIT.runtime);
  },
);
