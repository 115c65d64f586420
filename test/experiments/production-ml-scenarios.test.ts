// The production-ML demonstrations hold at tiny scale with the default seed: naive target encoding and the naive
// latest-value join look better offline and do worse where it counts; consistent serving reproduces training;
// training on the served log removes a unit-mismatch skew. (Determinism makes these exact re-runs, not samples.)
import { describe, expect, it } from 'vitest';
import { runScenarioForTest } from '../helpers/run-scenario.js';

describe('production-ML scenarios at tiny scale', () => {
  for (const id of ['target-encoding-leakage', 'point-in-time', 'training-serving-skew']) {
    it(`${id}: every claim holds`, { timeout: 120_000 }, async () => {
      const result = await runScenarioForTest(id);
      expect(result.claims.filter((c) => !c.holds).map((c) => `${c.text} ${JSON.stringify(c.observed)} ${c.error ?? ''}`)).toEqual([]);
    });
  }

  it('the same seed gives the same metrics (timings aside)', { timeout: 120_000 }, async () => {
    const a = await runScenarioForTest('high-cardinality', { params: { requests: 1000 } });
    const b = await runScenarioForTest('high-cardinality', { params: { requests: 1000 } });
    expect(b.metrics).toEqual(a.metrics);
  });
});
