/**
 * recsys-lab CLI: parse argv, run a non-interactive command, or (no command on a TTY) load the TUI.
 * Command modules are imported only when a command runs, and ink/react only for the TUI, so the
 * interactive lab reaches its first frame without loading the headless machinery, and `run`, `list`,
 * `show` and `data` never load ink or react.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { errnoText, ResourceLimitError, RunCancelledError, UsageError } from '../core/errors.js';
import { withMeasureLimits } from '../measure/limits.js';
import { measureLimitsFromEnv } from '../measure/limits-env.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { OutputFailedError, stdoutGuard } from './out-file.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

type Register = (program: Command, signal: () => AbortSignal) => void;
/** Each command's module by the command's name (its registration and its work live together). */
const COMMANDS: Record<string, () => Promise<Register>> = {
  list: () => import('./commands/list.js').then((m) => m.registerListCommand),
  show: () => import('./commands/show.js').then((m) => m.registerShowCommand),
  run: () => import('./commands/run.js').then((m) => m.registerRunCommand),
  data: () => import('./commands/data.js').then((m) => m.registerDataCommand),
  lesson: () => import('./commands/lesson.js').then((m) => m.registerLessonCommand),
  workshop: () => import('./commands/workshop.js').then((m) => m.registerWorkshopCommand),
  drill: () => import('./commands/drill.js').then((m) => m.registerDrillCommand),
  design: () => import('./commands/design.js').then((m) => m.registerDesignCommand),
};

function baseProgram(): Command {
  return new Command('recsys-lab')
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
}

async function fullProgram(abort: AbortController): Promise<Command> {
  const program = baseProgram();
  const registers = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  for (const register of registers) register(program, () => abort.signal);
  program.addHelpText(
    'after',
    '\nStart here:\n  recsys-lab                      open the interactive lab (TUI)\n  recsys-lab list                 scenarios by interview topic\n  recsys-lab run two-stage-why --scale tiny\n',
  );
  return program;
}

/**
 * The program for `recsys-lab <command> …`: a known command brings only its own module (`run` does not load the
 * drill's or the workshop's); anything else (the help, a mistyped command that commander names the neighbours of)
 * gets them all.
 */
export async function programFor(command: string | undefined, abort: AbortController): Promise<Command> {
  const load = command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) return fullProgram(abort);
  const program = baseProgram();
  (await load())(program, () => abort.signal);
  return program;
}

/** The TUI, loaded lazily; falls back to the help when this build has no UI. */
async function startInteractive(opts: { scale: string; seed?: string }): Promise<ExitCode> {
  const { parseScale, parseSeed } = await import('./options.js');
  const scale = parseScale(opts.scale);
  const seed = parseSeed(opts.seed);
  const ui = (await import('../ui/main.js')) as { startTui: (o: { scale?: string; seed?: number }) => Promise<number> };
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
  const args = argv.slice(2);
  process.stdout.on('error', onStdoutError);
  process.on('SIGTERM', onSigterm);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  try {
    // the test suite's brief measurements (src/measure/limits-env.ts); a malformed value is refused before any run
    const limits = measureLimitsFromEnv();
    const asksHelp = args.some((a) => /^(-h|--help|-V|--version)$/.test(a));
    // program options only (`--scale tiny`, `--seed=7`): the interactive lab on a terminal, the help elsewhere
    const parsed = asksHelp ? null : baseProgram().parseOptions(args);
    if (parsed && parsed.operands.length === 0) {
      if (parsed.unknown.length) throw new UsageError(`unknown option ${parsed.unknown[0]}; see recsys-lab --help`);
      const probe = baseProgram();
      probe.parseOptions(args);
      const { parseScale, parseSeed } = await import('./options.js');
      parseScale(probe.opts<{ scale: string }>().scale);
      parseSeed(probe.opts<{ seed?: string }>().seed);
      if (process.stdout.isTTY && process.stdin.isTTY) return await startInteractive(probe.opts());
      (await fullProgram(abort)).outputHelp();
      return EXIT.ok;
    }
    process.on('SIGINT', onSigint);
    const program = await programFor(baseProgram().parseOptions(args).operands[0], abort);
    await withMeasureLimits(limits, () => program.parseAsync(argv));
    return EXIT.ok;
  } catch (err) {
    return reportError(err);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/**
 * stdout failed (a full disk, `> /dev/full`): one line and exit 1, unless a command is writing its results itself
 * (it keeps them and says where). `recsys-lab list | head` closing the pipe early is not an error.
 */
function onStdoutError(err: NodeJS.ErrnoException): void {
  if (err.code === 'EPIPE') process.exit(EXIT.ok);
  if (stdoutGuard.active > 0) return;
  process.stderr.write(`recsys-lab: cannot write to stdout (${errnoText(err)})\n`);
  process.exit(EXIT.runtime);
}

/**
 * SIGTERM: one line and 143, at once. Files are written temp + rename and caches into temp folders that later
 * runs clean up, so stopping here leaves no half-written file, as the default action did, only with a message.
 */
function onSigterm(): void {
  process.stderr.write('\nrecsys-lab: terminated (SIGTERM); nothing half-written was kept\n');
  process.exit(EXIT.terminated);
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
  if (err instanceof OutputFailedError) {
    process.stderr.write(`recsys-lab: ${err.message}\n`);
    return EXIT.runtime;
  }
  if (err instanceof UsageError || err instanceof ResourceLimitError) {
    process.stderr.write(`recsys-lab: ${err.message}\n`);
    return EXIT.usage;
  }
  const message = err instanceof Error ? (process.env.RECSYS_LAB_DEBUG ? err.stack ?? err.message : err.message) : String(err);
  process.stderr.write(`recsys-lab: error: ${message}\n${process.env.RECSYS_LAB_DEBUG ? '' : '(set RECSYS_LAB_DEBUG=1 for the stack)\n'}`);
  return EXIT.runtime;
}

/** The last net: an error nothing caught is one line (the stack only with RECSYS_LAB_DEBUG), exit 1. */
function onUncaught(err: unknown): void {
  process.exit(reportError(err));
}

const isEntry = process.argv[1] && /cli[\\/]main\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  main().then((code) => {
    process.exitCode = code;
  });
}
