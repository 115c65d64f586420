// Non-regular scenario paths and oversized files are refused with exit 2 naming what they are: `run /dev/zero`
// used to read without limit (8 GB before it was stopped), a directory gave a raw EISDIR.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { findScenario } from '../../src/scenario/catalog.js';
import { loadWorkshopPlan } from '../../src/scenario/workshop.js';
import { cleanup, cli, cliHere, expectNoStack, scratch } from './helpers.js';

const dir = scratch('paths');
afterAll(() => cleanup(dir));

describe('scenario paths that are not regular files', () => {
  it('run /dev/zero exits 2 at once, naming a character device', () => {
    // a regression would read without limit: the timeout stops it
    const r = cli(['run', '/dev/zero', '--scale', 'tiny'], { timeout: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('scenario file /dev/zero is a character device; give the path of a regular .yaml file');
    expectNoStack(r.stderr);
  });

  // main() in this process: a directory cannot make the read run away, so the message and the code are all there is
  it('run <a directory> exits 2 naming a directory', async () => {
    const r = await cliHere(['run', `${dir}/`, '--scale', 'tiny']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/scenario file .* is a directory/);
    expectNoStack(r.stderr);
  });

  it('a FIFO is refused without being opened (opening it would block until a writer comes)', async () => {
    const fifo = join(dir, 'scenario.yaml');
    execFileSync('mkfifo', [fifo]);
    await expect(findScenario(fifo)).rejects.toThrow(/is a FIFO \(named pipe\)/);
  });

  it('a file over 1 MiB is refused with its size', async () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(2 ** 20)}\n`);
    await expect(findScenario(big)).rejects.toThrow(/is 1\.0 MiB; files over 1 MiB are refused/);
  });

  it('a missing file is named as missing', async () => {
    await expect(findScenario(join(dir, 'nope.yaml'))).rejects.toThrow(/scenario file not found: .*nope\.yaml/);
  });

  it('workshop plans get the same checks', () => {
    for (const [path, what] of [['/dev/zero', 'a character device'], [dir, 'a directory']] as const) {
      expect(() => loadWorkshopPlan(path)).toThrow(UsageError);
      expect(() => loadWorkshopPlan(path)).toThrow(what);
    }
  });
});
