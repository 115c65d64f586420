/**
 * Simulate the world's history: every user has Poisson(activity · active days) sessions at uniform
 * times after sign-up; each session is shown a slate from the logging policy, and each slot is
 * engaged with the choice model's probability. Only engagements are stored; they are then sorted
 * by time (ties keep generation order, so the result is deterministic).
 */
import type { Rng } from '../core/rng.js';
import { engagementLabel } from './choice-model.js';
import type { LoggingPolicy } from './logging-policy.js';
import type { Interactions, Items, Users, WorldConfig } from './world-types.js';
import type { Step } from './steps.js';

const SECONDS_PER_DAY = 86_400;
const CHUNK = 2_000;

/** Growable columns of engagements in generation order. */
class EngagementBuffer {
  count = 0;
  user: Int32Array;
  item: Int32Array;
  second: Int32Array;
  position: Uint8Array;
  label: Uint8Array;
  constructor(capacity: number) {
    const c = Math.max(1024, capacity);
    this.user = new Int32Array(c);
    this.item = new Int32Array(c);
    this.second = new Int32Array(c);
    this.position = new Uint8Array(c);
    this.label = new Uint8Array(c);
  }
  push(u: number, i: number, sec: number, pos: number, label: number): void {
    if (this.count === this.user.length) this.grow();
    const k = this.count++;
    this.user[k] = u;
    this.item[k] = i;
    this.second[k] = sec;
    this.position[k] = pos;
    this.label[k] = label;
  }
  private grow(): void {
    const c = Math.ceil(this.user.length * 1.5);
    const g = <A extends Int32Array | Uint8Array>(a: A, make: (n: number) => A): A => { const b = make(c); b.set(a); return b; };
    this.user = g(this.user, (n) => new Int32Array(n));
    this.item = g(this.item, (n) => new Int32Array(n));
    this.second = g(this.second, (n) => new Int32Array(n));
    this.position = g(this.position, (n) => new Uint8Array(n));
    this.label = g(this.label, (n) => new Uint8Array(n));
  }
}

/** A rough expected engagement count, used to size buffers and memory estimates. */
export function expectedEngagements(config: WorldConfig, meanActivity: number): number {
  // ~85% of user-days are active (a quarter of users join mid-timeline); ~10% of slots engaged
  return Math.ceil(config.numUsers * config.days * 0.85 * meanActivity * config.slateSize * 0.1);
}

/**
 * Run the simulation. O(sessions · slateSize · latentDim) for the sessions, then
 * O(E log E) for sorting E engagements by time.
 */
export function* simulateInteractions(
  config: WorldConfig, users: Users, items: Items, policy: LoggingPolicy, rng: Rng, capacity: number,
): Step<Interactions> {
  const buf = new EngagementBuffer(capacity);
  const session = sessionSimulator(config, users, items, policy, rng, buf);
  for (let u = 0; u < users.count; u++) {
    if (u % CHUNK === 0) yield { stage: 'interactions', fraction: (0.9 * u) / users.count };
    const start = Math.max(0, users.signupDay[u]);
    const span = config.days - start;
    if (span <= 0) continue;
    const sessions = rng.poisson(users.activity[u] * span);
    for (let s = 0; s < sessions; s++) session(u, Math.floor((start + rng.next() * span) * SECONDS_PER_DAY));
  }
  yield { stage: 'interactions', fraction: 0.9 };
  return sortByTime(buf);
}

/**
 * One session of user u at second `sec`: a slate from the policy, each slot engaged or not.
 * A plain closure (not part of the generator) so V8 optimises the hot loop; log-popularity and
 * position bias are precomputed.
 */
function sessionSimulator(
  config: WorldConfig, users: Users, items: Items, policy: LoggingPolicy, rng: Rng, buf: EngagementBuffer,
): (u: number, sec: number) => void {
  const slate = new Int32Array(config.slateSize);
  const D = config.latentDim;
  const { taste } = users;
  const { latent } = items;
  const base = new Float64Array(items.count);
  for (let i = 0; i < items.count; i++) base[i] = config.popularityWeight * Math.log(items.popularity[i]) + config.clickBias;
  const posBias = Float64Array.from(config.positionBias);
  const wAff = config.affinityWeight;
  return (u, sec) => {
    // the day as it will be stored (Float32), so "createdDay ≤ stored time" holds exactly
    const filled = policy.fillSlate(u, Math.fround(sec / SECONDS_PER_DAY), slate, rng);
    const ou = u * D;
    for (let pos = 0; pos < filled; pos++) {
      const i = slate[pos];
      const oi = i * D;
      let a = 0;
      for (let d = 0; d < D; d++) a += taste[ou + d] * latent[oi + d];
      // same formula as engagementLogit (choice-model.ts), inlined for speed
      const p = 1 / (1 + Math.exp(-(wAff * a + base[i] + posBias[pos])));
      if (rng.next() < p) buf.push(u, i, sec, pos, engagementLabel(a, rng.next(), rng.next()));
    }
  };
}

/** Stable sort of the engagements by second, via packed float64 keys (second · 2^bits + index). */
function sortByTime(buf: EngagementBuffer): Interactions {
  const n = buf.count;
  const bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const scale = 2 ** bits;
  let maxSec = 0;
  for (let k = 0; k < n; k++) if (buf.second[k] > maxSec) maxSec = buf.second[k];
  if ((maxSec + 1) * scale > Number.MAX_SAFE_INTEGER) throw new Error(`interactions: ${n} engagements over ${maxSec} s do not fit a 53-bit sort key`);
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = buf.second[k] * scale + k;
  keys.sort();
  const out: Interactions = {
    count: n,
    user: new Int32Array(n),
    item: new Int32Array(n),
    time: new Float32Array(n),
    position: new Uint8Array(n),
    label: new Uint8Array(n),
  };
  for (let r = 0; r < n; r++) {
    const sec = Math.floor(keys[r] / scale);
    const k = keys[r] - sec * scale;
    out.user[r] = buf.user[k];
    out.item[r] = buf.item[k];
    out.time[r] = sec / SECONDS_PER_DAY;
    out.position[r] = buf.position[k];
    out.label[r] = buf.label[k];
  }
  return out;
}
