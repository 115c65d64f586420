/**
 * Users of the synthetic world: demographics, a hidden taste vector built from a few leaf
 * categories (so taste is learnable from what they engage with), a session rate and a sign-up
 * day (users join during the timeline: the cold users). Age band and country tilt which top
 * categories a user likes, so demographics carry a weak signal for users with no history.
 */
import { AliasSampler, type Rng } from '../core/rng.js';
import { gaussianInto, zipfWeights, type Catalog } from './catalog.js';
import type { Users, WorldConfig } from './world-types.js';
import type { Step } from './steps.js';

/** leaf categories mixed into one user's taste (the logging policy targets these) */
export const PREFS_PER_USER = 3;
/** expected norm of the idiosyncratic part of taste, before normalising */
const TASTE_NOISE = 0.5;
/** mean sessions per active day, and the log-normal spread of activity across users */
export const MEAN_ACTIVITY = 0.7;
const ACTIVITY_SIGMA = 0.8;
/** share of users who sign up during the timeline */
const NEW_USER_SHARE = 0.25;
/** probability that a user's main leaf comes from their age band's favourite top categories */
const DEMOGRAPHIC_PULL = 0.6;
const CHUNK = 10_000;

export interface UserPrefs {
  /** n × PREFS_PER_USER leaf ids; weights n × PREFS_PER_USER, summing to 1 per user (0 = unused) */
  leaf: Int32Array;
  weight: Float32Array;
}

/** Generate users and their hidden category preferences. O(numUsers · latentDim). */
export function* generateUsers(config: WorldConfig, catalog: Catalog, rng: Rng): Step<{ users: Users; prefs: UserPrefs }> {
  const n = config.numUsers;
  const D = config.latentDim;
  const T = config.numTopCategories;
  const users: Users = {
    count: n,
    ageBand: new Uint8Array(n),
    country: new Uint8Array(n),
    device: new Uint8Array(n),
    taste: new Float32Array(n * D),
    activity: new Float32Array(n),
    signupDay: new Float32Array(n),
  };
  const prefs: UserPrefs = { leaf: new Int32Array(n * PREFS_PER_USER), weight: new Float32Array(n * PREFS_PER_USER) };
  const ageSampler = new AliasSampler(Array.from({ length: config.numAgeBands }, (_, a) => 1 + Math.sin(a + 1) * 0.5));
  const countrySampler = new AliasSampler(zipfWeights(config.numCountries, 1));
  const deviceSampler = new AliasSampler(zipfWeights(config.numDevices, 1.3));
  // each age band's favourite top categories: sparse Gamma(0.3) weights (a Dirichlet draw)
  const bandTop = Array.from({ length: config.numAgeBands }, () => new AliasSampler(Array.from({ length: T }, () => rng.gamma(0.3) + 1e-9)));
  const leafSampler = new AliasSampler(catalog.leafWeight);
  const mu = Math.log(MEAN_ACTIVITY) - (ACTIVITY_SIGMA * ACTIVITY_SIGMA) / 2;

  for (let u = 0; u < n; u++) {
    if (u % CHUNK === 0) yield { stage: 'users', fraction: u / n };
    const band = ageSampler.sample(rng);
    users.ageBand[u] = band;
    users.country[u] = countrySampler.sample(rng);
    users.device[u] = deviceSampler.sample(rng);
    users.activity[u] = Math.exp(mu + ACTIVITY_SIGMA * rng.normal());
    users.signupDay[u] = rng.next() < NEW_USER_SHARE ? rng.uniform(0, config.days) : rng.uniform(-365, 0);
    drawPrefs(prefs, u, band, bandTop, leafSampler, catalog, rng);
    // taste = Σ weight·leafCentroid + noise, normalised
    gaussianInto(rng, users.taste, u * D, D, TASTE_NOISE);
    for (let k = 0; k < PREFS_PER_USER; k++) {
      const w = prefs.weight[u * PREFS_PER_USER + k];
      const c = prefs.leaf[u * PREFS_PER_USER + k] * D;
      for (let d = 0; d < D; d++) users.taste[u * D + d] += w * catalog.leafCentroids[c + d];
    }
    let s = 0;
    for (let d = 0; d < D; d++) s += users.taste[u * D + d] ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < D; d++) users.taste[u * D + d] *= inv;
  }
  yield { stage: 'users', fraction: 1 };
  return { users, prefs };
}

/** 1–3 preferred leaves: the first pulled towards the age band's top categories, weights Dirichlet(1). */
function drawPrefs(
  prefs: UserPrefs, u: number, band: number, bandTop: AliasSampler[], leafSampler: AliasSampler, catalog: Catalog, rng: Rng,
): void {
  const used = 1 + rng.int(PREFS_PER_USER);
  let total = 0;
  for (let k = 0; k < PREFS_PER_USER; k++) {
    let leaf = leafSampler.sample(rng);
    if (k === 0 && rng.next() < DEMOGRAPHIC_PULL) {
      const t = bandTop[band].sample(rng);
      const lo = catalog.childOffsets[t];
      leaf = catalog.childLeaves[lo + rng.int(catalog.childOffsets[t + 1] - lo)];
    }
    const w = k < used ? rng.exponential() : 0;
    prefs.leaf[u * PREFS_PER_USER + k] = leaf;
    prefs.weight[u * PREFS_PER_USER + k] = w;
    total += w;
  }
  for (let k = 0; k < PREFS_PER_USER; k++) prefs.weight[u * PREFS_PER_USER + k] /= total;
}
