// Shared by the hostile-input suite: the CLI as a user calls it (optionally as an unprivileged user, since tests
// run as root and root ignores permission bits), scratch folders any user can read, and the tiny world prebuilt
// where such a user can read it.
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { cliArgs } from '../helpers/cli-path.js';
import { cliInProcess } from '../helpers/cli-in-process.js';

export const repo = join(import.meta.dirname, '..', '..');

/** The unprivileged user the permission cases run as (nobody on Debian). */
export const NOBODY = 65534;

/**
 * How to run a command without root's override of permission bits: through setpriv when we are root, directly when
 * we are not; null (with the reason) when we are root and setpriv is missing.
 */
export const unprivileged: { prefix: string[]; skip: string | null } = (() => {
  if (process.getuid?.() !== 0) return { prefix: [], skip: null };
  const probe = spawnSync('setpriv', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return { prefix: [], skip: 'running as root without setpriv: the permission cases cannot drop privileges, so they are skipped' };
  const prefix = ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'];
  // a checkout inside a folder only root may enter (a 0700 temp folder) cannot be run by anyone else at all
  const entry = cliArgs()[0];
  const readable = spawnSync(prefix[0], [...prefix.slice(1), 'test', '-r', entry], { encoding: 'utf8' });
  if (readable.status !== 0) return { prefix: [], skip: `the checkout is not readable by uid ${NOBODY} (${entry} sits in a folder only root may enter), so the permission cases cannot run the CLI as that user` };
  return { prefix, skip: null };
})();

/** A scratch folder every user can read and search (0755), removed with `cleanup`. */
export function scratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `recsys-hostile-${prefix}-`));
  chmodSync(dir, 0o755);
  return dir;
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** chmod a+rX over a tree, so the unprivileged user can read what root built there. */
export function openToAll(path: string): void {
  const st = statSync(path);
  chmodSync(path, st.isDirectory() ? 0o755 : 0o644);
  if (st.isDirectory()) for (const name of readdirSync(path)) openToAll(join(path, name));
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** run as the unprivileged user (check `unprivileged.skip` first) */
  asNobody?: boolean;
  /** stdout: a file descriptor (e.g. of /dev/full) instead of a pipe */
  stdoutFd?: number;
  cwd?: string;
  timeout?: number;
}

function argv(args: string[], o: CliOptions): [string, string[]] {
  const node = [process.execPath, ...cliArgs(...args)];
  const full = o.asNobody ? [...unprivileged.prefix, ...node] : node;
  return [full[0], full.slice(1)];
}

function spawnOptions(o: CliOptions): SpawnSyncOptions {
  return {
    cwd: o.cwd ?? repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...o.env },
    timeout: o.timeout ?? 120_000,
    stdio: ['ignore', o.stdoutFd ?? 'pipe', 'pipe'],
  };
}

/** Run the CLI to the end. */
export function cli(args: string[], o: CliOptions = {}): CliResult {
  const [cmd, rest] = argv(args, o);
  const r = spawnSync(cmd, rest, spawnOptions(o));
  return { code: r.status, signal: r.signal, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/**
 * The CLI's main() in this process (test/helpers/cli-in-process.ts), for cases where what is checked is the message,
 * the exit code or the files left, not the process: no node start and no CLI imports per call. Not for the cases
 * about the process itself (signals, its stdout's file descriptor, another user, a read that must not hang it).
 */
export async function cliHere(args: string[], o: Pick<CliOptions, 'env'> = {}): Promise<CliResult> {
  const r = await cliInProcess(args, { env: o.env });
  return { code: r.code, signal: null, stdout: r.stdout, stderr: r.stderr };
}

/** Start the CLI and hand back the child (for signals and FIFOs). */
export function cliAsync(args: string[], o: CliOptions = {}) {
  const [cmd, rest] = argv(args, o);
  const { encoding: _e, timeout: _t, ...opts } = spawnOptions(o);
  const child = spawn(cmd, rest, opts);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  const stderrSees = (re: RegExp, ms = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stderr never matched ${re}: ${stderr}`)), ms);
      const check = (): void => {
        if (!re.test(stderr)) return;
        clearTimeout(timer);
        resolve();
      };
      child.stderr?.on('data', check);
      check();
    });
  return { child, done, stderrSees };
}

// removed after the test file that made them (a vitest worker does not run process 'exit' handlers). In the shared
// project (vitest.config.ts: one module graph per worker) this module is evaluated once per worker, so this afterAll
// belongs to the first file there that imported it: the hostile files in that project use neither QUICK_RUN nor
// scenarioWithoutClaims (the files that do run isolated, a process each)
const scenarioDirs: string[] = [];
afterAll(() => {
  for (const dir of scenarioDirs.splice(0)) cleanup(dir);
});

/**
 * A scenario of the catalog without its claims, as a scenario file: a run then needs no mathjs (most of a quick
 * run's start-up), so the end-to-end cases stay a second or two each.
 */
export function scenarioWithoutClaims(id: string): string {
  const doc = parseYaml(readFileSync(join(repo, 'scenarios', `${id}.yaml`), 'utf8')) as Record<string, unknown>;
  delete doc.claims;
  const dir = scratch('scenario');
  scenarioDirs.push(dir);
  const file = join(dir, `${id}.yaml`);
  writeFileSync(file, stringifyYaml(doc));
  chmodSync(file, 0o644);
  return file;
}

/** A quick scenario run (explore-exploit, one point, 200 rounds): well under a second of work at tiny scale. */
export const QUICK_RUN = ['run', scenarioWithoutClaims('explore-exploit'), '--scale', 'tiny', '--no-sweep', '--set', 'rounds=200', '--set', 'repeats=1', '--quiet'];

/** No stack trace: no "    at " frame and no "node:internal" in what the user sees. */
export function expectNoStack(text: string): void {
  if (/^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || text.includes('node:internal')) throw new Error(`a stack trace reached the user:\n${text}`);
}
