// A full stdout is one line and exit 1 (no ENOSPC stack from main.ts), and a finished run's results are kept when
// stdout fails; SIGTERM is one line and exit 143 with nothing half-written left behind.
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, cli, cliAsync, expectNoStack, QUICK_RUN, scratch } from './helpers.js';

const dir = scratch('stdout');
afterAll(() => cleanup(dir));

function withFullStdout<T>(f: (fd: number) => T): T {
  const fd = openSync('/dev/full', 'w');
  try {
    return f(fd);
  } finally {
    closeSync(fd);
  }
}

describe('a full stdout', () => {
  it('list > /dev/full: one line naming ENOSPC, exit 1', (ctx) => {
    if (!existsSync('/dev/full')) return ctx.skip('no /dev/full on this system');
    const r = withFullStdout((fd) => cli(['list'], { stdoutFd: fd }));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['recsys-lab: cannot write to stdout (ENOSPC: no space left on device)']);
  });

  it('run > /dev/full: the finished run is saved in the temp folder and the line says where, exit 1', (ctx) => {
    if (!existsSync('/dev/full')) return ctx.skip('no /dev/full on this system');
    const tmp = join(dir, 'tmp');
    const r = withFullStdout((fd) => cli([...QUICK_RUN, '--format', 'json'], { stdoutFd: fd, env: { TMPDIR: tmp } }));
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const saved = /saved the results to (\S+) instead$/.exec(lines[0])?.[1];
    expect(lines[0]).toMatch(/^recsys-lab: could not write to stdout \(ENOSPC: no space left on device\); saved the results to /);
    expect(saved && JSON.parse(readFileSync(saved, 'utf8')).scenario).toBe('explore-exploit');
  });
});

describe('SIGTERM', () => {
  it('during a run: one line, exit 143, no temp file beside the --out target', async () => {
    const out = join(dir, 'term.json');
    // without --quiet the stage lines show the run is under way; the knobs make it long enough to be stopped
    const args = QUICK_RUN.filter((a) => a !== '--quiet').map((a) => (a === 'rounds=200' ? 'rounds=10000000' : a === 'repeats=1' ? 'repeats=200' : a));
    const run = cliAsync([...args, '--format', 'json', '--out', out]);
    await run.stderrSees(/… (epsilon-greedy|ucb1|thompson)/);
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(143);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('recsys-lab'))).toEqual(['recsys-lab: terminated (SIGTERM); nothing half-written was kept']);
    expectNoStack(r.stderr);
    expect(readdirSync(dir).filter((f) => f.startsWith('.term.json'))).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});
