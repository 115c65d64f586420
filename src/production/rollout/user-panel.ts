/**
 * A panel of the world's users for user-randomised experiments: each user's sessions per day (the world's
 * activity) and the clicks per session each ranker earns them (expected clicks of the slates it shows, from the
 * choice model). The experiments that need users rather than requests (SRM, novelty, interference, CUPED) draw
 * their days from this panel, so the true effect is known: it is the panel's expected clicks under each arm.
 */
import { UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { World } from '../../data/world-types.js';
import { expectedClicks, serveRequest, TrafficSource, type Ranker } from './traffic.js';

export interface UserPanel {
  /** world user ids */
  users: Int32Array;
  /** expected sessions per day (world.users.activity) */
  sessionsPerDay: Float64Array;
  /** expected clicks per session under the control and the treatment ranker */
  clicksControl: Float64Array;
  clicksTreatment: Float64Array;
  /** the user's country: the market that shares an inventory in the interference simulation */
  market: Int32Array;
  markets: number;
}

/**
 * `users` distinct users; for each, `requestsPerUser` requests (candidates by √popularity, as TrafficSource), each
 * ranked by both rankers on the same candidates, averaged. O(users · requestsPerUser · candidates · dim).
 */
export async function buildUserPanel(
  world: World,
  control: Ranker,
  treatment: Ranker,
  o: { users: number; candidates: number; requestsPerUser: number; tick?: () => Promise<void>; progress?: (fraction: number) => void },
  rng: Rng,
): Promise<UserPanel> {
  if (!Number.isInteger(o.users) || o.users < 4 || o.users > world.users.count) {
    throw new UsageError(`user panel: users must be an integer in [4, ${world.users.count}] (the world's users), got ${o.users}`);
  }
  if (!Number.isInteger(o.requestsPerUser) || o.requestsPerUser < 1) throw new UsageError(`user panel: requestsPerUser must be an integer ≥ 1, got ${o.requestsPerUser}`);
  const source = new TrafficSource(world, o.candidates);
  const users = rng.sampleWithoutReplacement(world.users.count, o.users);
  const n = users.length;
  const panel: UserPanel = {
    users,
    sessionsPerDay: new Float64Array(n),
    clicksControl: new Float64Array(n),
    clicksTreatment: new Float64Array(n),
    market: new Int32Array(n),
    markets: world.config.numCountries,
  };
  const scratch = new Float64Array(o.candidates);
  for (let i = 0; i < n; i++) {
    const u = users[i];
    panel.sessionsPerDay[i] = world.users.activity[u];
    panel.market[i] = world.users.country[u];
    let c = 0;
    let t = 0;
    for (let r = 0; r < o.requestsPerUser; r++) {
      const req = { user: u, items: source.request(rng).items };
      c += expectedClicks(serveRequest(world, req, control, scratch));
      t += expectedClicks(serveRequest(world, req, treatment, scratch));
    }
    panel.clicksControl[i] = c / o.requestsPerUser;
    panel.clicksTreatment[i] = t / o.requestsPerUser;
    if (i % 256 === 0) {
      o.progress?.(i / n);
      if (o.tick) await o.tick();
    }
  }
  return panel;
}

/** The panel's true lift in clicks per user: Σ λ·c_T / Σ λ·c_C − 1 (expectations, no sampling noise). O(users). */
export function panelTrueLift(panel: UserPanel): number {
  let c = 0;
  let t = 0;
  for (let i = 0; i < panel.users.length; i++) {
    c += panel.sessionsPerDay[i] * panel.clicksControl[i];
    t += panel.sessionsPerDay[i] * panel.clicksTreatment[i];
  }
  return t / c - 1;
}

/** Each user's arm by a fair coin: 1 = treatment. */
export function coinAssignment(n: number, rng: Rng): Uint8Array {
  const arm = new Uint8Array(n);
  for (let i = 0; i < n; i++) arm[i] = rng.next() < 0.5 ? 1 : 0;
  return arm;
}
