/**
 * An A/B test on simulated users: requests split 50/50 between a control and a treatment ranker,
 * clicks from the choice model, daily cumulative counts (for peeking), and A/A replicates that
 * measure the test's real false-positive rate with and without peeking.
 */
import { firstSignificantLook, twoProportionZTest } from '../../core/abtest/index.js';
import { UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { World } from '../../data/world-types.js';
import { expectedClicks, serveRequest, TrafficSource, type Ranker } from './traffic.js';

/** impression: every shown slot is a trial; request: a request with at least one click is a success */
export type AnalysisUnit = 'impression' | 'request';

export interface ArmCounts {
  /** cumulative trials and successes at the end of each day */
  n: Float64Array;
  successes: Float64Array;
  /** expected successes (sum of true probabilities) — the noise-free truth */
  expected: number;
}

export interface AbRun {
  control: ArmCounts;
  treatment: ArmCounts;
  /** per control request, the true click probability of each shown slot (the A/A replicate pool) */
  controlPool: Float64Array[];
  /** the same for treatment requests (with controlPool: the repeated A/B tests' pools) */
  treatmentPool: Float64Array[];
}

function probAnyClick(p: Float64Array): number {
  let none = 1;
  for (let s = 0; s < p.length; s++) none *= 1 - p[s];
  return 1 - none;
}

/** Simulate `days` × `requestsPerDay` requests, each to one arm by a fair coin. O(requests · candidates · dim). */
export async function simulateAb(
  world: World,
  control: Ranker,
  treatment: Ranker,
  o: { days: number; requestsPerDay: number; candidates: number; unit: AnalysisUnit; tick?: () => Promise<void> },
  rng: Rng,
): Promise<AbRun> {
  if (!Number.isInteger(o.days) || o.days < 1) throw new UsageError(`simulateAb: days must be an integer ≥ 1, got ${o.days}`);
  if (!Number.isInteger(o.requestsPerDay) || o.requestsPerDay < 2) throw new UsageError(`simulateAb: requestsPerDay must be an integer ≥ 2, got ${o.requestsPerDay}`);
  const source = new TrafficSource(world, o.candidates);
  const arms = [control, treatment];
  const counts: ArmCounts[] = arms.map(() => ({ n: new Float64Array(o.days), successes: new Float64Array(o.days), expected: 0 }));
  const controlPool: Float64Array[] = [];
  const treatmentPool: Float64Array[] = [];
  const scratch = new Float64Array(o.candidates);
  const running = [[0, 0], [0, 0]];
  for (let d = 0; d < o.days; d++) {
    for (let r = 0; r < o.requestsPerDay; r++) {
      const arm = rng.next() < 0.5 ? 0 : 1;
      const outcome = serveRequest(world, source.request(rng), arms[arm], scratch);
      (arm === 0 ? controlPool : treatmentPool).push(outcome.p);
      if (o.unit === 'impression') {
        running[arm][0] += outcome.p.length;
        for (let s = 0; s < outcome.p.length; s++) if (rng.next() < outcome.p[s]) running[arm][1]++;
        counts[arm].expected += expectedClicks(outcome);
      } else {
        running[arm][0] += 1;
        let any = false;
        for (let s = 0; s < outcome.p.length; s++) if (rng.next() < outcome.p[s]) any = true;
        running[arm][1] += any ? 1 : 0;
        counts[arm].expected += probAnyClick(outcome.p);
      }
    }
    for (const a of [0, 1]) [counts[a].n[d], counts[a].successes[d]] = running[a];
    if (o.tick) await o.tick();
  }
  return { control: counts[0], treatment: counts[1], controlPool, treatmentPool };
}

/**
 * Called after each replicate run with its cumulative daily counts (control successes, trials; treatment successes,
 * trials), so another analysis (a sequential test) reads the very runs the z-test read. The arrays are reused.
 */
export type OnRun = (run: number, cA: Float64Array, nA: Float64Array, cB: Float64Array, nB: Float64Array) => void;

export interface AaResult {
  fixedHorizonFalsePositiveRate: number;
  peekingFalsePositiveRate: number;
  runs: number;
  /** per run: 1 when the fixed-horizon test rejected (the runs are the rates' replicates) */
  fixedSignificant: Uint8Array;
  /** per run: 1 when some daily look rejected */
  peekingSignificant: Uint8Array;
}

/**
 * A/A replicates: each run re-draws the experiment's requests from the control pool (so user and
 * slate heterogeneity are real), splits them by a fair coin, draws clicks, and tests at the end
 * (fixed horizon) and after every day (peeking: stop at the first p < α). O(runs · requests · slate).
 */
export async function aaReplicates(
  pool: Float64Array[],
  o: { days: number; requestsPerDay: number; runs: number; unit: AnalysisUnit; alpha: number; tick?: () => Promise<void>; onRun?: OnRun },
  rng: Rng,
): Promise<AaResult> {
  if (pool.length === 0) throw new UsageError('aaReplicates: the request pool is empty');
  const fixedSignificant = new Uint8Array(o.runs);
  const peekingSignificant = new Uint8Array(o.runs);
  const n = [new Float64Array(o.days), new Float64Array(o.days)];
  const c = [new Float64Array(o.days), new Float64Array(o.days)];
  for (let run = 0; run < o.runs; run++) {
    const tot = [[0, 0], [0, 0]];
    for (let d = 0; d < o.days; d++) {
      for (let r = 0; r < o.requestsPerDay; r++) {
        const p = pool[rng.int(pool.length)];
        const arm = rng.next() < 0.5 ? 0 : 1;
        let clicks = 0;
        for (let s = 0; s < p.length; s++) if (rng.next() < p[s]) clicks++;
        if (o.unit === 'impression') {
          tot[arm][0] += p.length;
          tot[arm][1] += clicks;
        } else {
          tot[arm][0] += 1;
          tot[arm][1] += clicks > 0 ? 1 : 0;
        }
      }
      for (const a of [0, 1]) [n[a][d], c[a][d]] = tot[a];
    }
    const last = o.days - 1;
    if (n[0][last] > 0 && n[1][last] > 0 && twoProportionZTest(c[0][last], n[0][last], c[1][last], n[1][last]).pValue < o.alpha) fixedSignificant[run] = 1;
    if (firstSignificantLook(c[0], n[0], c[1], n[1], o.alpha) >= 0) peekingSignificant[run] = 1;
    o.onRun?.(run, c[0], n[0], c[1], n[1]);
    if (o.tick && run % 10 === 0) await o.tick();
  }
  const share = (v: Uint8Array) => v.reduce((s, x) => s + x, 0) / o.runs;
  return { fixedHorizonFalsePositiveRate: share(fixedSignificant), peekingFalsePositiveRate: share(peekingSignificant), runs: o.runs, fixedSignificant, peekingSignificant };
}

export interface AbRepeats {
  /** the pools' true lift: the population the repeated tests sample (expected clicks, no sampling noise) */
  trueLift: number;
  /** per run: 1 when the fixed-horizon test rejected (empirical power, for a real lift) */
  significant: Uint8Array;
  /** per run: 1 when the fixed-horizon lift interval contains trueLift */
  ciCovers: Uint8Array;
  /** per run: the lift a peeking analyst reports — at the first significant daily look, else at the end */
  peekingLift: Float64Array;
}

/** True rate of a pool of requests in the analysis unit: clicks per impression, or P(any click) per request. */
function poolRate(pool: Float64Array[], unit: AnalysisUnit): number {
  let num = 0;
  let den = 0;
  for (const p of pool) {
    if (unit === 'impression') {
      for (let s = 0; s < p.length; s++) num += p[s];
      den += p.length;
    } else {
      num += probAnyClick(p);
      den += 1;
    }
  }
  return den ? num / den : NaN;
}

/**
 * Repeated A/B tests: each run re-draws the experiment's requests, the arm by a fair coin and the request from
 * that arm's pool (the slates each ranker really showed), draws clicks, and analyses as a team would — at the fixed
 * horizon (rejection, interval) and by peeking daily. The runs are what the test's own p-value and interval are
 * about: how often it detects the lift, how often its interval covers it, and what peeking reports.
 * O(runs · days · requests · slate).
 */
export async function abReplicates(
  controlPool: Float64Array[],
  treatmentPool: Float64Array[],
  o: { days: number; requestsPerDay: number; runs: number; unit: AnalysisUnit; alpha: number; tick?: () => Promise<void>; onRun?: OnRun },
  rng: Rng,
): Promise<AbRepeats> {
  if (controlPool.length === 0 || treatmentPool.length === 0) throw new UsageError('abReplicates: a request pool is empty');
  const pools = [controlPool, treatmentPool];
  const trueLift = poolRate(treatmentPool, o.unit) / poolRate(controlPool, o.unit) - 1;
  const out: AbRepeats = { trueLift, significant: new Uint8Array(o.runs), ciCovers: new Uint8Array(o.runs), peekingLift: new Float64Array(o.runs) };
  const n = [new Float64Array(o.days), new Float64Array(o.days)];
  const c = [new Float64Array(o.days), new Float64Array(o.days)];
  const last = o.days - 1;
  for (let run = 0; run < o.runs; run++) {
    const tot = [[0, 0], [0, 0]];
    for (let d = 0; d < o.days; d++) {
      for (let r = 0; r < o.requestsPerDay; r++) {
        const arm = rng.next() < 0.5 ? 0 : 1;
        const p = pools[arm][rng.int(pools[arm].length)];
        let clicks = 0;
        for (let s = 0; s < p.length; s++) if (rng.next() < p[s]) clicks++;
        tot[arm][0] += o.unit === 'impression' ? p.length : 1;
        tot[arm][1] += o.unit === 'impression' ? clicks : clicks > 0 ? 1 : 0;
      }
      for (const a of [0, 1]) [n[a][d], c[a][d]] = tot[a];
    }
    if (n[0][last] > 0 && n[1][last] > 0) {
      const z = twoProportionZTest(c[0][last], n[0][last], c[1][last], n[1][last], 1 - o.alpha);
      out.significant[run] = z.pValue < o.alpha ? 1 : 0;
      out.ciCovers[run] = z.liftCI[0] <= trueLift && trueLift <= z.liftCI[1] ? 1 : 0;
      const look = firstSignificantLook(c[0], n[0], c[1], n[1], o.alpha);
      out.peekingLift[run] = look >= 0 ? twoProportionZTest(c[0][look], n[0][look], c[1][look], n[1][look]).lift : z.lift;
    } else {
      out.peekingLift[run] = NaN;
    }
    o.onRun?.(run, c[0], n[0], c[1], n[1]);
    if (o.tick && run % 10 === 0) await o.tick();
  }
  return out;
}
