/**
 * TUI timings in a real terminal (tmux): first frame from launch (target < 1 s) against the smallest
 * ink app as the floor, the home screen becoming usable (catalog listed), and a knob change + re-run
 * at tiny scale until the results show (target < 2 s), split into the runner's own time and the rest.
 * Each figure is the median of `repeats` launches after one warm-up (tsx caches its transforms).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasTmux, startTmux } from '../test/ui/helpers/tmux.js';
import type { BenchContext, BenchEntry, BenchRow } from './types.js';

const root = join(import.meta.dirname, '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeToScreen(command: string, pattern: RegExp, env: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const s = startTmux(command, { cwd: root, env });
  try {
    await s.waitFor(pattern, 60_000);
    return performance.now() - t0;
  } finally {
    s.kill();
  }
}

async function launchTimes(command: string, pattern: RegExp, env: Record<string, string>, repeats: number): Promise<number> {
  await timeToScreen(command, pattern, env); // warm-up: tsx transform cache, file cache
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) times.push(await timeToScreen(command, pattern, env));
  return median(times);
}

/**
 * The installed layout: `npm ci` builds dist/ (prepare script) and bin/recsys-lab.js runs it without tsx.
 * Built into a temp folder beside links to the data folders, so the shared checkout's dist/ is never touched.
 */
function buildInstalledCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'recsys-lab-bench-pkg-'));
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist')], { cwd: root, stdio: 'ignore' });
  for (const f of ['scenarios', 'lessons', 'datasets', 'node_modules', 'package.json']) symlinkSync(join(root, f), join(dir, f));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(root, 'bin', 'recsys-lab.js'), join(dir, 'bin', 'recsys-lab.js')); // a copy: bin resolves dist/ next to itself
  return dir;
}

/** Run the ANN scenario once, then step M and re-run; returns wall time and the runner's own durationMs. */
async function rerun(env: Record<string, string>, state: string, repeats: number): Promise<{ wall: number; runner: number; ui: number }> {
  const s = startTmux('node bin/recsys-lab.js --scale tiny', { cwd: root, env });
  const walls: number[] = [];
  const runners: number[] = [];
  try {
    await s.waitFor(/Deep dives/, 60_000);
    s.send(['/hnsw'], { literal: true });
    await s.waitFor('Filter: hnsw');
    s.send(['Enter']);
    await s.waitFor('Knobs (');
    s.send(['Enter']);
    await s.waitFor(/recsys-lab · results/, 120_000); // first run: builds what later runs reuse
    for (let i = 0; i < repeats; i++) {
      s.send(['Escape']);
      await s.waitFor('Knobs (');
      // the knob cursor stays where it was after a run: walk to M (items → dim → M) once
      if (i === 0) s.send(['Down', 'Down']);
      s.send(['Right']);
      await s.waitFor(new RegExp(`M\\s+◂\\s+${17 + i} ▸`));
      s.send(['Enter']);
      await s.waitFor('Predict, then observe');
      const t0 = performance.now();
      s.send(['Enter']); // run now, without predictions
      await s.waitFor(new RegExp(`recsys-lab · results[\\s\\S]*M=${17 + i} `), 60_000);
      walls.push(performance.now() - t0);
      const lines = readFileSync(join(state, 'recsys-lab', 'history', 'ann-recall-latency.jsonl'), 'utf8').trim().split('\n');
      runners.push((JSON.parse(lines[lines.length - 1]) as { durationMs: number }).durationMs);
    }
    s.send(['q']);
    // the split is per round (wall − runner of the same run), then the median
    return { wall: median(walls), runner: median(runners), ui: median(walls.map((w, i) => w - runners[i])) };
  } finally {
    s.kill();
  }
}

export const entry: BenchEntry = {
  id: 'tui',
  title: 'TUI: first frame and knob change + re-run (real terminal, tmux)',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    if (!hasTmux()) return [{ name: 'TUI timings', value: NaN, unit: 'ms', note: 'skipped: tmux not installed (apt-get install -y tmux)' }];
    const state = mkdtempSync(join(tmpdir(), 'recsys-lab-bench-tui-'));
    const env = { XDG_STATE_HOME: state, NO_COLOR: '1' };
    const repeats = 3;
    try {
      ctx.log('tui: anchor — smallest ink app');
      const hello = await launchTimes('node --import tsx bench/tui/hello.tsx', /hello from ink/, env, repeats);
      const helloJs = await launchTimes('node bench/tui/hello.mjs', /hello from ink/, env, repeats);
      ctx.log('tui: first frame of recsys-lab');
      const first = await launchTimes('node bin/recsys-lab.js --scale tiny', /recsys-lab · scenarios/, env, repeats);
      const npx = await launchTimes('npx tsx src/cli/main.ts --scale tiny', /recsys-lab · scenarios/, env, repeats);
      ctx.log('tui: building an installed copy (tsc → temp dist/)');
      const pkg = buildInstalledCopy();
      let compiled: number;
      try {
        compiled = await launchTimes(`node ${join(pkg, 'bin', 'recsys-lab.js')} --scale tiny`, /recsys-lab · scenarios/, env, repeats);
      } finally {
        rmSync(pkg, { recursive: true, force: true });
      }
      const usable = await launchTimes('node bin/recsys-lab.js --scale tiny', /Deep dives|System design|Trade-offs/, env, repeats);
      ctx.log('tui: knob change + re-run at tiny');
      const re = await rerun(env, state, repeats);
      const anchor = { name: 'smallest ink app, first frame', value: hello, unit: 'ms' };
      return [
        { name: 'first frame: node bin/recsys-lab.js (sources via tsx)', value: first, unit: 'ms', anchor, ratio: hello / first,
          target: '< 1 s', met: first < 1000, note: 'ratio = anchor time ÷ ours (1 = no cost over bare ink)' },
        { name: 'first frame: installed (compiled dist/, no tsx)', value: compiled, unit: 'ms',
          anchor: { name: 'smallest ink app in plain JS, first frame', value: helloJs, unit: 'ms' }, ratio: helloJs / compiled,
          target: '< 1 s', met: compiled < 1000, note: 'what `npm ci` users get; ratio = anchor time ÷ ours' },
        { name: 'first frame: npx tsx src/cli/main.ts', value: npx, unit: 'ms', target: '< 1 s', met: npx < 1000, note: 'includes npx start-up' },
        { name: 'home usable (catalog listed)', value: usable, unit: 'ms' },
        { name: 'knob change → results, ann-recall-latency tiny (Enter to results on screen)', value: re.wall, unit: 'ms', target: '< 2 s', met: re.wall < 2000 },
        { name: '1-minute load average at the end (2 cores; start-up figures scale with it)', value: loadavg()[0], unit: 'load' },
        { name: '… of which the runner (durationMs)', value: re.runner, unit: 'ms' },
        { name: '… of which the TUI (events, render, history write)', value: re.ui, unit: 'ms',
          note: 'wall − runner of the same run; the runner clock starts after the key is read, so this also holds key and process latency' },
      ];
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  },
};
