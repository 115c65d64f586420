/**
 * "A claim is a promise to a candidate: it must be able to fail on some knob setting." Every finding must read
 * at least one metric whose value moves between the scenario's defaults and its `contrast:` knob setting;
 * a claim whose metrics are constants is a check, not a finding.
 */
import { runScenario } from '../../src/scenario/runner.js';
import type { RunResult, Scenario } from '../../src/scenario/types.js';
import { BRIEF_MEASURE } from './run-scenario.js';

/** The findings whose every metric is the same at the defaults and at the contrast setting (an empty list passes). */
export async function findingsThatCannotMove(scenario: Scenario, atDefaults: RunResult): Promise<string[]> {
  const findings = scenario.claims.filter((c) => (c.kind ?? 'finding') === 'finding');
  if (findings.length === 0) return [];
  if (!scenario.contrast) return [`${scenario.id} has findings but no contrast: knob setting to show they can move`];
  const contrast = await runScenario(scenario, { scale: atDefaults.scale, seed: atDefaults.seed, params: scenario.contrast as Record<string, string | number | boolean>, measure: BRIEF_MEASURE });
  const stuck: string[] = [];
  for (const [i, c] of findings.entries()) {
    const read = atDefaults.claims.find((r) => r.text === c.text)?.observed ?? {};
    const moved = Object.keys(read).some((name) => name in atDefaults.metrics && contrast.metrics[name] !== atDefaults.metrics[name]);
    if (!moved) stuck.push(`${scenario.id} finding ${i} "${c.text}": none of ${Object.keys(read).join(', ') || '(no metrics)'} moves under contrast ${JSON.stringify(scenario.contrast)}`);
  }
  return stuck;
}
