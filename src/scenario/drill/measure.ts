/**
 * "What this machine measured": after a drill, run the lesson's scenarios through the shared runner and keep
 * their headline metrics and claims, so the candidate's answer meets numbers instead of the lesson's prose.
 */
import { listScenarios } from '../catalog.js';
import { runScenario } from '../runner.js';
import type { RunEvent, RunResult, Scale, Scenario } from '../types.js';
import type { MeasuredScenario } from './measure-format.js';

// the formatting lives apart so the TUI can draw the numbers without loading the runner and every experiment
export { formatMeasured, type MeasuredScenario } from './measure-format.js';

/** Fallback cap for lessons that own no scenario (they borrow others'); keeps a drill's wait bounded. */
export const MAX_BORROWED_SCENARIOS = 2;

/**
 * The scenarios to run for a lesson: those whose `lesson:` is this lesson; for a lesson that owns none
 * (metrics, behavioural), the first MAX_BORROWED_SCENARIOS it names that exist.
 */
export function scenariosForLesson(lesson: string, named: string[], all: Scenario[]): Scenario[] {
  const own = all.filter((s) => s.lesson === lesson);
  if (own.length) return own;
  return named.map((id) => all.find((s) => s.id === id)).filter((s): s is Scenario => Boolean(s)).slice(0, MAX_BORROWED_SCENARIOS);
}

/** The headline metrics (in the scenario's order) and the evaluated claims of one run. Pure. */
export function summariseRun(result: RunResult, scenario: Scenario): MeasuredScenario {
  return {
    scenario: scenario.id,
    title: scenario.title,
    scale: result.scale,
    headline: scenario.headline.map((metric) => ({ metric, value: result.metrics[metric] })),
    claims: result.claims,
    durationMs: result.durationMs,
  };
}

export async function measureLesson(
  lesson: string,
  named: string[],
  opts: { scale: Scale; signal?: AbortSignal; onEvent?: (e: RunEvent) => void; onScenario?: (id: string, i: number, n: number) => void },
): Promise<MeasuredScenario[]> {
  const chosen = scenariosForLesson(lesson, named, await listScenarios());
  const out: MeasuredScenario[] = [];
  for (const [i, s] of chosen.entries()) {
    opts.onScenario?.(s.id, i, chosen.length);
    const result = await runScenario(s, { scale: opts.scale, signal: opts.signal, onEvent: opts.onEvent });
    out.push(summariseRun(result, s));
  }
  return out;
}
