// Every common-questions scenario at tiny scale: runs, claims evaluate, metrics equal the snapshot (see test/helpers/scenario-suite.ts),
// with each scenario's own checks on the same default run.
import { expect } from 'vitest';
import { claimReplicateProblems } from '../../helpers/claim-replicates.js';
import { describeTopic } from '../../helpers/scenario-suite.js';

await describeTopic('common-questions', {
  // every method at every history length paired over the same users; the two-tower knobs come from the shared knob
  // group (mixed negatives, no silent fallback in code)
  'cold-start-users': (r) => {
    expect(claimReplicateProblems(r)).toEqual([]);
    expect(r.params.negatives).toBe('mixed');
  },
  // each share of the data is scored on the same users, with intervals on the learning curves
  'cold-start-system': (r) => {
    expect(claimReplicateProblems(r)).toEqual([]);
    const curve = r.series.find((s) => s.name === 'learning-content')!;
    expect(curve.ci?.[0].recall_at_50).toHaveLength(2);
  },
  // encode times interleaved across variants (one measureInterleaved call: the same number of samples each), their ratio with replicates
  'two-tower-history': (r) => {
    expect(claimReplicateProblems(r)).toEqual([]);
    const encodes = Object.values(r.latency);
    expect(encodes).toHaveLength(5);
    expect(new Set(encodes.map((l) => l.n)).size).toBe(1);
  },
});
