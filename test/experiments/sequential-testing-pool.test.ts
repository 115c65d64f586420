// sequential-testing's repeated tests re-draw requests from pools that hold poolFactor tests' worth of requests (the
// true lift is the pools' lift, so a pool of one test's worth left it to chance which requests fell to which arm).
// Cut-down runs: what is checked is the pool's size and that the tests themselves keep their length.
import { describe, expect, it } from 'vitest';
import { runScenarioForTest } from '../helpers/run-scenario.js';

describe('sequential-testing: pools of poolFactor tests', () => {
  it('the pools hold poolFactor × days × requestsPerDay requests and the O\'Brien–Fleming looks stay the test\'s days', { timeout: 120_000 }, async () => {
    const params = { days: 6, requestsPerDay: 200, aaRuns: 20, abRuns: 20 };
    const one = await runScenarioForTest('sequential-testing', { params: { ...params, poolFactor: 1 } });
    const three = await runScenarioForTest('sequential-testing', { params: { ...params, poolFactor: 3 } });
    expect(one.metrics.pool_requests).toBe(6 * 200);
    expect(three.metrics.pool_requests).toBe(3 * 6 * 200);
    // the boundaries are planned for the test's looks, not for the days it took to fill the pools
    expect(three.metrics.obf_first_bound).toBe(one.metrics.obf_first_bound);
    expect(three.metrics.days).toBe(6);
    // the mSPRT's decision days stay inside the test's horizon
    expect(three.metrics.msprt_mean_decision_day).toBeLessThanOrEqual(6);
    expect(three.series?.[0].points).toHaveLength(6);
  });
});
