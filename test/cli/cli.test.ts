// The CLI end to end, as a user calls it: exit codes and messages for bad input, a valid run@2 document. The binary
// is spawned for the help without a terminal (about the process: no TTY on its stdin) and for a run; the list and the
// refusals call the same main() in this process (test/helpers/cli-in-process.ts): the text and the code are what they
// check (a refusal's exit 2 through the binary itself is spawned in test/hostile: claims, out-targets; `list` through
// the binary in test/hostile/stdout-signals.test.ts and, with the TUI, test/ui/terminal.test.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runResultSchema } from '../../src/scenario/result-schema.js';
import { cliArgs } from '../helpers/cli-path.js';
import { cliInProcess } from '../helpers/cli-in-process.js';

const root = join(import.meta.dirname, '..', '..');
// the run's shared world cache (test/global-setup.ts); scratch files in a folder of their own inside it
const cache = process.env.RECSYS_LAB_CACHE_DIR ?? mkdtempSync(join(tmpdir(), 'recsys-lab-cli-cache-'));
const scratch = mkdtempSync(join(cache, 'cli-'));

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  return cliWith({}, ...args);
}
function cliWith(env: Record<string, string>, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, cliArgs(...args), {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, RECSYS_LAB_CACHE_DIR: cache, NO_COLOR: '1', ...env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const inProcess = (...args: string[]) => cliInProcess(args, { env: { RECSYS_LAB_CACHE_DIR: cache } });

describe('recsys-lab CLI', () => {
  it('lists scenarios grouped by topic', async () => {
    const r = await inProcess('list');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ann-recall-latency');
    expect(r.stdout).toContain('system-design');
  });

  it('prints the help when started without a terminal', () => {
    const r = cli();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: recsys-lab');
  });

  it('runs a scenario at tiny scale and emits a valid run@2 document', () => {
    // a scenario that runs in a fraction of a second: what is checked here is the CLI's path, not the scenario.
    // RECSYS_LAB_MEASURE_LIMITS=0,0 (the test suite's knob, src/measure/limits-env.ts) leaves each measurement
    // its sample floor alone: canary-rollout's 200 calls per variant, where its 400 ms budget takes up to 2,000
    const out = join(scratch, 'canary.json');
    const r = cliWith({ RECSYS_LAB_MEASURE_LIMITS: '0,0' }, 'run', 'canary-rollout', '--scale', 'tiny', '--format', 'json', '--out', out, '--quiet');
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(runResultSchema.safeParse(doc).success).toBe(true);
    expect(doc.scale).toBe('tiny');
    expect(doc.latency['serve (live ranker)'].n).toBe(200);
  });

  it('exits 2 naming RECSYS_LAB_MEASURE_LIMITS and its form when it is malformed', async () => {
    const r = await cliInProcess(['run', 'canary-rollout', '--scale', 'tiny'], { env: { RECSYS_LAB_CACHE_DIR: cache, RECSYS_LAB_MEASURE_LIMITS: 'brief' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('RECSYS_LAB_MEASURE_LIMITS="brief" is not allowed; expected <budget ms>,<warm-up ms> as two whole numbers');
  });

  it('exits 2 naming the param for an unknown --set key', async () => {
    const r = await inProcess('run', 'ann-recall-latency', '--scale', 'tiny', '--set', 'nonsense=3');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown param "nonsense" for scenario ann-recall-latency; its params are: .*M/);
  });

  it('exits 2 naming the range for an out-of-range value', async () => {
    const r = await inProcess('run', 'ann-recall-latency', '--scale', 'tiny', '--set', 'M=100000');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/param "M": 100000 is not allowed; expected an integer in \[/);
  });

  it('exits 2 naming the file for a malformed YAML', async () => {
    const bad = join(scratch, 'bad.yaml');
    writeFileSync(bad, 'id: bad\ntitle: [unclosed\n');
    const r = await inProcess('run', bad, '--scale', 'tiny');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml: not valid YAML');
  });

  it('exits 2 listing the known scenarios for an unknown one', async () => {
    const r = await inProcess('run', 'no-such-scenario');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown scenario "no-such-scenario"; known scenarios: .*two-stage-why/);
  });

  it('exits 2 for a bad --scale and a bad --format', async () => {
    expect((await inProcess('run', 'two-stage-why', '--scale', 'huge')).stderr).toMatch(/--scale must be one of tiny, small, full/);
    const r = await inProcess('run', 'two-stage-why', '--format', 'xml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format must be one of text, md, json/);
  });

  it('exits 2 for an unknown option', async () => {
    expect((await inProcess('run', 'two-stage-why', '--bogus')).code).toBe(2);
  });

  it('leaves no --out file behind when the run fails', async () => {
    const out = join(scratch, 'never.md');
    expect((await inProcess('run', 'ann-recall-latency', '--set', 'M=1', '--out', out)).code).not.toBe(0);
    expect(existsSync(out)).toBe(false);
  });
});
