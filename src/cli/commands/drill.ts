/**
 * `recsys-lab drill`: an interview question from the lessons, a timer, the candidate's answer (pick the parts of a
 * strong answer, or write one and mark it against the outline), a score per part, then the numbers this machine
 * measures for the lesson's scenarios and the follow-up questions. Every drill is appended to the history.
 */
import type { Command } from 'commander';
import { Rng } from '../../core/rng.js';
import { UsageError } from '../../core/errors.js';
import { loadDrillBank } from '../../scenario/drill/bank.js';
import { appendDrill, drillHistoryPath, drillRecord, readDrillHistory, readDrills, type DrillRecord } from '../../scenario/drill/history.js';
import { formatMeasured, measureLesson } from '../../scenario/drill/measure.js';
import {
  chooseQuestion,
  DEFAULT_DRILL_MINUTES,
  DRILL_MODES,
  parseMarks,
  parsePickAnswer,
  pickOptionsForSeed,
  scorePick,
  scoreWrite,
  type DrillMode,
  type DrillQuestion,
  type DrillScore,
} from '../../scenario/drill/index.js';
import type { Scale } from '../../scenario/types.js';
import { openLineInput, type LineInput } from './drill-input.js';
import { parseScale, parseSeed } from '../options.js';
import { progressReporter, styler, useColor } from '../output.js';
import { printHistory } from './drill-history-view.js';

const SCRIPTED_HELP = `
Answering from a script (stdin not a terminal):
  pick mode   one line with the numbers of the options you pick, e.g. "1 4 6" (an empty line picks none)
  write mode  your answer, ending with a line containing only ".", then one line of marks for the outline
              parts in order: "y n y …" (or 1/0); missing marks count as not covered
  Example:    printf '2 5 7\\n' | recsys-lab drill --lesson scaling --seed 1 --no-measure

The measured numbers run the lesson's scenarios (those whose lesson: it is; for a lesson owning none, the first
two it names) at --scale tiny (default) or small, with the runner's default seed, as \`recsys-lab run\` does.
History: $XDG_STATE_HOME/recsys-lab/drills.jsonl (default ~/.local/state/recsys-lab); --history shows it.`;

interface DrillOpts {
  lesson?: string;
  mode?: string;
  minutes?: string;
  scale?: string;
  seed?: string;
  measure: boolean;
  history?: boolean;
}

/** The program also declares --scale/--seed (for the TUI) and commander gives them to it: read it back when set. */
function optionFrom(cmd: Command, own: string | undefined, name: string): string | undefined {
  if (own !== undefined) return own;
  const parent = cmd.parent;
  return parent && parent.getOptionValueSource(name) === 'cli' ? (parent.opts()[name] as string) : undefined;
}

function parseMode(text: string | undefined): DrillMode {
  const mode = text ?? 'pick';
  if (!(DRILL_MODES as readonly string[]).includes(mode)) throw new UsageError(`--mode must be one of ${DRILL_MODES.join(', ')}, got "${mode}"`);
  return mode as DrillMode;
}

function parseMinutes(text: string | undefined, mode: DrillMode): number {
  if (text === undefined) return DEFAULT_DRILL_MINUTES[mode];
  const n = Number(text);
  if (!(Number.isFinite(n) && n > 0 && n <= 60)) throw new UsageError(`--minutes must be a number in (0, 60], got "${text}"`);
  return n;
}

