/**
 * RECSYS_LAB_MEASURE_LIMITS=<budget ms>,<warm-up ms>: caps on every measurement's sampling and warm-up time in the
 * runs a process starts (src/measure/limits.ts), for the test suite: its spawned CLIs and TUIs check what a run
 * computes, never how fast, and a full measurement costs seconds of CPU each (test/global-setup.ts sets it to the
 * in-process runs' brief limits). Unset, as for users, measurements are full. Read by the CLI's main() and by the
 * TUI's run worker, whose thread does not share the CLI's async context.
 */
import { UsageError } from '../core/errors.js';
import type { MeasureLimits } from './limits.js';

export const MEASURE_LIMITS_ENV = 'RECSYS_LAB_MEASURE_LIMITS';

/** The limits the variable sets, or undefined when it is unset or empty; a UsageError naming it when malformed. */
export function measureLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): MeasureLimits | undefined {
  const raw = env[MEASURE_LIMITS_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  const m = /^\s*(\d{1,7})\s*,\s*(\d{1,7})\s*$/.exec(raw);
  if (!m) throw new UsageError(`${MEASURE_LIMITS_ENV}="${raw}" is not allowed; expected <budget ms>,<warm-up ms> as two whole numbers (e.g. 50,150), or unset for full measurements`);
  return { maxBudgetMs: Number(m[1]), maxWarmupMs: Number(m[2]) };
}
