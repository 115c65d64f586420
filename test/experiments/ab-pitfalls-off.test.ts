// The A/B-pitfall findings fail when their pitfall is switched off (that every finding moves under the contrast knobs
// is checked for all scenarios in the topic files): the runs here use cut-down knobs. cuped's contrast setting (no
// pre-period) is its pitfall switched off: that run is checked in test/scenario/every-scenario/production-ml.test.ts.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/scenario/types.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

const verdicts = (r: RunResult) => Object.fromEntries(r.claims.map((c) => [c.text, c.verdict]));

describe('A/B-pitfall findings with their pitfall switched off', () => {
  it('ab-pitfalls without the timeout bug: the SRM findings fail', { timeout: 120_000 }, async () => {
    const r = await runScenarioForTest('ab-pitfalls', { params: { timeoutRate: 0, runs: 10 } });
    expect(r.metrics.srm_logged_bias).toBe(r.metrics.srm_itt_bias);
    const v = verdicts(r);
    expect(v['When the treatment loses its light users, the SRM check flags the split in most tests']).toBe('fails');
    expect(v['The logged users\' lift overstates the lift read from every assigned user by more than a point']).toBe('fails');
  });

  it('sequential-testing with two equally good models: the mSPRT stops early in almost no test', { timeout: 120_000 }, async () => {
    // the checks read the A/B runs only: the A/A runs (the false-positive figures) are cut to the minimum, 10; and 7
    // daily looks instead of 14 (the O'Brien–Fleming boundaries cost O(looks · grid²), their grid growing with √looks)
    // still put half the horizon after several looks. Measured at seed 42: stopped by half the horizon in 0 of 60 tests
    // both at 14 days (40 A/A runs) and at 7 (10 A/A runs), the claim fails in both; 1.3 → 0.35 CPU-s
    const r = await runScenarioForTest('sequential-testing', { params: { treatmentNoise: 1.0, days: 7, aaRuns: 10, abRuns: 60 } });
    expect(r.metrics.msprt_decided_by_half).toBeLessThan(0.1);
    expect(verdicts(r)['Under the true lift, the mSPRT has already stopped at half the horizon in more than a tenth of the tests (a fixed-horizon test stops in none)']).toBe('fails');
  });
});
