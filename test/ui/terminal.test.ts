// The TUI in a real pseudo-terminal (tmux): launch `recsys-lab` with no command, choose a scenario,
// change a knob, run it at tiny scale, read the results and claims, cancel a long run with Esc; then, in the same
// session, find the design reviews at the top of the home screen, open the cheap-and-fast design on its stage knobs,
// run it at tiny through the run worker, read the scorecard, quit — asserting on the screen. One session for both
// walks: a launch (node, the compiled CLI, ink, the run worker and its world) costs more than most of a walk.
// The same run headless must give the same numbers (one runner behind the TUI and `recsys-lab run`).
// CI installs tmux (apt-get install -y tmux); without it the test is skipped locally and fails on CI.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTmux, startTmux, type TmuxSession } from './helpers/tmux.js';
import type { RunResult } from '../../src/scenario/types.js';

const root = join(import.meta.dirname, '..', '..');
const tmux = hasTmux();
const state = mkdtempSync(join(tmpdir(), 'recsys-lab-tui-state-'));
// the run's shared world cache (test/global-setup.ts): the tiny world is built there once, before the workers start
const cache = process.env.RECSYS_LAB_CACHE_DIR!;
let session: TmuxSession | undefined;
let tuiRun: RunResult | undefined;

afterAll(() => {
  session?.kill();
  rmSync(state, { recursive: true, force: true });
});