export function registerDrillCommand(program: Command, signal: () => AbortSignal): void {
  program
    .command('drill')
    .description('interview drill: a question from a lesson, a timer, your answer scored per part, then the numbers this machine measures')
    .option('--lesson <id>', 'lesson to drill (default: one you have drilled least, chosen by --seed)')
    .option('--mode <mode>', 'pick (choose the parts of a strong answer) | write (answer, then mark yourself)', 'pick')
    .option('--minutes <n>', 'time for the answer (default 3 for pick, 5 for write)')
    .option('--scale <scale>', 'scale of the measured runs: tiny | small (default tiny)')
    .option('--seed <n>', 'seed for the choice of lesson and the order of the options (default: from the clock, recorded)')
    .option('--no-measure', 'skip running the lesson\'s scenarios')
    .option('--history', 'show past drills and per-lesson progress, then exit')
    .addHelpText('after', SCRIPTED_HELP)
    .action(async (opts: DrillOpts, cmd: Command) => {
      if (opts.history) {
        const { records, skipped } = readDrillHistory();
        if (skipped) process.stderr.write(`drill history: left out ${skipped} unreadable record${skipped > 1 ? 's' : ''} (torn or incomplete lines) in ${drillHistoryPath()}\n`);
        return printHistory(records, drillHistoryPath());
      }
      const mode = parseMode(opts.mode);
      const minutes = parseMinutes(opts.minutes, mode);
      const scale = parseScale(optionFrom(cmd, opts.scale, 'scale') ?? 'tiny');
      if (scale === 'full') throw new UsageError('--scale for a drill must be tiny or small (full runs take minutes; use recsys-lab run)');
      const seed = parseSeed(optionFrom(cmd, opts.seed, 'seed')) ?? Date.now() % 2 ** 32;
      const bank = await loadDrillBank();
      const q = opts.lesson ? bank.find((b) => b.lesson === opts.lesson) : chooseQuestion(bank, readDrills().map((r) => r.lesson), new Rng(seed).fork('lesson'));
      if (!q) throw new UsageError(`unknown lesson "${opts.lesson}"; lessons with a drill: ${bank.map((b) => b.lesson).join(', ')}`);
      await runDrill(q, { mode, minutes, seed, scale, measure: opts.measure, signal: signal() });
    });
}

interface RunDrillOpts {
  mode: DrillMode;
  minutes: number;
  seed: number;
  scale: Scale;
  measure: boolean;
  signal: AbortSignal;
}

async function runDrill(q: DrillQuestion, o: RunDrillOpts): Promise<void> {
  const st = styler(useColor());
  const out = (s = ''): void => void process.stdout.write(s + '\n');
  out(st.heading(`Drill: ${q.title}`));
  out(st.dim(`lesson ${q.lesson} · ${o.mode} mode · ${o.minutes} min · seed ${o.seed}`));
  out();
  out(`Q: ${q.question}`);
  out();
  const input = await openLineInput();
  const started = Date.now();
  const deadline = input.interactive ? started + o.minutes * 60_000 : undefined;
  let answered: { score: DrillScore; timedOut: boolean; answer?: string };
  try {
    answered = o.mode === 'pick' ? await askPick(q, o.seed, input, deadline, out) : await askWrite(q, input, deadline, out);
  } finally {
    input.close();
  }
  const elapsedMs = Date.now() - started;
  printScore(answered.score, o.mode, out, st);
  if (o.mode === 'write' && q.distractors.length) {
    out();
    out(st.heading('Common wrong answers — did yours say one of these?'));
    q.distractors.forEach((d) => out(`  • ${d.detail}`));
  }
  appendDrill(toRecord(q, o, answered, elapsedMs));
  if (o.measure) await printMeasured(q, o, out, st);
  out();
  out(st.heading('Follow-up questions to expect'));
  q.followUps.forEach((f) => out(`  • ${f}`));
  out();
  out(st.dim(`Read the lesson: recsys-lab lesson ${q.lesson} · past drills: recsys-lab drill --history`));
}

async function askPick(q: DrillQuestion, seed: number, input: LineInput, deadline: number | undefined, out: (s?: string) => void) {
  const options = pickOptionsForSeed(q, seed);
  out(q.ordered
    ? 'Which of these does a strong answer cover, and in what order? Type the numbers of your picks in the order you would cover them (e.g. 6 1 4), then Enter: the order is scored.'
    : 'Which of these does a strong answer cover? Type the numbers of your picks (e.g. 1 4 6), then Enter.');
  options.forEach((p, i) => out(`  ${String(i + 1).padStart(2)}. ${p.label}`));
  const line = await input.next('> ', deadline);
  const timedOut = line === null && input.interactive;
  if (timedOut) out("Time's up — scoring what you picked: nothing.");
  return { score: scorePick(options, parsePickAnswer(line ?? '', options.length, q.ordered)), timedOut };
}

