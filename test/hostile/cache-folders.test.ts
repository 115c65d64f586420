// Cache folders a user cannot write, a cache root that is a file, files whose permissions were taken away, and
// leftovers that are files or locked folders: each named plainly (exit 2 before a build), none a raw errno.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTemps, getOrBuild } from '../../src/data/cache.js';
import { cleanup, cli, cliHere, expectNoStack, NOBODY, openToAll, repo, scratch, unprivileged } from './helpers.js';

const dir = scratch('cache');
afterAll(() => cleanup(dir));

/** A folder owned by the unprivileged user, with everything in it. */
function giveToNobody(path: string): void {
  execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, path]);
}

describe('cache folders', () => {
  it('RECSYS_LAB_CACHE_DIR not writable: exit 2 before the build, naming the variable', (ctx) => {
    if (unprivileged.skip) return ctx.skip(unprivileged.skip);
    const root = join(dir, 'locked');
    mkdirSync(root, { mode: 0o755 });
    const r = cli(['data', 'build', '--scale', 'tiny', '--seed', '5'], { asNobody: true, env: { RECSYS_LAB_CACHE_DIR: root } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cache folder ${root} (RECSYS_LAB_CACHE_DIR) is not writable (permission denied); set RECSYS_LAB_CACHE_DIR to a writable folder`);
    expect(r.stderr).not.toMatch(/EACCES|mkdir/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('the default cache folder not writable (a root-owned install): the user cache folder is used, said once', (ctx) => {
    if (unprivileged.skip || unprivileged.prefix.length === 0) {
      return ctx.skip(unprivileged.skip ?? 'not root: the package folder is writable by this user, so there is no fallback to show');
    }
    const xdg = join(dir, 'xdg-cache');
    mkdirSync(xdg);
    giveToNobody(xdg);
    const r = cli(['data', 'build', '--scale', 'tiny', '--seed', '6'], { asNobody: true, env: { RECSYS_LAB_CACHE_DIR: undefined, XDG_CACHE_HOME: xdg } });
    expect(r.code).toBe(0);
    const notes = r.stderr.split('\n').filter((l) => l.includes('using '));
    expect(notes).toEqual([expect.stringMatching(new RegExp(`^cache: ${join(repo, 'datasets', 'cache')} is not writable.*; using ${join(xdg, 'recsys-lab')} \\(set RECSYS_LAB_CACHE_DIR to choose\\)$`))]);
    expect(readdirSync(join(xdg, 'recsys-lab')).some((k) => k.startsWith('world-tiny-s6-'))).toBe(true);
  });

  it('a cache root that is a file: exit 2 naming it, for data info and for a build (main() in this process)', async () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    // a seed no other test loads: in the shared project's process a world another file loaded stays in the in-process
    // memory cache, and a build of it would be answered from there without reading the cache folder
    for (const args of [['data', 'info'], ['data', 'build', '--scale', 'tiny', '--seed', '11']]) {
      const r = await cliHere(args, { env: { RECSYS_LAB_CACHE_DIR: file } });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`cache folder ${file} (is a file, not a folder|\\(RECSYS_LAB_CACHE_DIR\\) is not a folder)`));
      expect(r.stderr).not.toContain('ENOTDIR');
      expectNoStack(r.stderr);
    }
  });

  it('a cache file without read permission is reported as not readable, not as missing', async (ctx) => {
    if (unprivileged.skip) return ctx.skip(unprivileged.skip);
    const root = join(dir, 'unreadable');
    await getOrBuild({ kind: 'test-thing', params: { n: 1 }, version: 1, root, build: async () => ({ ids: Int32Array.from([1, 2, 3]) }) });
    openToAll(root);
    const entry = readdirSync(root).find((k) => k.startsWith('test-thing'))!;
    chmodSync(join(root, entry, 'ids.bin'), 0o000);
    const r = cli(['data', 'info', '--json'], { asNobody: true, env: { RECSYS_LAB_CACHE_DIR: root } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).entries[0]).toMatchObject({ ok: false, problem: 'ids.bin is not readable (permission denied)' });
  });
});

describe('cache leftovers', () => {
  beforeAll(() => {
    // the tiny world of seed 42 as the global setup built it (test/global-setup.ts), copied: generating it again costs
    // seconds, and the build below must find a verified world to keep
    const shared = process.env.RECSYS_LAB_CACHE_DIR!;
    const entry = readdirSync(shared).find((k) => k.startsWith('world-tiny-s42-'))!;
    cpSync(join(shared, entry), join(dir, 'owned', entry), { recursive: true });
  });

  it('a trashed file (a file that stood where an artefact folder belongs) is removed, not kept forever', () => {
    const root = join(dir, 'trash-file');
    mkdirSync(root);
    const leftover = join(root, `.trash-world-tiny-x-${2 ** 22 + 1}-${Date.now()}`);
    writeFileSync(leftover, 'was a file');
    const events: string[] = [];
    cleanTemps(root, (e) => events.push(e.type));
    expect(existsSync(leftover)).toBe(false);
    expect(events).toEqual(['cleaned']);
  });

  it('a trashed folder whose permissions were taken away is removed by its owner', (ctx) => {
    if (unprivileged.skip) return ctx.skip(unprivileged.skip);
    const root = join(dir, 'owned');
    const leftover = join(root, `.trash-world-tiny-y-${2 ** 22 + 1}-${Date.now()}`);
    mkdirSync(join(leftover, 'inner'), { recursive: true });
    writeFileSync(join(leftover, 'inner', 'x.bin'), 'x');
    giveToNobody(root);
    chmodSync(join(leftover, 'inner'), 0o000);
    chmodSync(leftover, 0o500);
    const r = cli(['data', 'build', '--scale', 'tiny', '--seed', '42'], { asNobody: true, env: { RECSYS_LAB_CACHE_DIR: root } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cache (verified)');
    expect(existsSync(leftover)).toBe(false);
  });
});
