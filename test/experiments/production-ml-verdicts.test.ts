// The production-ML group's verdicts end to end, at tiny scale with small overrides (so each run takes a second or
// two): every claim is marked a finding or a check; every metric a finding reads that is not exact by construction
// has replicates, and its interval brackets the point value; and each finding fails under the knob its YAML names —
// a claim that could not fail would pass these runs too.
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenario/catalog.js';
import type { RunResult } from '../../src/scenario/types.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

const GROUP = ['drift-psi', 'retraining-policy', 'ab-test', 'canary-rollout', 'offline-online-gap', 'point-in-time', 'training-serving-skew'];

/** Small but honest runs: the same code paths, fewer requests, runs and label events. */
const SMALL: Record<string, Record<string, string | number>> = {
  'retraining-policy': { days: 20, requestsPerDay: 60, tasteChangeDay: 12, newCategoryDay: 5 },
  'ab-test': { days: 7, requestsPerDay: 200, aaRuns: 40, abRuns: 40 },
  'canary-rollout': { trials: 3, requestsPerHour: 150, hoursPerStage: 3 },
  'offline-online-gap': { requests: 400, testUsers: 60, loopRounds: 3, loopRequests: 150 },
  'point-in-time': { labelStride: 12 },
  'training-serving-skew': { labelStride: 12 },
};

/** Metrics exact by construction (counts, configuration echoes, simulator truths): no replicates expected. */
const EXACT = new Set([
  'train_examples_online', 'train_examples_periodic', 'alpha', 'aa_runs', 'ab_runs', 'power_at_run',
  'shadow_users_exposed', 'shadow_clicks_observed', 'served_values_differing_from_pit', 'loop_coverage_first', 'loop_coverage_last',
]);

function checkIntervals(r: RunResult): string[] {
  const problems: string[] = [];
  for (const c of r.claims) {
    for (const name of Object.keys(c.observed)) {
      if (!(name in r.metrics) || EXACT.has(name)) continue;
      const iv = r.intervals?.[name];
      if (!iv) problems.push(`${r.scenario}: ${name} (read by "${c.text.slice(0, 40)}…") has no interval`);
      // 5e-5: the point value is rounded to 4 decimals, the replicates are not
      else if (!(iv[0] <= r.metrics[name] + 5e-5 && r.metrics[name] - 5e-5 <= iv[1])) problems.push(`${r.scenario}: ${name} = ${r.metrics[name]} outside [${iv}]`);
    }
  }
  return problems;
}

describe('production-ML verdicts at tiny scale', () => {
  it('every claim of the group says whether it is a finding or a check', async () => {
    for (const id of GROUP) {
      const s = await findScenario(id);
      for (const c of s.claims) expect(['finding', 'check'], `${id}: ${c.text}`).toContain(c.kind);
      expect(s.contrast, `${id} has findings, so it names a contrast setting`).toBeDefined();
    }
  });

  for (const id of GROUP.filter((g) => g !== 'drift-psi')) {
    it(`${id}: every non-exact metric a claim reads has an interval that brackets its value`, { timeout: 120_000 }, async () => {
      const r = await runScenarioForTest(id, { params: SMALL[id] });
      expect(r.claims.filter((c) => c.error).map((c) => c.error)).toEqual([]);
      expect(checkIntervals(r)).toEqual([]);
    });
  }

  it('drift-psi: one simulated timeline per drift — its alarm days and counts are exact, and the taste change moves no input', { timeout: 120_000 }, async () => {
    const r = await runScenarioForTest('drift-psi', { params: { days: 30, tasteChangeDay: 10, newCategoryDay: 5, requestsPerDay: 80, largeN: 10000 } });
    expect(r.intervals ?? {}).toEqual({});
    expect(r.metrics.max_psi_shift_taste_change).toBe(0);
    expect(r.metrics.max_psi_shift_new_category).toBeGreaterThan(0.2); // a drift that does move inputs
    expect(r.claims.find((c) => c.kind === 'check')!.verdict).toBe('holds');
  });

  const failing: [string, Record<string, string | number>, RegExp][] = [
    ['point-in-time', { labelStride: 12, naiveJoin: 'label-time' }, /naive/i],
    ['canary-rollout', { ...SMALL['canary-rollout'], candidate: 'better' }, /canary/i],
    ['ab-test', { ...SMALL['ab-test'], days: 1 }, /^Peeking/],
    ['retraining-policy', { ...SMALL['retraining-policy'], everyDays: 90 }, /on a schedule beats never/],
    ['training-serving-skew', { labelStride: 12, skew: 'stale', staleDays: 0 }, /loses AUC|costs more than/],
  ];
  for (const [id, params, which] of failing) {
    it(`${id}: the findings fail under ${JSON.stringify(params)}`, { timeout: 120_000 }, async () => {
      const r = await runScenarioForTest(id, { params });
      const hit = r.claims.filter((c) => c.kind === 'finding' && which.test(c.text));
      expect(hit.length).toBeGreaterThan(0);
      expect(hit.map((c) => `${c.verdict}: ${c.text}`)).toEqual(hit.map((c) => `fails: ${c.text}`));
    });
  }
});
