/**
 * Three ways to put a new ranker ("green") in front of users, on the same simulated hourly traffic:
 * - canary: traffic fractions step up (1 % → 10 % → 50 % → 100 %); after every hour guardrails
 *   compare green with blue on the concurrent traffic and roll back on harm;
 * - blue/green: all traffic switches at once; blue stays warm so rollback is instant, but the only
 *   comparison left is green now against blue before the switch;
 * - shadow: green scores every request and its scores are logged, never shown; no user is exposed,
 *   and no click on green's ranking can be observed.
 * The simulator also knows each request's counterfactual (what blue would have earned), so every
 * strategy reports the expected clicks it cost users — the thing a rollout strategy is meant to bound.
 */
import { normalQuantile } from '../../core/special-functions.js';
import { twoProportionZTest } from '../../core/abtest/index.js';
import { UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { World } from '../../data/world-types.js';
import { expectedClicks, serveRequest, TrafficSource, type Ranker } from './traffic.js';

export interface Guardrails {
  /** one-sided significance of "green is worse" that triggers a rollback */
  alpha: number;
  /** green's error rate (failed requests) above this rolls back at once */
  maxErrorRate: number;
  /** trials green must have served before the click guardrail is read */
  minImpressions: number;
}

export interface RolloutOptions {
  stages: number[];
  hoursPerStage: number;
  requestsPerHour: number;
  candidates: number;
  /** share of green's requests that fail (served by blue's fallback, counted as errors) */
  greenErrorRate: number;
  guardrails: Guardrails;
  tick?: () => Promise<void>;
}

export interface RolloutResult {
  strategy: 'canary' | 'blue-green';
  rolledBack: boolean;
  /** hour (from the start) of the rollback, −1 if none */
  rollbackHour: number;
  /** traffic fraction on green at the end */
  finalFraction: number;
  reason: string;
  greenImpressions: number;
  greenErrors: number;
  /** Σ over requests green served of E[clicks | blue] − E[clicks | green]; negative = green earned more */
  expectedClicksLost: number;
  hours: { hour: number; fraction: number; lift: number; z: number }[];
}

interface Tally {
  n: number;
  clicks: number;
  requests: number;
  errors: number;
}

const emptyTally = (): Tally => ({ n: 0, clicks: 0, requests: 0, errors: 0 });

function checkOptions(o: RolloutOptions): void {
  if (!o.stages.length || o.stages.some((f, i) => !(f > 0 && f <= 1) || (i > 0 && f <= o.stages[i - 1]))) {
    throw new UsageError(`rollout: stages must be increasing fractions in (0, 1], got ${o.stages.join(', ')}`);
  }
  if (!Number.isInteger(o.hoursPerStage) || o.hoursPerStage < 1) throw new UsageError(`rollout: hoursPerStage must be an integer ≥ 1, got ${o.hoursPerStage}`);
  if (!(o.greenErrorRate >= 0 && o.greenErrorRate < 1)) throw new UsageError(`rollout: greenErrorRate must be in [0, 1), got ${o.greenErrorRate}`);
}

/**
 * Serve one request (by green if `toGreen`, else blue), draw clicks and add them to `t`. A green
 * request fails with probability `errorRate`: it counts as an error and the user gets blue's slate
 * (not tallied as a green impression). Returns the expected clicks green cost this request against
 * blue's counterfactual (0 for blue requests).
 */
function serve(world: World, src: TrafficSource, blue: Ranker, green: Ranker, toGreen: boolean, t: Tally, scratch: Float64Array, rng: Rng, errorRate: number): number {
  const req = src.request(rng);
  t.requests++;
  if (toGreen && rng.next() < errorRate) {
    t.errors++;
    return 0;
  }
  const out = serveRequest(world, req, toGreen ? green : blue, scratch);
  for (let s = 0; s < out.p.length; s++) if (rng.next() < out.p[s]) t.clicks++;
  t.n += out.p.length;
  if (!toGreen) return 0;
  return expectedClicks(serveRequest(world, req, blue, scratch)) - expectedClicks(out);
}

function harm(g: Guardrails, green: Tally, blue: Tally): { lift: number; z: number; harmful: boolean; errors: boolean } {
  const errors = green.requests > 0 && green.errors / green.requests > g.maxErrorRate && green.errors >= 3;
  if (green.n < g.minImpressions || blue.n < 1) return { lift: NaN, z: NaN, harmful: false, errors };
  const t = twoProportionZTest(blue.clicks, blue.n, green.clicks, green.n);
  return { lift: t.lift, z: t.z, harmful: t.z < -normalQuantile(1 - g.alpha), errors };
}

/** Canary rollout with automatic rollback. O(stages · hours · requests · candidates · dim). */
export async function runCanary(world: World, blue: Ranker, green: Ranker, o: RolloutOptions, rng: Rng): Promise<RolloutResult> {
  checkOptions(o);
  const src = new TrafficSource(world, o.candidates);
  const scratch = new Float64Array(o.candidates);
  const res: RolloutResult = { strategy: 'canary', rolledBack: false, rollbackHour: -1, finalFraction: 0, reason: 'promoted to 100 %', greenImpressions: 0, greenErrors: 0, expectedClicksLost: 0, hours: [] };
  let hour = 0;
  for (const fraction of o.stages) {
    const g = emptyTally();
    const b = emptyTally();
    for (let h = 0; h < o.hoursPerStage; h++, hour++) {
      for (let r = 0; r < o.requestsPerHour; r++) {
        const toGreen = rng.next() < fraction;
        res.expectedClicksLost += serve(world, src, blue, green, toGreen, toGreen ? g : b, scratch, rng, o.greenErrorRate);
      }
      const check = harm(o.guardrails, g, b);
      res.hours.push({ hour, fraction, lift: check.lift, z: check.z });
      if (check.errors || check.harmful) {
        Object.assign(res, { rolledBack: true, rollbackHour: hour, finalFraction: 0, reason: `${check.errors ? 'error-rate' : 'CTR'} guardrail at ${fraction * 100} %` });
        res.greenImpressions += g.n;
        res.greenErrors += g.errors;
        return res;
      }
      if (o.tick) await o.tick();
    }
    res.greenImpressions += g.n;
    res.greenErrors += g.errors;
    res.finalFraction = fraction;
  }
  return res;
}

/**
 * Blue/green: blue serves a baseline window, then green takes all traffic; the guardrail compares
 * green's cumulative CTR with blue's baseline window (no concurrent control), and rollback is instant.
 * Runs as many hours as the canary's whole schedule.
 */
export async function runBlueGreen(world: World, blue: Ranker, green: Ranker, o: RolloutOptions, rng: Rng): Promise<RolloutResult> {
  checkOptions(o);
  const src = new TrafficSource(world, o.candidates);
  const scratch = new Float64Array(o.candidates);
  const res: RolloutResult = { strategy: 'blue-green', rolledBack: false, rollbackHour: -1, finalFraction: 1, reason: 'kept green', greenImpressions: 0, greenErrors: 0, expectedClicksLost: 0, hours: [] };
  const baseline = emptyTally();
  for (let h = 0; h < o.hoursPerStage; h++) for (let r = 0; r < o.requestsPerHour; r++) serve(world, src, blue, green, false, baseline, scratch, rng, 0);
  const g = emptyTally();
  const total = o.hoursPerStage * o.stages.length;
  for (let hour = 0; hour < total; hour++) {
    for (let r = 0; r < o.requestsPerHour; r++) res.expectedClicksLost += serve(world, src, blue, green, true, g, scratch, rng, o.greenErrorRate);
    const check = harm(o.guardrails, g, baseline);
    res.hours.push({ hour, fraction: 1, lift: check.lift, z: check.z });
    if (check.errors || check.harmful) {
      Object.assign(res, { rolledBack: true, rollbackHour: hour, finalFraction: 0, reason: `${check.errors ? 'error-rate' : 'CTR'} guardrail against the pre-switch baseline` });
      break;
    }
    if (o.tick) await o.tick();
  }
  res.greenImpressions = g.n;
  res.greenErrors = g.errors;
  return res;
}

export interface ShadowResult {
  requests: number;
  /** mean |top-S(green) ∩ top-S(blue)| / S over requests */
  topSlateOverlap: number;
  /** green's expected CTR had its slates been shown — known to the simulator only, never observable in shadow mode */
  counterfactualCtrGreen: number;
  ctrBlue: number;
  /** per request: slate overlap, blue's expected CTR, green's counterfactual expected CTR (the means' units) */
  perRequest: { overlap: Float64Array; ctrBlue: Float64Array; ctrGreen: Float64Array };
  /** clicks observed on green's ranking: always 0, nothing of green's is shown */
  greenClicksObserved: number;
  usersExposedToGreen: number;
}

/** Shadow mode for `requests` requests: blue serves, green scores in parallel and is only logged. */
export function runShadow(world: World, blue: Ranker, green: Ranker, requests: number, candidates: number, rng: Rng): ShadowResult {
  const src = new TrafficSource(world, candidates);
  const S = world.config.slateSize;
  const sb = new Float64Array(candidates);
  const sg = new Float64Array(candidates);
  const perRequest = { overlap: new Float64Array(requests), ctrBlue: new Float64Array(requests), ctrGreen: new Float64Array(requests) };
  for (let r = 0; r < requests; r++) {
    const req = src.request(rng);
    const shown = serveRequest(world, req, blue, sb);
    const shadow = serveRequest(world, req, green, sg); // scored and logged; never shown
    const set = new Set(shown.shown);
    let common = 0;
    for (const i of shadow.shown) if (set.has(i)) common++;
    perRequest.overlap[r] = common / S;
    perRequest.ctrBlue[r] = expectedClicks(shown) / S;
    perRequest.ctrGreen[r] = expectedClicks(shadow) / S;
  }
  const mean = (v: Float64Array) => v.reduce((a, x) => a + x, 0) / Math.max(1, requests);
  return {
    requests,
    topSlateOverlap: mean(perRequest.overlap),
    counterfactualCtrGreen: mean(perRequest.ctrGreen),
    ctrBlue: mean(perRequest.ctrBlue),
    perRequest,
    greenClicksObserved: 0,
    usersExposedToGreen: 0,
  };
}
