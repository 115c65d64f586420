/**
 * Novelty and primacy on the user panel: the treatment's effect on a user's clicks per session is multiplied by
 * (1 + novelty·e^(−age/decayDays)), age = days since the user's first exposure. novelty > 0 is the shiny new thing
 * users click out of curiosity; novelty < 0 is primacy (users used to the old ranker need time to learn the new
 * one). The long-run lift is the panel's true lift (age → ∞). Reading the test by calendar week mixes ages; reading
 * by days since first exposure separates them.
 */
import { UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { coinAssignment, type UserPanel } from './user-panel.js';

export interface NoveltyRuns {
  /** per run: lift in clicks per assigned user over the first 7 calendar days */
  firstWeekLift: Float64Array;
  /** per run: the same over the last 7 calendar days */
  lastWeekLift: Float64Array;
  /** per run: lift in clicks per session among sessions at exposure age ≥ lateAge days */
  lateCohortLift: Float64Array;
  /** mean over runs of the lift in clicks per session by exposure age (index = days since first exposure) */
  liftByAge: Float64Array;
}

/** O(runs · users · days). Throws UsageError for days < 14 (two distinct weeks) or decayDays ≤ 0. */
export async function simulateNovelty(
  panel: UserPanel,
  o: { days: number; novelty: number; decayDays: number; lateAge: number; runs: number; tick?: () => Promise<void>; progress?: (fraction: number) => void },
  rng: Rng,
): Promise<NoveltyRuns> {
  if (!Number.isInteger(o.days) || o.days < 14) throw new UsageError(`novelty simulation: days must be an integer ≥ 14 (a first and a last week), got ${o.days}`);
  if (!(o.decayDays > 0)) throw new UsageError(`novelty simulation: decayDays must be > 0, got ${o.decayDays}`);
  if (!(o.novelty > -1)) throw new UsageError(`novelty simulation: novelty must be > −1 (a click rate stays ≥ 0), got ${o.novelty}`);
  const n = panel.users.length;
  const D = o.days;
  const out: NoveltyRuns = {
    firstWeekLift: new Float64Array(o.runs),
    lastWeekLift: new Float64Array(o.runs),
    lateCohortLift: new Float64Array(o.runs),
    liftByAge: new Float64Array(D),
  };
  const ageSum = new Float64Array(D);
  const ageRuns = new Float64Array(D);
  const boost = Float64Array.from({ length: D }, (_, a) => 1 + o.novelty * Math.exp(-a / o.decayDays));
  for (let run = 0; run < o.runs; run++) {
    const arm = coinAssignment(n, rng);
    const users = [0, 0];
    const week = [new Float64Array(2), new Float64Array(2)]; // [first, last] clicks per arm
    const byAge = [new Float64Array(D * 2), new Float64Array(D * 2)]; // per arm: clicks, sessions at age a
    for (let i = 0; i < n; i++) {
      const a = arm[i];
      users[a]++;
      let first = -1;
      for (let d = 0; d < D; d++) {
        const s = rng.poisson(panel.sessionsPerDay[i]);
        if (s === 0) continue;
        if (first < 0) first = d;
        const age = d - first;
        const rate = a ? panel.clicksTreatment[i] * boost[age] : panel.clicksControl[i];
        const c = rng.poisson(s * rate);
        if (d < 7) week[a][0] += c;
        if (d >= D - 7) week[a][1] += c;
        byAge[a][2 * age] += c;
        byAge[a][2 * age + 1] += s;
      }
    }
    const lift = (t: number, c: number) => t / users[1] / (c / users[0]) - 1;
    out.firstWeekLift[run] = lift(week[1][0], week[0][0]);
    out.lastWeekLift[run] = lift(week[1][1], week[0][1]);
    const late = [0, 0, 0, 0];
    for (let age = 0; age < D; age++) {
      const [ct, st, cc, sc] = [byAge[1][2 * age], byAge[1][2 * age + 1], byAge[0][2 * age], byAge[0][2 * age + 1]];
      if (age >= o.lateAge) [late[0], late[1], late[2], late[3]] = [late[0] + ct, late[1] + st, late[2] + cc, late[3] + sc];
      if (st > 0 && sc > 0 && cc > 0) {
        ageSum[age] += ct / st / (cc / sc) - 1;
        ageRuns[age]++;
      }
    }
    out.lateCohortLift[run] = late[1] > 0 && late[3] > 0 && late[2] > 0 ? late[0] / late[1] / (late[2] / late[3]) - 1 : NaN;
    o.progress?.((run + 1) / o.runs);
    if (o.tick) await o.tick();
  }
  for (let age = 0; age < D; age++) out.liftByAge[age] = ageRuns[age] ? ageSum[age] / ageRuns[age] : NaN;
  return out;
}
