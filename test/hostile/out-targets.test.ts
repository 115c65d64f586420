// `--out` never replaces what is not a regular file, is checked before the run, and a finished run's results are
// never lost: device nodes and FIFOs are written in place, symlinks followed, bad targets refused with exit 2.
// What happens to the target is the same in this process as in a spawned one, so most cases call main() here
// (cliHere); a real process writes the FIFO, the /dev/full copy (its stdout fallback) and the read-only cases (as
// another user). The workshop command's own spawn is in claims.test.ts (a plan refused before its first run).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, cli, cliAsync, cliHere, expectNoStack, QUICK_RUN, scratch, unprivileged } from './helpers.js';

const dir = scratch('out');
afterAll(() => cleanup(dir));

const json = (...extra: string[]) => [...QUICK_RUN, '--format', 'json', ...extra];

/**
 * A character device node like the one at `like`, in the scratch folder (mknod needs root; null when it cannot be
 * made). The tests never name the system's own /dev entries as targets: code that regressed would replace them.
 */
function deviceLike(like: '/dev/null' | '/dev/full', name: string): string | null {
  const st = statSync(like);
  if (!st.isCharacterDevice()) throw new Error(`${like} is not a character device on this system: something replaced it`);
  const rdev = st.rdev;
  const path = join(dir, name);
  try {
    execFileSync('mknod', [path, 'c', String(Math.floor(rdev / 256) & 0xfff), String(rdev & 0xff)], { stdio: 'ignore' });
    return path;
  } catch {
    return null;
  }
}

describe('--out targets', () => {
  it('a device node is written in place and stays a device node', async (ctx) => {
    const dev = deviceLike('/dev/null', 'null-copy');
    if (!dev) return ctx.skip('mknod is not allowed here (not root), so no device node to target');
    const r = await cliHere(json('--out', dev));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${dev}`);
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('a device that refuses the bytes (a copy of /dev/full) keeps the results on stdout, exit 1, one line', (ctx) => {
    const dev = deviceLike('/dev/full', 'full-copy');
    if (!dev) return ctx.skip('mknod is not allowed here (not root), so no device node to target');
    const r = cli(json('--out', dev));
    expect(r.code).toBe(1);
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
    expect(JSON.parse(r.stdout).scenario).toBe('explore-exploit');
    expect(r.stderr.trim().split('\n')).toEqual([`recsys-lab: could not write ${dev} (ENOSPC: no space left on device); printed the results on stdout instead`]);
  });

  it('a FIFO is written in place (a reader gets the document) and stays a FIFO', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (d: Buffer) => (read += d.toString()));
    const readerDone = new Promise((resolve) => reader.on('close', resolve));
    const r = await cliAsync(json('--out', fifo)).done;
    await readerDone;
    expect(r.code).toBe(0);
    expect(JSON.parse(read).schema).toMatch(/^recsys-lab\/run@/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a symlink is followed: its target gets the document, the link stays a link', async () => {
    const target = join(dir, 'real.json');
    const link = join(dir, 'link.json');
    writeFileSync(target, 'old');
    symlinkSync('real.json', link);
    const r = await cliHere(json('--out', link));
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real.json');
    expect(JSON.parse(readFileSync(target, 'utf8')).scenario).toBe('explore-exploit');
  });

  it('an existing regular file is replaced atomically and keeps its mode', async () => {
    const file = join(dir, 'mode.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o640);
    expect((await cliHere(json('--out', file))).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(JSON.parse(readFileSync(file, 'utf8')).scenario).toBe('explore-exploit');
  });

  it('a directory as the target exits 2 before the run, naming it', async () => {
    const r = await cliHere([...json('--out', dir), '--set', 'rounds=10000000', '--set', 'repeats=200']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--out ${dir} is a directory; name a file inside it`);
    expectNoStack(r.stderr);
  });

  it('a missing folder exits 2 before the run, naming it', async () => {
    const r = await cliHere(json('--out', join(dir, 'nope', 'x.json')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/folder ".*nope" does not exist/);
  });

  it('a read-only folder exits 2 before the run, as an unprivileged user', (ctx) => {
    if (unprivileged.skip) return ctx.skip(unprivileged.skip);
    // the scratch folder is root's, mode 0755: not writable by nobody. The huge knobs show the check comes first.
    const r = cli([...json('--out', join(dir, 'ro.json')), '--set', 'rounds=10000000', '--set', 'repeats=200'], { asNobody: true, timeout: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out .*ro\.json: folder ".*" is not writable \(permission denied\)/);
    expectNoStack(r.stderr);
  });

  it('a read-only file exits 2 before the run, as an unprivileged user', (ctx) => {
    if (unprivileged.skip) return ctx.skip(unprivileged.skip);
    const mine = join(dir, 'nobody');
    mkdirSync(mine);
    chmodSync(mine, 0o777);
    const file = join(mine, 'locked.json');
    writeFileSync(file, 'keep me');
    chmodSync(file, 0o444);
    const r = cli(json('--out', file), { asNobody: true, timeout: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--out ${file} is not writable (permission denied)`);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });
});

describe('workshop --out', () => {
  const plan = join(dir, 'plan.yaml');
  writeFileSync(plan, `title: Hostile\nsteps:\n  - scenario: ${QUICK_RUN[1]}\n    sweep: false\n    set: { rounds: 200, repeats: 1 }\n`);

  it('a file where the figures folder goes exits 2 before any run', async () => {
    const out = join(dir, 'room.md');
    writeFileSync(join(dir, 'room-figures'), 'not a folder');
    const r = await cliHere(['workshop', plan, '--scale', 'tiny', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the figures go in .*room-figures, which is a regular file; move it or choose another report name/);
    expect(r.stderr).not.toContain('[1/1]'); // refused before the first step
    expect(existsSync(out)).toBe(false);
  });

  it('a directory as the report exits 2 before any run and leaves no figures folder', async () => {
    const target = join(dir, 'report-dir');
    mkdirSync(target);
    const r = await cliHere(['workshop', plan, '--scale', 'tiny', '--out', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a directory');
    expect(existsSync(`${target}-figures`)).toBe(false);
  });

  it('a device as the report is refused (its figures would go beside it)', async (ctx) => {
    const dev = deviceLike('/dev/null', 'null-report');
    if (!dev) return ctx.skip('mknod is not allowed here (not root), so no device node to target');
    const r = await cliHere(['workshop', plan, '--scale', 'tiny', '--out', dev]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--out ${dev} is a character device; --out writes to a regular file`);
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
    expect(existsSync(`${dev}-figures`)).toBe(false);
  });

  it('a good target gets the report and its figures', async () => {
    const out = join(dir, 'good.md');
    const r = await cliHere(['workshop', plan, '--scale', 'tiny', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('# Hostile');
  });
});
