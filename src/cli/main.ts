/**
 * recsys-lab CLI: parse argv, run a non-interactive command, or (no arguments on a TTY) load the TUI lazily.
 * `run`, `list`, `show` and `data` never load ink or react.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ResourceLimitError, RunCancelledError, UsageError } from '../core/errors.js';
import { packageRoot } from '../scenario/catalog.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { registerListCommand } from './commands/list.js';
import { registerRunCommand } from './commands/run.js';
import { registerShowCommand } from './commands/show.js';
import { registerDataCommand } from './commands/data.js';
import { registerLessonCommand } from './commands/lesson.js';
import { registerWorkshopCommand } from './commands/workshop.js';
import { registerDrillCommand } from './commands/drill.js';

const version = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

function buildProgram(abort: AbortController): Command {
  const program = new Command('recsys-lab')
    .version(version)
    .description(
      'A recommender-systems interview lab: run the whole stack on this machine and measure the trade-offs ' +
        'staff-level answers claim (ANN recall vs latency, negatives, GBDT vs NN, diversity, drift, cold start …). ' +
        'With no command on a terminal it opens the interactive lab.',
    )
    .option('--scale <scale>', 'scale for the interactive lab: tiny | small | full', 'small')
    .option('--seed <n>', 'seed for the interactive lab')
    .showHelpAfterError('(recsys-lab --help lists the commands)')
    // program options (the TUI's --scale/--seed) only before a command, so `run x --scale tiny` reaches `run`
    .enablePositionalOptions()
    .exitOverride();
  registerListCommand(program);
  registerShowCommand(program);
  registerRunCommand(program, () => abort.signal);
  registerDataCommand(program, () => abort.signal);
  registerLessonCommand(program);
  registerWorkshopCommand(program, () => abort.signal);
  registerDrillCommand(program, () => abort.signal);
  program.addHelpText(
    'after',
    '\nStart here:\n  recsys-lab                      open the interactive lab (TUI)\n  recsys-lab list                 scenarios by interview topic\n  recsys-lab run two-stage-why --scale tiny\n',
  );
  return program;
}

async function startInteractive(program: Command): Promise<ExitCode> {
  const opts = program.opts<{ scale: string; seed?: string }>();
  const { parseScale, parseSeed } = await import('./options.js');
  const scale = parseScale(opts.scale);
  const seed = parseSeed(opts.seed);
  let ui: { startTui: (o: { scale?: string; seed?: number }) => Promise<number> };
  try {
    ui = (await import(['..', 'ui', 'main.js'].join('/'))) as typeof ui;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String(err).includes('ui/main')) {
      program.outputHelp();
      return EXIT.ok;
    }
    throw err;
  }
  return (await ui.startTui({ scale, seed })) as ExitCode;
}

export async function main(argv: string[] = process.argv): Promise<ExitCode> {
  const abort = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    abort.abort();
    if (interrupts > 1) process.exit(EXIT.interrupted);
    process.stderr.write('\ninterrupted — cancelling (Ctrl-C again to force)\n');
  };
  const program = buildProgram(abort);
  const args = argv.slice(2);
  try {
    const wantsTui = args.filter((a) => !a.startsWith('-')).length === 0 && !args.some((a) => /^(-h|--help|-V|--version)$/.test(a));
    if (wantsTui) {
      const parsed = program.parseOptions(args);
      if (parsed.unknown.length) throw new UsageError(`unknown option ${parsed.unknown[0]}; see recsys-lab --help`);
      if (process.stdout.isTTY && process.stdin.isTTY) return await startInteractive(program);
      program.outputHelp();
      return EXIT.ok;
    }
    process.on('SIGINT', onSigint);
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    return reportError(err);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function reportError(err: unknown): ExitCode {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    return EXIT.usage; // commander already printed the message
  }
  if (err instanceof RunCancelledError) {
    process.stderr.write('recsys-lab: cancelled; nothing half-written was kept\n');
    return EXIT.interrupted;
  }
  if (err instanceof UsageError || err instanceof ResourceLimitError) {
    process.stderr.write(`recsys-lab: ${err.message}\n`);
    return EXIT.usage;
  }
  const message = err instanceof Error ? (process.env.RECSYS_LAB_DEBUG ? err.stack ?? err.message : err.message) : String(err);
  process.stderr.write(`recsys-lab: error: ${message}\n${process.env.RECSYS_LAB_DEBUG ? '' : '(set RECSYS_LAB_DEBUG=1 for the stack)\n'}`);
  return EXIT.runtime;
}

const isEntry = process.argv[1] && /cli[\\/]main\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  main().then((code) => {
    process.exitCode = code;
  });
}
