/**
 * Scenario runs for the benchmarks that compare verdicts and timings: each run a fresh `recsys-lab run` process
 * (tsx start-up included, as a user runs it), its run@2 document read back through readRunResult.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isClockMetric } from '../src/scenario/clock-metrics.js';
import { readRunResult } from '../src/scenario/result-schema.js';
import type { RunResult } from '../src/scenario/types.js';

const root = join(import.meta.dirname, '..');

export async function runCli(scenario: string, args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'recsys-lab-bench-run-'));
  const out = join(dir, 'run.json');
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'run', scenario, ...args, '--format', 'json', '--quiet', '--out', out], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    const result = readRunResult(JSON.parse(readFileSync(out, 'utf8')));
    if (!result) throw new Error(`${scenario}: the run's JSON is not a run document`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A claim that reads at least one metric a clock made (src/scenario/clock-metrics.ts, as the snapshots leave out). */
export const isTimingClaim = (observed: Record<string, unknown>): boolean => Object.keys(observed).some(isClockMetric);

/** A claim expression that reads a clock-measured metric (known before the run: the names are in the YAML). */
export const readsTiming = (expr: string): boolean => (expr.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).some(isClockMetric);

/** The scenarios (of `ids`) with at least one timing claim, read from the catalog without running anything. */
export async function scenariosWithTimingClaims(ids: readonly string[]): Promise<Set<string>> {
  const { listScenarios } = await import('../src/scenario/catalog.js');
  return new Set((await listScenarios()).filter((s) => ids.includes(s.id) && s.claims.some((c) => readsTiming(c.expr))).map((s) => s.id));
}

/**
 * Runs `work` over `items`, at most `jobs` at once, in order of start; resolves when all are done. Results keep
 * the items' order.
 */
export async function pool<T, R>(items: readonly T[], jobs: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, lane));
  return out;
}

/** `--scenarios a,b` narrows the scenario-wide entries (a smoke check); default: every scenario in the catalog. */
export async function chosenScenarios(only: string[] | undefined): Promise<string[]> {
  const { listScenarios } = await import('../src/scenario/catalog.js');
  const all = (await listScenarios()).map((s) => s.id);
  if (!only) return all;
  const unknown = only.filter((id) => !all.includes(id));
  if (unknown.length) throw new Error(`--scenarios: unknown ${unknown.join(', ')}; known: ${all.join(', ')}`);
  return only;
}
