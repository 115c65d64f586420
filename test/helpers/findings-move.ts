/**
 * "A claim is a promise to a candidate: it must be able to fail on some knob setting." Every finding must read
 * at least one metric whose value moves between the scenario's defaults and its `contrast:` knob setting;
 * a claim whose metrics are constants is a check, not a finding.
 *
 * The contrast run is made as cheap as that question allows, without letting a stuck metric pass:
 * - its measurements are cut to their sample floors (QUICK_MEASURE): the limits change only what a clock decides,
 *   and a clock metric moves between any two runs anyway (every other number is the same under any limits, or the
 *   snapshots in test/scenario/golden/ could not hold on a busy machine and a quiet one alike);
 * - the scenarios in WITHOUT_SWEEP run it without their sweep, which is allowed only when every finding reads a clock
 *   metric: such a finding moves by the clock whatever the sweep does, so only the metric's presence is in question —
 *   and a metric missing from the contrast run never counts as moving (a finding that needs the sweep's metrics is
 *   reported stuck, not passed). Not every such scenario is cheaper so: two-tower-vs-single-tower's lone point is its
 *   largest catalog, where the cross model then takes all its samples (measured 6× the cost of the whole sweep).
 * A scenario with a finding that reads only clock-free metrics keeps the full contrast run, sweep and all.
 */
import type { MeasureLimits } from '../../src/measure/index.js';
import { isClockMetric } from '../../src/scenario/clock-metrics.js';
import { runScenario } from '../../src/scenario/runner.js';
import type { ParamValue, RunResult, Scenario } from '../../src/scenario/types.js';

/** Every measurement at the sample floor its quantile needs and a warm-up of one window of calls. */
export const QUICK_MEASURE: MeasureLimits = { maxBudgetMs: 1, maxWarmupMs: 1, leastCalls: true };

/** Scenarios whose contrast run leaves out the sweep (every finding clock-decided; measured cheaper so). */
export const WITHOUT_SWEEP = new Set(['latency-budget', 'scale-out']);

export interface FindingsMove {
  /** the findings none of whose metrics moves (empty when every finding can fail) */
  stuck: string[];
  /** the contrast run they were compared with (null when there was none) */
  contrast: RunResult | null;
}

/** The metrics a finding read at the defaults (its params left out). */
function metricsRead(text: string, atDefaults: RunResult): string[] {
  const observed = atDefaults.claims.find((r) => r.text === text)?.observed ?? {};
  return Object.keys(observed).filter((name) => name in atDefaults.metrics);
}

/**
 * The findings none of whose metrics moves between the defaults and the contrast setting, and the contrast run.
 * `knobs` are the ones the default run was made at (the suite's size, test/scenario/suite-knobs.yaml): the contrast
 * run is made at them too, with the contrast's own knobs winning, so the two runs differ in the contrast alone.
 */
export async function findingsMove(scenario: Scenario, atDefaults: RunResult, knobs: Record<string, ParamValue> = {}): Promise<FindingsMove> {
  const findings = scenario.claims.filter((c) => (c.kind ?? 'finding') === 'finding');
  if (findings.length === 0) return { stuck: [], contrast: null };
  if (!scenario.contrast) return { stuck: [`${scenario.id} has findings but no contrast: knob setting to show they can move`], contrast: null };
  const withoutSweep = WITHOUT_SWEEP.has(scenario.id);
  const notClockDecided = findings.filter((c) => !metricsRead(c.text, atDefaults).some(isClockMetric));
  if (withoutSweep && notClockDecided.length) {
    return { stuck: notClockDecided.map((c) => `${scenario.id}: "${c.text}" reads no clock metric, so its contrast run needs the sweep (WITHOUT_SWEEP)`), contrast: null };
  }
  const contrast = await runScenario(scenario, {
    scale: atDefaults.scale,
    seed: atDefaults.seed,
    params: { ...knobs, ...(scenario.contrast as Record<string, ParamValue>) },
    measure: QUICK_MEASURE,
    sweep: withoutSweep ? false : undefined,
  });
  const stuck: string[] = [];
  for (const [i, c] of findings.entries()) {
    const read = metricsRead(c.text, atDefaults);
    const moved = read.some((name) => name in contrast.metrics && contrast.metrics[name] !== atDefaults.metrics[name]);
    if (!moved) stuck.push(`${scenario.id} finding ${i} "${c.text}": none of ${read.join(', ') || '(no metrics)'} moves under contrast ${JSON.stringify(scenario.contrast)}${Object.keys(knobs).length ? ` at the suite's knobs ${JSON.stringify(knobs)}` : ''}${withoutSweep ? ' (run without the sweep)' : ''}`);
  }
  return { stuck, contrast };
}