describe('recsys-lab in a real terminal', () => {
  it('needs tmux on CI', () => {
    if (process.env.CI) expect(tmux, 'CI must install tmux (apt-get install -y tmux)').toBe(true);
  });

  it.skipIf(!tmux)('choose a scenario, turn a knob, run at tiny, see claims, cancel a long run', async () => {
    session = startTmux('node bin/recsys-lab.js --scale tiny', {
      cwd: root,
      columns: 120,
      rows: 72,
      env: { XDG_STATE_HOME: state, RECSYS_LAB_CACHE_DIR: cache, NO_COLOR: '1' },
      maxPollMs: 200,
    });
    const s = session;
    // the first frame and the catalog; the generous timeout is for a loaded 2-core CI box. The design reviews come
    // first, in their own group, before the interview topics
    let screen = await s.waitFor(/recsys-lab · scenarios[\s\S]*Design review — the first question[\s\S]*Deep dives/, 60_000);
    expect(screen.indexOf('Design review — the first question')).toBeLessThan(screen.indexOf('System design'));

    s.send(['/hnsw against'], { literal: true });
    await s.waitFor('Filter: hnsw against');
    s.send(['Enter']);
    screen = await s.waitFor('Knobs (');
    expect(screen).toContain('HNSW against exact search');
    expect(screen).toMatch(/› items\s+◂\s+5,000 ▸/);

    // a typed value: 1,000 items (the knob's floor), so the run here and its headless twin below build and sweep a
    // fifth of the default catalog (what is checked is the screens and that both runs agree, not the numbers)
    s.send(['1000'], { literal: true });
    s.send(['Enter']);
    await s.waitFor(/› items\s+◂\s+1,000 ▸/);

    // items → dim → M, then one step up
    s.send(['Down']);
    s.send(['Down']);
    await s.waitFor(/› M\s+◂/);
    s.send(['Right']);
    screen = await s.waitFor(/M\s+◂\s+17 ▸ links\s+\[4 … 64\] \(changed\)/);

    s.send(['Enter']);
    screen = await s.waitFor(/recsys-lab · results[\s\S]*Claims/, 90_000);
    expect(screen).toMatch(/M=17/);
    expect(screen).toMatch(/items=1000/);
    expect(screen).toMatch(/[✓✗?] .+\n\s+(holds|fails|inconclusive) here \(.+\): \w+ = [\d.,]+/);
    expect(screen).toMatch(/recall_at_10\s+\d\.\d+/);
    // NO_COLOR: the cells carry no colour at all (bold and the ✓/✗, › characters still carry the meaning)
    expect(s.capture({ escapes: true })).not.toMatch(/\x1b\[(?:[\d;]*;)?(?:3[0-8]|9[0-7]|4[0-8]|10[0-7])(?:;[\d;]*)?m/);

    // a long run (10,000 queries through exact search) cancelled with Esc through the runner's signal
    s.send(['Escape']);
    await s.waitFor(/› M\s+◂\s+17 ▸/);
    s.send(['Down', 'Down', 'Down', 'Down']); // efConstruction, ef, metric, queries
    await s.waitFor(/› queries\s+◂/);
    s.send(['10000'], { literal: true });
    s.send(['Enter']);
    await s.waitFor(/queries\s+◂\s+10,000 ▸/);
    s.send(['Enter']); // a previous run exists: the predict screen first
    await s.waitFor('Predict, then observe');
    s.send(['Enter']); // run now
    await s.waitFor(/exact search\s+[█░]/, 60_000);
    s.send(['Escape']);
    screen = await s.waitFor('run cancelled', 20_000);
    expect(screen).toContain('Knobs (');

    // back to the home screen, the filter cleared
    s.send(['Escape']);
    await s.waitFor(/recsys-lab · scenarios[\s\S]*Filter: hnsw against/);
    s.send(['Escape']);
    await s.waitFor(/recsys-lab · scenarios[\s\S]*Type to filter/);
  }, 180_000);

  it.skipIf(!tmux)('the design review: home → a design → its knobs → run at tiny with progress → scorecard → quit', async () => {
    expect(session, 'the terminal test above must have started the session').toBeDefined();
    const s = session!;
    s.send(['/cheap'], { literal: true });
    await s.waitFor('Filter: cheap');
    s.send(['Enter']);
    let screen = await s.waitFor('Knobs (');
    expect(screen).toContain('Design review — Cheap and fast');
    expect(screen).toMatch(/candidates\s+100\s/);

    s.send(['Enter']);
    // the running screen: stages with progress bars while the worker builds the design
    await s.waitFor(/Running Design review — Cheap and fast[\s\S]*Esc or Ctrl-C cancels the run/, 60_000);
    screen = await s.waitFor(/recsys-lab · results[\s\S]*Scorecard/, 180_000);
    expect(screen).toMatch(/retrieval recall@100 \(new items\)\s+0\.\d+/);
    expect(screen).toMatch(/The stage that binds the latency: \w+/);

    s.send(['q']);
    await s.waitFor('[exit 0]', 20_000);

    // the finished runs were kept for the next launch, one file each; the cancelled one was not
    const files = readdirSync(join(state, 'recsys-lab', 'history'));
    expect(files.sort()).toEqual(['ann-recall-latency.jsonl', 'design-cheap-and-fast.jsonl']);
    const lines = readFileSync(join(state, 'recsys-lab', 'history', 'ann-recall-latency.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    tuiRun = JSON.parse(lines[0]) as RunResult;
    expect(tuiRun).toMatchObject({ schema: 'recsys-lab/run@2', scale: 'tiny', params: { M: 17, items: 1000 } });
  }, 300_000);

  it.skipIf(!tmux)('the TUI run and a headless run of the same runner give the same numbers', async () => {
    expect(tuiRun, 'the terminal tests above must have run').toBeDefined();
    // `recsys-lab run`, main() in this process: the compiled CLI loads faster than the sources through vitest
    const { cliInProcess } = await import('../helpers/cli-in-process.js');
    const r = await cliInProcess(['run', 'ann-recall-latency', '--scale', 'tiny', '--seed', '42', '--set', 'M=17', '--set', 'items=1000', '--format', 'json', '--quiet'], { env: { RECSYS_LAB_CACHE_DIR: cache } });
    expect(r.code, r.stderr).toBe(0);
    const headless = JSON.parse(r.stdout) as RunResult;
    expect(headless.params).toEqual(tuiRun!.params);
    // recall is a pure function of seed, knobs and scale; timings (…_ms, qps) differ run to run by design
    expect(headless.metrics.recall_at_10).toBe(tuiRun!.metrics.recall_at_10);
    const recalls = (r: RunResult) => r.series.find((x) => x.name.endsWith('sweep'))?.points.map((p) => p.recall_at_10);
    expect(recalls(headless)).toEqual(recalls(tuiRun!));
    expect(recalls(headless)?.length).toBeGreaterThan(1);
  }, 120_000);
});
