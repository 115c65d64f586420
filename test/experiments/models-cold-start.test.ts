// cold-start-items at tiny scale, shrunk so the suite stays quick, on the js engine: every finding reads metrics with
// replicates (users, launched items) whose intervals hold the point value, and the engine knob is accepted. The same
// checks of cold-start-users and cold-start-system are made on their default tiny runs
// (test/scenario/every-scenario/common-questions.test.ts).
import { describe, expect, it } from 'vitest';
import { claimReplicateProblems } from '../helpers/claim-replicates.js';
import { runScenarioForTest } from '../helpers/run-scenario.js';

describe('models group: cold-start scenarios (tiny, shrunk)', () => {
  it('cold-start-items: click-through over simulated users, first clicks over launched items; the engine knob is accepted', { timeout: 180_000 }, async () => {
    const r = await runScenarioForTest('cold-start-items', { params: { users: 100, requestsPerDay: 100, newItems: 20, maxExamples: 3000, engine: 'js' } });
    expect(claimReplicateProblems(r)).toEqual([]);
    expect(r.environment.twoTowerEngine).toBe('js');
    // the share of new items clicked is a mean over the 20 launched items
    expect(r.metrics.new_items_clicked_share_content * 20).toBeCloseTo(Math.round(r.metrics.new_items_clicked_share_content * 20), 9);
  });
});
