// `recsys-lab data build|info` end to end: exit codes, the cache it leaves, and Ctrl-C leaving nothing. The first
// build and Ctrl-C spawn the binary; the rebuild, info and the refusal call the CLI's main() in this process
// (test/helpers/cli-in-process.ts), which saves a node start and the CLI's imports per call.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliArgs } from '../helpers/cli-path.js';
import { cliInProcess } from '../helpers/cli-in-process.js';

const repo = join(import.meta.dirname, '..', '..');
const root = mkdtempSync(join(os.tmpdir(), 'recsys-cli-data-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function cli(args: string[], cacheDir = root) {
  return spawnSync(process.execPath, cliArgs(...args), {
    cwd: repo, encoding: 'utf8', env: { ...process.env, RECSYS_LAB_CACHE_DIR: cacheDir, NO_COLOR: '1' }, timeout: 60_000,
  });
}
const here = async (args: string[]) => {
  const r = await cliInProcess(args, { env: { RECSYS_LAB_CACHE_DIR: root } });
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
};

describe('recsys-lab data', () => {
  it('build --scale tiny writes one verified world and info --json reports it intact', async () => {
    const b = cli(['data', 'build', '--scale', 'tiny', '--seed', '3']);
    expect(b.status).toBe(0);
    expect(b.stdout).toMatch(/world tiny seed 3 — generated/);
    const again = await here(['data', 'build', '--scale', 'tiny', '--seed', '3']);
    expect(again.stdout).toMatch(/cache \(verified\)/);
    const info = await here(['data', 'info', '--json', '--scale', 'tiny']);
    expect(info.status).toBe(0);
    const doc = JSON.parse(info.stdout) as { entries: { kind: string; ok: boolean; seed: number; lengths: Record<string, number> }[] };
    expect(doc.entries).toHaveLength(1);
    expect(doc.entries[0]).toMatchObject({ kind: 'world', ok: true, seed: 3 });
    expect(doc.entries[0].lengths['items.category']).toBe(5000);
  }, 120_000);

  it('a bad --scale exits 2 naming the allowed values', async () => {
    const r = await here(['data', 'build', '--scale', 'huge']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--scale must be one of tiny, small, full, got "huge"/);
  }, 60_000);

  it('Ctrl-C during a build exits 130 and leaves no cache directory', async () => {
    const empty = mkdtempSync(join(os.tmpdir(), 'recsys-cli-sigint-'));
    // small takes seconds to simulate, long enough to interrupt once the interactions stage starts
    const child = spawn(process.execPath, cliArgs('data', 'build', '--scale', 'small', '--seed', '9'), {
      cwd: repo, env: { ...process.env, RECSYS_LAB_CACHE_DIR: empty, NO_COLOR: '1' },
    });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // one Ctrl-C only: a second one is the documented "force quit"
      if (!sent && stderr.includes('interactions…')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).toMatch(/cancelled/);
    expect(code).toBe(130);
    expect(readdirSync(empty)).toEqual([]);
    rmSync(empty, { recursive: true, force: true });
  }, 120_000);
});
