// One world cache for the whole test run, shared by every worker (cache writes are atomic), removed at the end:
// tests never touch datasets/cache and leave nothing behind in /tmp. The world every scenario runs on at tiny scale
// (seed 42) is built here once, before the workers start, so no two of them build it at the same time; the HNSW
// indexes the scenarios cache land in the same folder and are shared the same way.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SEED } from '../src/scenario/runner.js';
import { MEASURE_LIMITS_ENV } from '../src/measure/limits-env.js';
import { BRIEF_MEASURE } from './helpers/run-scenario.js';

/**
 * The CLI tests spawn bin/recsys-lab.js, which runs the compiled dist/ when it is current (a fresh start of the
 * compiled CLI costs about half of one through tsx): build it once here when a source is newer than it.
 */
async function buildDistWhenStale(): Promise<void> {
  const root = join(import.meta.dirname, '..');
  // @ts-expect-error: a plain JS module without types (bin/ is not compiled)
  const { useBuild } = (await import('../bin/use-build.js')) as { useBuild: (root: string) => boolean };
  if (useBuild(root)) return;
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building dist/ for the CLI tests failed:\n${r.stdout}${r.stderr}`);
}

export default async function setup(): Promise<() => void> {
  await buildDistWhenStale();
  const owned = !process.env.RECSYS_LAB_CACHE_DIR;
  const dir = process.env.RECSYS_LAB_CACHE_DIR ?? mkdtempSync(join(tmpdir(), 'recsys-lab-test-cache-'));
  process.env.RECSYS_LAB_CACHE_DIR = dir;
  // every CLI and TUI the tests start (spawned, in tmux, or main() in a worker) measures briefly, as the in-process
  // runs do (test/helpers/run-scenario.ts): the tests check what a run computes, never how fast
  process.env[MEASURE_LIMITS_ENV] ??= `${BRIEF_MEASURE.maxBudgetMs},${BRIEF_MEASURE.maxWarmupMs}`;
  const { loadWorld } = await import('../src/data/load-world.js');
  await loadWorld({ scale: 'tiny', seed: DEFAULT_SEED, cacheRoot: dir });
  return () => {
    if (owned) rmSync(dir, { recursive: true, force: true });
  };
}
