/**
 * CUPED on the user panel: each user's clicks over a pre-period under control (the covariate, measured before
 * anyone is assigned) and over the test period in their arm (the metric). The plain test and the CUPED-adjusted
 * test read the same draws, so their difference is the adjustment alone.
 */
import { meanDifferenceTest } from '../../core/abtest/index.js';
import { cupedAdjust } from './cuped.js';
import { UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { coinAssignment, type UserPanel } from './user-panel.js';

export interface CupedRuns {
  /** the panel's expected difference in clicks per user over the test period (treatment − control) */
  trueDiff: number;
  varianceReduction: Float64Array;
  plainDiff: Float64Array;
  cupedDiff: Float64Array;
  plainSe: Float64Array;
  cupedSe: Float64Array;
  plainSignificant: Uint8Array;
  cupedSignificant: Uint8Array;
}

/** O(runs · users · (preDays + testDays)). Throws UsageError for preDays < 0 or testDays < 1. */
export async function simulateCuped(
  panel: UserPanel,
  o: { preDays: number; testDays: number; alpha: number; runs: number; tick?: () => Promise<void>; progress?: (fraction: number) => void },
  rng: Rng,
): Promise<CupedRuns> {
  if (!Number.isInteger(o.preDays) || o.preDays < 0) throw new UsageError(`cuped simulation: preDays must be an integer ≥ 0, got ${o.preDays}`);
  if (!Number.isInteger(o.testDays) || o.testDays < 1) throw new UsageError(`cuped simulation: testDays must be an integer ≥ 1, got ${o.testDays}`);
  const n = panel.users.length;
  let trueDiff = 0;
  for (let i = 0; i < n; i++) trueDiff += panel.sessionsPerDay[i] * (panel.clicksTreatment[i] - panel.clicksControl[i]);
  trueDiff = (trueDiff / n) * o.testDays;
  const R = o.runs;
  const out: CupedRuns = {
    trueDiff,
    varianceReduction: new Float64Array(R),
    plainDiff: new Float64Array(R),
    cupedDiff: new Float64Array(R),
    plainSe: new Float64Array(R),
    cupedSe: new Float64Array(R),
    plainSignificant: new Uint8Array(R),
    cupedSignificant: new Uint8Array(R),
  };
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const clicks = (i: number, days: number, rate: number): number => {
    let c = 0;
    for (let d = 0; d < days; d++) c += rng.poisson(rng.poisson(panel.sessionsPerDay[i]) * rate);
    return c;
  };
  const byArm = (v: Float64Array, arm: Uint8Array, a: number) => v.filter((_, i) => arm[i] === a);
  for (let run = 0; run < R; run++) {
    const arm = coinAssignment(n, rng);
    for (let i = 0; i < n; i++) {
      x[i] = clicks(i, o.preDays, panel.clicksControl[i]);
      y[i] = clicks(i, o.testDays, arm[i] ? panel.clicksTreatment[i] : panel.clicksControl[i]);
    }
    const plain = meanDifferenceTest(byArm(y, arm, 0), byArm(y, arm, 1), 1 - o.alpha);
    const cuped = cupedAdjust(y, x);
    const adjusted = meanDifferenceTest(byArm(cuped.adjusted, arm, 0), byArm(cuped.adjusted, arm, 1), 1 - o.alpha);
    out.varianceReduction[run] = cuped.varianceReduction;
    out.plainDiff[run] = plain.diff;
    out.cupedDiff[run] = adjusted.diff;
    out.plainSe[run] = plain.se;
    out.cupedSe[run] = adjusted.se;
    out.plainSignificant[run] = plain.pValue < o.alpha ? 1 : 0;
    out.cupedSignificant[run] = adjusted.pValue < o.alpha ? 1 : 0;
    o.progress?.((run + 1) / o.runs);
    if (o.tick) await o.tick();
  }
  return out;
}