async function askWrite(q: DrillQuestion, input: LineInput, deadline: number | undefined, out: (s?: string) => void) {
  out('Write your answer. End with a line containing only "." (the timer ends it otherwise).');
  const lines: string[] = [];
  let timedOut = false;
  for (;;) {
    const line = await input.next(input.interactive ? `${remaining(deadline)} ` : '', deadline);
    if (line === null) {
      timedOut = input.interactive && deadline !== undefined && Date.now() >= deadline;
      break;
    }
    if (line.trim() === '.') break;
    lines.push(line);
  }
  if (timedOut) out("Time's up.");
  out();
  out('The outline a strong answer covers. Mark each part your answer covered:');
  let marks: boolean[];
  if (input.interactive) {
    marks = [];
    for (const [i, p] of q.outline.entries()) {
      out(`  ${i + 1}. ${p.detail}`);
      marks.push(parseMarks(((await input.next('     covered? [y/n] ')) ?? 'n') || 'n')[0] ?? false);
    }
  } else {
    q.outline.forEach((p, i) => out(`  ${i + 1}. ${p.label}`));
    marks = parseMarks((await input.next('')) ?? '');
  }
  return { score: scoreWrite(q, marks), timedOut, answer: lines.join('\n') };
}

function remaining(deadline: number | undefined): string {
  if (deadline === undefined) return '>';
  const s = Math.max(0, Math.round((deadline - Date.now()) / 1000));
  return `[${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}]`;
}

const OUTCOME_TEXT = { hit: '✓ covered', miss: '✗ missed', 'false-pick': '✗ wrong pick', rejected: '· left out (rightly)' } as const;

function printScore(score: DrillScore, mode: DrillMode, out: (s?: string) => void, st: ReturnType<typeof styler>): void {
  out();
  const wrong = mode === 'pick' ? `, ${score.falsePicks} wrong pick${score.falsePicks === 1 ? '' : 's'}` : '';
  const order = score.order === undefined ? '' : `, in order ${Math.round(score.order * 100)}% (Kendall's τ, floored at 0)`;
  out(st.heading(`Score: ${score.hits} of ${score.outlineParts} parts${wrong}${order} → ${Math.round(score.score * 100)}%`));
  for (const p of score.parts) {
    const text = `  ${OUTCOME_TEXT[p.outcome].padEnd(20)} ${p.part.label}`;
    out(p.outcome === 'hit' || p.outcome === 'rejected' ? st.good(text) : st.bad(text));
  }
  if (mode === 'pick') {
    out();
    out(st.heading('What a strong answer covers'));
    // an ordered question's steps in their order; the others as shown
    const outline = score.parts.filter((p) => p.part.kind === 'outline').sort((a, b) => (a.part.step ?? 0) - (b.part.step ?? 0));
    outline.forEach((p, i) => out(`  ${i + 1}. ${p.part.detail}`));
  }
}

function toRecord(q: DrillQuestion, o: RunDrillOpts, a: { score: DrillScore; timedOut: boolean; answer?: string }, elapsedMs: number): DrillRecord {
  return drillRecord({ lesson: q.lesson, mode: o.mode, seed: o.seed, minutes: o.minutes, elapsedMs, timedOut: a.timedOut, score: a.score, answer: a.answer });
}

async function printMeasured(q: DrillQuestion, o: RunDrillOpts, out: (s?: string) => void, st: ReturnType<typeof styler>): Promise<void> {
  out();
  out(st.heading(`Measured on this machine (scale ${o.scale})`));
  const progress = progressReporter(false);
  const measured = await measureLesson(q.lesson, q.scenarioIds, {
    scale: o.scale,
    signal: o.signal,
    onEvent: progress.onEvent,
    onScenario: (id, i, n) => process.stderr.write(`[${i + 1}/${n}] running ${id} at ${o.scale}\n`),
  }).finally(progress.done);
  if (measured.length === 0) out(st.dim('  (this lesson names no scenario)'));
  formatMeasured(measured).forEach((l) => out(l));
}
