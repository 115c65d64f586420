// The production-ML group's verdicts end to end, at tiny scale with small overrides (so each run takes a second or
// two): every claim is marked a finding or a check, drift-psi's timeline is exact, and findings fail under knobs other
// than the contrast their YAML names. On the group's default and contrast runs (test/scenario/every-scenario/
// production-ml.test.ts): every metric a claim reads that is not exact by construction has an interval that brackets
// its point value, and the findings the contrast setting names fail there.
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenario/catalog.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

const GROUP = ['drift-psi', 'retraining-policy', 'ab-test', 'canary-rollout', 'offline-online-gap', 'point-in-time', 'training-serving-skew'];

describe('production-ML verdicts at tiny scale', () => {
  it('every claim of the group says whether it is a finding or a check', async () => {
    for (const id of GROUP) {
      const s = await findScenario(id);
      for (const c of s.claims) expect(['finding', 'check'], `${id}: ${c.text}`).toContain(c.kind);
      expect(s.contrast, `${id} has findings, so it names a contrast setting`).toBeDefined();
    }
  });

  it('drift-psi: one simulated timeline per drift — its alarm days and counts are exact, and the taste change moves no input', { timeout: 120_000 }, async () => {
    const r = await runScenarioForTest('drift-psi', { params: { days: 30, tasteChangeDay: 10, newCategoryDay: 5, requestsPerDay: 80, largeN: 10000 } });
    expect(r.intervals ?? {}).toEqual({});
    expect(r.metrics.max_psi_shift_taste_change).toBe(0);
    expect(r.metrics.max_psi_shift_new_category).toBeGreaterThan(0.2); // a drift that does move inputs
    expect(r.claims.find((c) => c.kind === 'check')!.verdict).toBe('holds');
  });

  // small but honest runs: the same code paths, fewer requests and label events
  const failing: [string, Record<string, string | number>, RegExp][] = [
    ['retraining-policy', { days: 20, requestsPerDay: 60, tasteChangeDay: 12, newCategoryDay: 5, everyDays: 90 }, /on a schedule beats never/],
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
