/**
 * "What this machine measured": after a drill, run the lesson's scenarios through the shared runner and keep
 * their headline metrics and claims, so the candidate's answer meets numbers instead of the lesson's prose.
 */
import { listScenarios } from './catalog.js';
import { runScenario } from './runner.js';
import type { ClaimResult, RunEvent, RunResult, Scale, Scenario } from './types.js';

export interface MeasuredScenario {
  scenario: string;
  title: string;
  scale: Scale;
  headline: { metric: string; value: number | undefined }[];
  claims: ClaimResult[];
  durationMs: number;
}

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

function fmt(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '—';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(1) : a >= 1 ? v.toFixed(3) : v.toPrecision(3);
}

/** Plain-text lines for a terminal or a report: headline metrics, then each claim with held / did not hold. */
export function formatMeasured(measured: MeasuredScenario[]): string[] {
  const lines: string[] = [];
  for (const m of measured) {
    lines.push(`${m.scenario} — ${m.title} (scale ${m.scale}, ${(m.durationMs / 1000).toFixed(1)} s)`);
    const width = Math.max(...m.headline.map((h) => h.metric.length), 0);
    for (const h of m.headline) lines.push(`  ${h.metric.padEnd(width)}  ${fmt(h.value)}`);
    for (const c of m.claims) {
      const verdict = c.error ? '? could not evaluate' : c.holds ? '✓ holds' : '✗ does not hold';
      const observed = Object.entries(c.observed).map(([k, v]) => `${k} = ${typeof v === 'number' ? fmt(v) : String(v)}`).join(', ');
      lines.push(`  ${verdict.padEnd(16)} ${c.text}${observed ? ` (${observed})` : ''}`);
    }
  }
  return lines;
}
