// The A/B-pitfall scenarios' findings can move: under each scenario's `contrast:` knobs every finding reads a metric
// that differs from the default run (held in the committed snapshot, so the default run is not repeated here), and the
// findings whose pitfall the contrast switches off stop holding.
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenario/catalog.js';
import type { RunResult } from '../../src/scenario/types.js';
import { findingsThatCannotMove } from '../helpers/findings-move.js';
import { readGolden } from '../helpers/golden.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

/** The default tiny run as its snapshot: metrics, and per claim the metrics its expression reads. */
async function defaultsFromSnapshot(id: string): Promise<RunResult> {
  const scenario = await findScenario(id);
  const metrics = readGolden(id).default.metrics as Record<string, number>;
  const claims = scenario.claims.map((c) => ({
    text: c.text,
    observed: Object.fromEntries((c.expr.match(/[a-z_][a-z0-9_]*/gi) ?? []).filter((n) => n in metrics).map((n) => [n, metrics[n]])),
  }));
  return { scale: 'tiny', seed: 42, metrics, claims } as unknown as RunResult;
}

const verdicts = (r: RunResult) => Object.fromEntries(r.claims.map((c) => [c.text, c.verdict]));

describe('A/B-pitfall scenarios under their contrast knobs', () => {
  for (const id of ['ab-pitfalls', 'cuped', 'sequential-testing']) {
    it(`${id}: every finding reads a metric that moves`, { timeout: 120_000 }, async () => {
      expect(await findingsThatCannotMove(await findScenario(id), await defaultsFromSnapshot(id))).toEqual([]);
    });
  }

  it('ab-pitfalls without the timeout bug: the SRM findings fail', { timeout: 120_000 }, async () => {
    const r = await runScenarioForTest('ab-pitfalls', { params: { timeoutRate: 0, runs: 10 } });
    expect(r.metrics.srm_logged_bias).toBe(r.metrics.srm_itt_bias);
    const v = verdicts(r);
    expect(v['When the treatment loses its light users, the SRM check flags the split in most tests']).toBe('fails');
    expect(v['The logged users\' lift overstates the lift read from every assigned user by more than a point']).toBe('fails');
  });

  it('cuped with no pre-period: CUPED changes nothing and its findings fail', { timeout: 120_000 }, async () => {
    const r = await runScenarioForTest('cuped', { params: { preDays: 0, runs: 10 } });
    expect(r.metrics.variance_reduction).toBe(0);
    expect(r.metrics.detection_gain).toBe(0);
    expect(r.claims.filter((c) => c.kind === 'finding').map((c) => c.verdict)).toEqual(['fails', 'fails']);
  });
});
