/**
 * The TUI's run path and the CLI give the same timings (issue 14: the TUI runs experiments on a worker thread, so
 * rendering and keys never land inside a timed loop). ann-recall-latency at tiny, run from the TUI in a real
 * terminal (tmux; the run read back from its history) and by `recsys-lab run`, in the order TUI, CLI, CLI, TUI.
 * Each latency percentile of each run comes with its 95% interval; a pair agrees when the intervals overlap.
 * Always tiny, whatever --scale the bench is given (the comparison is about the path, not the size).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasTmux, startTmux, type TmuxSession } from '../test/ui/helpers/tmux.js';
import { readRunResult } from '../src/scenario/result-schema.js';
import type { RunResult } from '../src/scenario/types.js';
import { runCli } from './cli-run.js';
import type { BenchContext, BenchEntry, BenchRow } from './types.js';

const root = join(import.meta.dirname, '..');
const SCENARIO = 'ann-recall-latency';

function lastTuiRun(state: string, count: number): RunResult {
  const lines = readFileSync(join(state, 'recsys-lab', 'history', `${SCENARIO}.jsonl`), 'utf8').trim().split('\n');
  if (lines.length !== count) throw new Error(`expected ${count} runs in the TUI's history, found ${lines.length}`);
  const r = readRunResult(JSON.parse(lines[lines.length - 1]));
  if (!r) throw new Error('the TUI history line is not a run document');
  return r;
}

const fmt = (v: number) => (v >= 1 ? v.toFixed(2) : v.toPrecision(3));
const iv = (x: [number, number] | undefined) => (x ? `[${fmt(x[0])}–${fmt(x[1])}]` : '[no interval]');
const overlap = (a?: [number, number], b?: [number, number]) => Boolean(a && b && a[0] <= b[1] && b[0] <= a[1]);

/** One row per stage and percentile: the ratio of the two runs, and whether their 95% intervals overlap. */
function compare(what: string, [la, a]: [string, RunResult], [lb, b]: [string, RunResult], withTarget: boolean): BenchRow[] {
  const stages = Object.keys(a.latency).filter((s) => s in b.latency);
  return stages.flatMap((stage) =>
    (['p50', 'p99'] as const).map((q) => {
      const x = a.latency[stage];
      const y = b.latency[stage];
      const key = `${q}_ms` as const;
      const agree = overlap(x.ci?.[q], y.ci?.[q]);
      return {
        name: `${what}: ${stage} ${q}, ${la} ÷ ${lb}`,
        value: x[key] / y[key],
        unit: '×',
        ...(withTarget ? { target: '95% intervals overlap', met: agree } : {}),
        note: `${la} ${fmt(x[key])} ms ${iv(x.ci?.[q])} (n ${x.n}) · ${lb} ${fmt(y[key])} ms ${iv(y.ci?.[q])} (n ${y.n})${withTarget ? '' : agree ? ' · overlap' : ' · no overlap'}`,
      };
    }),
  );
}

export const entry: BenchEntry = {
  id: 'tui-cli-timings',
  title: 'The TUI (run worker) and the CLI time ann-recall-latency alike (tiny, real terminal)',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    if (!hasTmux()) return [{ name: 'TUI against CLI timings', value: NaN, unit: '×', note: 'skipped: tmux not installed (apt-get install -y tmux)' }];
    const state = mkdtempSync(join(tmpdir(), 'recsys-lab-bench-tui-cli-'));
    let s: TmuxSession | undefined;
    try {
      s = startTmux('node --import tsx src/cli/main.ts --scale tiny', { cwd: root, env: { XDG_STATE_HOME: state, NO_COLOR: '1' } });
      await s.waitFor(/Deep dives/, 120_000);
      s.send(['/hnsw'], { literal: true });
      await s.waitFor('Filter: hnsw');
      s.send(['Enter']);
      await s.waitFor('Knobs (');
      ctx.log('TUI run 1');
      s.send(['Enter']);
      await s.waitFor(/recsys-lab · results/, 300_000);
      const tui1 = await waitForRuns(state, 1);
      ctx.log('CLI run 1');
      const cli1 = await runCli(SCENARIO, ['--scale', 'tiny', '--seed', '42']);
      ctx.log('CLI run 2');
      const cli2 = await runCli(SCENARIO, ['--scale', 'tiny', '--seed', '42']);
      ctx.log('TUI run 2');
      s.send(['Escape']);
      await s.waitFor('Knobs (');
      s.send(['Enter']);
      await s.waitFor('Predict, then observe');
      s.send(['Enter']); // run without predictions
      await s.waitFor(/recsys-lab · results[\s\S]*Claims/, 300_000);
      const tui2 = await waitForRuns(state, 2);
      s.send(['q']);
      const rows = [...compare('round 1', ['TUI', tui1], ['CLI', cli1], true), ...compare('round 2', ['TUI', tui2], ['CLI', cli2], true)];
      // the yardstick: how often two runs of the same path agree (intervals cover sampling, not the machine's drift)
      const same = [...compare('same path', ['CLI 1', cli1], ['CLI 2', cli2], false), ...compare('same path', ['TUI 1', tui1], ['TUI 2', tui2], false)];
      const agree = rows.filter((r) => r.met).length;
      const agreeSame = same.filter((r) => r.note?.endsWith(' · overlap')).length;
      const noise = [tui1, cli1, cli2, tui2].map((r) => r.environment.noise?.level ?? '?');
      rows.push(...same);
      rows.push({ name: 'TUI/CLI percentile pairs whose intervals overlap', value: agree, unit: `of ${rows.length - same.length}`, target: 'all', met: agree === rows.length - same.length,
        note: `machine per run (TUI, CLI, CLI, TUI): ${noise.join(', ')}` });
      rows.push({ name: '… the same for two runs of one path (the yardstick)', value: agreeSame, unit: `of ${same.length}`,
        note: 'when one path does not agree with itself, the machine moved between runs, and a TUI/CLI miss says nothing about the path' });
      rows.push({ name: '1-minute load average at the end (2 cores)', value: os.loadavg()[0], unit: 'load' });
      return rows;
    } finally {
      s?.kill();
      rmSync(state, { recursive: true, force: true });
    }
  },
};

/** The history line is appended just after the results screen shows: give it a moment. */
async function waitForRuns(state: string, count: number): Promise<RunResult> {
  for (let i = 0; ; i++) {
    try {
      return lastTuiRun(state, count);
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
