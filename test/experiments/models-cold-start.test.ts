// The cold-start scenarios end to end at tiny scale, shrunk so the suite stays quick: every finding reads
// metrics with replicates (users, launched items) whose intervals hold the point value, and the two-tower
// knobs come from the shared knob group (mixed negatives, no silent fallbacks in code).
import { describe, expect, it } from 'vitest';
import { claimReplicateProblems } from '../helpers/claim-replicates.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

describe('models group: cold-start scenarios (tiny, shrunk)', () => {
  it('cold-start-users: every method at every history length paired over the same users', { timeout: 180_000 }, async () => {
    const r = await runScenarioForTest('cold-start-users', { params: { evalUsers: 100, maxExamples: 3000 } });
    expect(claimReplicateProblems(r)).toEqual([]);
    expect(r.params.negatives).toBe('mixed');
  });

  it('cold-start-items: click-through over simulated users, first clicks over launched items; the engine knob is accepted', { timeout: 180_000 }, async () => {
    const r = await runScenarioForTest('cold-start-items', { params: { users: 100, requestsPerDay: 100, newItems: 20, maxExamples: 3000, engine: 'js' } });
    expect(claimReplicateProblems(r)).toEqual([]);
    expect(r.environment.twoTowerEngine).toBe('js');
    // the share of new items clicked is a mean over the 20 launched items
    expect(r.metrics.new_items_clicked_share_content * 20).toBeCloseTo(Math.round(r.metrics.new_items_clicked_share_content * 20), 9);
  });

  it('cold-start-system: each share of the data is scored on the same users, with intervals on the learning curves', { timeout: 180_000 }, async () => {
    const r = await runScenarioForTest('cold-start-system', { params: { evalUsers: 100, maxExamples: 3000, mfEpochs: 1 }, sweep: false });
    expect(claimReplicateProblems(r)).toEqual([]);
    const curve = r.series.find((s) => s.name === 'learning-content')!;
    expect(curve.ci?.[0].recall_at_50).toHaveLength(2);
  });
});
