// Runs a scenario through the same runner as the CLI and the TUI, at tiny scale by default. The world cache is
// the run's temp folder (test/global-setup.ts sets RECSYS_LAB_CACHE_DIR), so tests never touch datasets/cache.
// Measurements are brief (BRIEF_MEASURE): tests check what a run computes, never how fast it is, and the numbers a
// snapshot holds leave timings out; each summary keeps the calls its quantile needs (a p99: 100), so it keeps its shape.
import type { MeasureLimits } from '../../src/measure/index.js';
import { findScenario } from '../../src/scenario/catalog.js';
import { runScenario } from '../../src/scenario/runner.js';
import type { ParamValue, RunEvent, RunResult, Scale } from '../../src/scenario/types.js';

/**
 * Caps on every measurement's sampling budget and warm-up time in a test's run, and the fewest calls that keep each
 * summary's shape (src/measure/limits.ts). A CLI the tests spawn gets the two caps (test/global-setup.ts).
 */
export const BRIEF_MEASURE: MeasureLimits = { maxBudgetMs: 50, maxWarmupMs: 150, leastCalls: true };

export async function runScenarioForTest(
  id: string,
  opts: { params?: Record<string, ParamValue | string>; scale?: Scale; seed?: number; sweep?: boolean; onEvent?: (e: RunEvent) => void } = {},
): Promise<RunResult> {
  const scenario = await findScenario(id);
  return runScenario(scenario, { scale: opts.scale ?? 'tiny', seed: opts.seed ?? 42, params: opts.params, sweep: opts.sweep, onEvent: opts.onEvent, measure: BRIEF_MEASURE });
}
