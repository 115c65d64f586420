/**
 * Long-term holdout: a run of launches, each an A/B test on the panel's users, each shipped when it looks positive
 * (p < α and a positive lift). Every launch multiplies the clicks per session of everyone outside a small holdout
 * by (1 + its true effect); the holdout keeps the original ranker throughout. The launches' own readings, chosen
 * because they looked good, overstate what they deliver (the winner's curse); the holdout against everyone else
 * measures the cumulative effect directly.
 */
import { meanDifferenceTest } from '../../core/abtest/index.js';
import { UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { UserPanel } from './user-panel.js';

export interface HoldoutRuns {
  /** per run: the product of the shipped launches' observed lifts, minus 1 (what the launch reviews add up to) */
  claimedLift: Float64Array;
  /** per run: the product of the shipped launches' true effects, minus 1 */
  trueLift: Float64Array;
  /** per run: clicks per user outside the holdout over the holdout's, minus 1, read after the last launch */
  holdoutLift: Float64Array;
  /** per run: launches shipped */
  shipped: Float64Array;
  /** per run: shipped launches whose true effect was negative */
  shippedHarmful: Float64Array;
}

/** Clicks of panel user i over `days` at a multiplier on its control clicks per session. */
function clicks(panel: UserPanel, i: number, days: number, multiplier: number, rng: Rng): number {
  let c = 0;
  for (let d = 0; d < days; d++) c += rng.poisson(rng.poisson(panel.sessionsPerDay[i]) * panel.clicksControl[i] * multiplier);
  return c;
}

/** O(runs · launches · users · testDays). Throws UsageError for a holdout share outside (0, 0.5] or effects ≤ −1. */
export async function simulateHoldout(
  panel: UserPanel,
  o: { launches: number; effectMean: number; effectSd: number; testDays: number; holdoutShare: number; holdoutDays: number; alpha: number; runs: number; tick?: () => Promise<void>; progress?: (fraction: number) => void },
  rng: Rng,
): Promise<HoldoutRuns> {
  if (!(o.holdoutShare > 0 && o.holdoutShare <= 0.5)) throw new UsageError(`holdout simulation: holdoutShare must be in (0, 0.5], got ${o.holdoutShare}`);
  if (!Number.isInteger(o.launches) || o.launches < 1) throw new UsageError(`holdout simulation: launches must be an integer ≥ 1, got ${o.launches}`);
  const n = panel.users.length;
  const out: HoldoutRuns = {
    claimedLift: new Float64Array(o.runs),
    trueLift: new Float64Array(o.runs),
    holdoutLift: new Float64Array(o.runs),
    shipped: new Float64Array(o.runs),
    shippedHarmful: new Float64Array(o.runs),
  };
  for (let run = 0; run < o.runs; run++) {
    const holdout = Uint8Array.from({ length: n }, () => (rng.next() < o.holdoutShare ? 1 : 0));
    let multiplier = 1;
    let claimed = 1;
    for (let l = 0; l < o.launches; l++) {
      const effect = Math.max(-0.99, o.effectMean + o.effectSd * rng.normal());
      const arms: number[][] = [[], []];
      for (let i = 0; i < n; i++) {
        if (holdout[i]) continue;
        const a = rng.next() < 0.5 ? 1 : 0;
        arms[a].push(clicks(panel, i, o.testDays, multiplier * (a ? 1 + effect : 1), rng));
      }
      const t = meanDifferenceTest(arms[0], arms[1]);
      if (t.pValue < o.alpha && t.lift > 0) {
        multiplier *= 1 + effect;
        claimed *= 1 + t.lift;
        out.shipped[run]++;
        if (effect < 0) out.shippedHarmful[run]++;
      }
      if (o.tick) await o.tick();
    }
    const groups: number[][] = [[], []];
    for (let i = 0; i < n; i++) groups[holdout[i]].push(clicks(panel, i, o.holdoutDays, holdout[i] ? 1 : multiplier, rng));
    out.claimedLift[run] = claimed - 1;
    out.trueLift[run] = multiplier - 1;
    out.holdoutLift[run] = meanDifferenceTest(groups[1], groups[0]).lift; // everyone else over the holdout
    o.progress?.((run + 1) / o.runs);
  }
  return out;
}
