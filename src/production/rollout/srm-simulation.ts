/**
 * Sample ratio mismatch on the user panel. The treatment's new page times out on a share of sessions before its
 * exposure beacon fires; the analysis counts only users with at least one logged exposure (a "triggered" analysis).
 * Heavy users log one anyway; light users with a session or two vanish from treatment only, so treatment keeps its
 * heavier users and its clicks per user rise without any real effect. The SRM check sees the lost users; the
 * intent-to-treat reading (every assigned user with a session, from the server's assignment log) is the right one.
 */
import { meanDifferenceTest, sampleRatioMismatch } from '../../core/abtest/index.js';
import { UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { coinAssignment, type UserPanel } from './user-panel.js';

export interface SrmRuns {
  /** per run: the SRM χ² p-value of the logged users' split against 50/50 */
  srmPValue: Float64Array;
  /** per run: 1 when p < srmAlpha */
  flagged: Uint8Array;
  /** per run: the lift in clicks per user read from the logged users (the broken reading) */
  loggedLift: Float64Array;
  /** per run: the lift read from every assigned user with a session (intent to treat) */
  ittLift: Float64Array;
  /** per run: logged treatment users / logged control users */
  loggedRatio: Float64Array;
}

/** O(runs · users · days). Throws UsageError for a timeout rate outside [0, 1) or days < 1. */
export async function simulateSrm(
  panel: UserPanel,
  o: { days: number; timeoutRate: number; srmAlpha: number; runs: number; tick?: () => Promise<void>; progress?: (fraction: number) => void },
  rng: Rng,
): Promise<SrmRuns> {
  if (!(o.timeoutRate >= 0 && o.timeoutRate < 1)) throw new UsageError(`srm simulation: timeoutRate must be in [0, 1), got ${o.timeoutRate}`);
  if (!Number.isInteger(o.days) || o.days < 1) throw new UsageError(`srm simulation: days must be an integer ≥ 1, got ${o.days}`);
  const n = panel.users.length;
  const out: SrmRuns = {
    srmPValue: new Float64Array(o.runs),
    flagged: new Uint8Array(o.runs),
    loggedLift: new Float64Array(o.runs),
    ittLift: new Float64Array(o.runs),
    loggedRatio: new Float64Array(o.runs),
  };
  for (let run = 0; run < o.runs; run++) {
    const arm = coinAssignment(n, rng);
    const logged: number[][] = [[], []];
    const itt: number[][] = [[], []];
    for (let i = 0; i < n; i++) {
      const rate = arm[i] ? panel.clicksTreatment[i] : panel.clicksControl[i];
      let sessions = 0;
      let seen = false;
      let clicks = 0;
      for (let d = 0; d < o.days; d++) {
        const s = rng.poisson(panel.sessionsPerDay[i]);
        sessions += s;
        clicks += rng.poisson(s * rate);
        // control's page never times out; each treatment session logs its exposure with probability 1 − timeoutRate
        for (let k = 0; k < s && !seen; k++) seen = arm[i] === 0 || rng.next() >= o.timeoutRate;
      }
      if (sessions === 0) continue; // never came: in neither arm's analysis
      itt[arm[i]].push(clicks);
      if (seen) logged[arm[i]].push(clicks);
    }
    const srm = sampleRatioMismatch([logged[0].length, logged[1].length], [0.5, 0.5]);
    out.srmPValue[run] = srm.pValue;
    out.flagged[run] = srm.pValue < o.srmAlpha ? 1 : 0;
    out.loggedLift[run] = meanDifferenceTest(logged[0], logged[1]).lift;
    out.ittLift[run] = meanDifferenceTest(itt[0], itt[1]).lift;
    out.loggedRatio[run] = logged[1].length / logged[0].length;
    o.progress?.((run + 1) / o.runs);
    if (o.tick) await o.tick();
  }
  return out;
}
