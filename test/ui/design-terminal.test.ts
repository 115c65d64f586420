// The design review in a real pseudo-terminal (tmux): launch `recsys-lab`, find the design reviews at the top of the
// home screen, open the cheap-and-fast design on its stage knobs, run it at tiny through the run worker, read the
// scorecard, quit. Skipped without tmux (CI installs it).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTmux, startTmux, type TmuxSession } from './helpers/tmux.js';

const root = join(import.meta.dirname, '..', '..');
const tmux = hasTmux();
const state = mkdtempSync(join(tmpdir(), 'recsys-lab-design-state-'));
// the run's shared world cache (test/global-setup.ts): the tiny world is built there once, before the workers start
const cache = process.env.RECSYS_LAB_CACHE_DIR!;
let session: TmuxSession | undefined;

afterAll(() => {
  session?.kill();
  rmSync(state, { recursive: true, force: true });
});

describe('the design review in a real terminal', () => {
  it.skipIf(!tmux)('home → a design → its knobs → run at tiny with progress → scorecard → quit', async () => {
    session = startTmux('node bin/recsys-lab.js --scale tiny', {
      cwd: root,
      columns: 120,
      rows: 72,
      env: { XDG_STATE_HOME: state, RECSYS_LAB_CACHE_DIR: cache, NO_COLOR: '1' },
      maxPollMs: 200,
    });
    const s = session;
    let screen = await s.waitFor(/recsys-lab · scenarios[\s\S]*Design review — the first question/, 60_000);
    expect(screen.indexOf('Design review — the first question')).toBeLessThan(screen.indexOf('System design'));

    s.send(['/cheap'], { literal: true });
    await s.waitFor('Filter: cheap');
    s.send(['Enter']);
    screen = await s.waitFor('Knobs (');
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
    expect(readdirSync(join(state, 'recsys-lab', 'history'))).toEqual(['design-cheap-and-fast.jsonl']);
  }, 300_000);
});
