/**
 * Interference through a shared inventory. Each market (a country of the panel) has a daily stock of a limited
 * item (a deal, a seat, a room) sized `supply` × its expected daily demand under the control ranker; every click
 * wants one unit and is served while stock lasts, arrivals interleaved at random (each arm gets its expected share
 * of what is sold). When stock binds, the treatment's extra clicks take units the control users would have bought:
 * a user-split test reads a lift that the launch, with everyone on treatment, does not deliver.
 * The four designs are read on the same drawn demand (the users' potential outcomes under both rankers):
 * everyone on control and everyone on treatment (the true global effect), a user split, markets randomised for
 * the whole test (cluster), and market-days randomised (switchback).
 */
import { UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { UserPanel } from './user-panel.js';

export interface InterferenceRuns {
  /** per run: conversions per user, everyone on treatment over everyone on control, minus 1 */
  trueLift: Float64Array;
  userSplitLift: Float64Array;
  clusterLift: Float64Array;
  switchbackLift: Float64Array;
}

/** Lift in conversions per user-day from per-unit conversions and user-days, by unit arm. */
function unitLift(conv: Float64Array, userDays: Float64Array, arm: Uint8Array): number {
  const c = [0, 0];
  const n = [0, 0];
  for (let j = 0; j < arm.length; j++) {
    c[arm[j]] += conv[j];
    n[arm[j]] += userDays[j];
  }
  return n[0] > 0 && n[1] > 0 && c[0] > 0 ? c[1] / n[1] / (c[0] / n[0]) - 1 : NaN;
}

/** A fair coin per unit, re-drawn until both arms have a unit. */
function unitAssignment(units: number, rng: Rng): Uint8Array {
  const arm = new Uint8Array(units);
  for (;;) {
    let t = 0;
    for (let j = 0; j < units; j++) t += arm[j] = rng.next() < 0.5 ? 1 : 0;
    if (t > 0 && t < units) return arm;
  }
}

/** O(runs · users · days). Throws UsageError for supply ≤ 0 or fewer than 2 markets with users. */
export async function simulateInterference(
  panel: UserPanel,
  o: { days: number; supply: number; runs: number; tick?: () => Promise<void>; progress?: (fraction: number) => void },
  rng: Rng,
): Promise<InterferenceRuns> {
  if (!(o.supply > 0)) throw new UsageError(`interference simulation: supply must be > 0, got ${o.supply}`);
  if (!Number.isInteger(o.days) || o.days < 1) throw new UsageError(`interference simulation: days must be an integer ≥ 1, got ${o.days}`);
  const n = panel.users.length;
  const M = panel.markets;
  const D = o.days;
  const usersIn = new Float64Array(M);
  const stock = new Float64Array(M);
  for (let i = 0; i < n; i++) {
    usersIn[panel.market[i]]++;
    stock[panel.market[i]] += o.supply * panel.sessionsPerDay[i] * panel.clicksControl[i];
  }
  const live = Array.from(usersIn.keys()).filter((m) => usersIn[m] > 0);
  if (live.length < 2) throw new UsageError(`interference simulation: needs users in ≥ 2 markets, got ${live.length}`);
  const out: InterferenceRuns = { trueLift: new Float64Array(o.runs), userSplitLift: new Float64Array(o.runs), clusterLift: new Float64Array(o.runs), switchbackLift: new Float64Array(o.runs) };
  // demand per market-day: [all control, all treatment, split control, split treatment]
  const demand = Array.from({ length: 4 }, () => new Float64Array(M * D));
  const sold = (m: number, want: number) => Math.min(stock[m], want);
  for (let run = 0; run < o.runs; run++) {
    for (const v of demand) v.fill(0);
    const splitUsers = [0, 0];
    for (let i = 0; i < n; i++) {
      const treated = rng.next() < 0.5 ? 1 : 0;
      splitUsers[treated] += D;
      const base = panel.market[i] * D;
      for (let d = 0; d < D; d++) {
        const s = rng.poisson(panel.sessionsPerDay[i]);
        if (s === 0) continue;
        const c = rng.poisson(s * panel.clicksControl[i]);
        const t = rng.poisson(s * panel.clicksTreatment[i]);
        demand[0][base + d] += c;
        demand[1][base + d] += t;
        demand[2 + treated][base + d] += treated ? t : c;
      }
    }
    let [allC, allT, splitC, splitT] = [0, 0, 0, 0];
    const marketArm = unitAssignment(live.length, rng);
    const dayArm = unitAssignment(live.length * D, rng);
    const clusterConv = new Float64Array(live.length);
    const clusterDays = new Float64Array(live.length);
    const switchConv = new Float64Array(live.length * D);
    const switchDays = new Float64Array(live.length * D);
    live.forEach((m, j) => {
      clusterDays[j] = usersIn[m] * D;
      for (let d = 0; d < D; d++) {
        const k = m * D + d;
        allC += sold(m, demand[0][k]);
        allT += sold(m, demand[1][k]);
        const want = demand[2][k] + demand[3][k];
        const served = sold(m, want);
        if (want > 0) {
          splitC += (served * demand[2][k]) / want;
          splitT += (served * demand[3][k]) / want;
        }
        clusterConv[j] += sold(m, demand[marketArm[j]][k]);
        switchConv[j * D + d] = sold(m, demand[dayArm[j * D + d]][k]);
        switchDays[j * D + d] = usersIn[m];
      }
    });
    out.trueLift[run] = allT / allC - 1;
    out.userSplitLift[run] = splitT / splitUsers[1] / (splitC / splitUsers[0]) - 1;
    out.clusterLift[run] = unitLift(clusterConv, clusterDays, marketArm);
    out.switchbackLift[run] = unitLift(switchConv, switchDays, dayArm);
    o.progress?.((run + 1) / o.runs);
    if (o.tick) await o.tick();
  }
  return out;
}
