// The run worker from the compiled package: what `npm ci` users get (bin/recsys-lab.js runs dist/ when it is
// fresh). The compiled build is copied into a temp folder beside links to the data folders, with no src/ in it, so
// a worker that tried to load a .ts file would fail; a run there goes through the worker's .js entry. The build is
// the one the global setup keeps current (test/global-setup.ts): copying it costs nothing, compiling the sources a
// second time cost most of this file. A copy, not a link: a linked dist/ resolves to the checkout, where src/ is.
// The worker reads RECSYS_LAB_MEASURE_LIMITS itself (src/measure/limits-env.ts; the CLI's async context does not
// reach its thread): a second run shows it holding a measurement to its sample floor.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS module without types (bin/ is not compiled)
import { useBuild } from '../../bin/use-build.js';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'recsys-lab-dist-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the run worker from dist/', () => {
  it('runs a scenario from the compiled .js files (no TypeScript sources next to them)', { timeout: 300_000 }, async () => {
    // no source newer than the build (whatever RECSYS_LAB_FROM_SOURCE says): the copy is of today's code
    expect((useBuild as (root: string, env: object) => boolean)(root, {}), 'dist/ is older than a source under src/: the global setup should have rebuilt it').toBe(true);
    cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
    for (const f of ['scenarios', 'lessons', 'datasets', 'node_modules', 'package.json']) symlinkSync(join(root, f), join(dir, f));
    const url = (p: string) => JSON.stringify(pathToFileURL(join(dir, 'dist', p)).href);
    const script = `
      import { RunWorkerClient } from ${url('ui/worker/client.js')};
      import { findScenario } from ${url('scenario/catalog.js')};
      const client = new RunWorkerClient();
      const scenario = await findScenario('drift-psi');
      const types = [];
      const result = await client.runScenario(scenario, {
        params: { days: 10, requestsPerDay: 10, largeN: 1000, newCategoryDay: 3, tasteChangeDay: 5, largeNDay: 11 },
        scale: 'tiny', seed: 42, signal: new AbortController().signal, onEvent: (e) => types.push(e.type),
      });
      // RECSYS_LAB_MEASURE_LIMITS=0,0 below: the worker holds each measurement to its sample floor (canary-rollout: 200)
      const canary = await client.runScenario(await findScenario('canary-rollout'), { params: {}, scale: 'tiny', seed: 42, signal: new AbortController().signal, onEvent: () => {} });
      await client.close();
      console.log(JSON.stringify({ scenario: result.scenario, schema: result.schema, days: result.params.days, first: types[0], last: types.at(-1), stages: types.filter((t) => t === 'stage-start').length, timedCalls: canary.latency['serve (live ranker)'].n }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      // the run's shared world cache (test/global-setup.ts) for canary-rollout's tiny world
      env: { ...process.env, RECSYS_LAB_MEASURE_LIMITS: '0,0', NODE_OPTIONS: '' },
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ scenario: 'drift-psi', schema: 'recsys-lab/run@2', days: 10, first: 'start', last: 'done', stages: expect.any(Number), timedCalls: 200 });
  });
});
