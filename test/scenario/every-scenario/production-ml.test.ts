// Every production-ml scenario at tiny scale: runs, claims evaluate, metrics equal the snapshot (see test/helpers/scenario-suite.ts),
// with each scenario's own checks on the same default run.
import { expect } from 'vitest';
import { describeTopic } from '../../helpers/scenario-suite.js';
import { claimsThatDoNotHold } from './checks.js';

// the demonstrations hold at the default seed: the naive latest-value join looks better offline and does worse where
// it counts; consistent serving reproduces training and training on the served log removes a unit-mismatch skew
await describeTopic('production-ml', {
  'point-in-time': (r) => expect(claimsThatDoNotHold(r)).toEqual([]),
  'training-serving-skew': (r) => expect(claimsThatDoNotHold(r)).toEqual([]),
  // fresh features beat the batch, most of all on trending items; the timing claim is left to the machine
  freshness: (r) => expect(claimsThatDoNotHold({ ...r, claims: r.claims.filter((c) => !c.expr.includes('_ms')) })).toEqual([]),
});
