/**
 * A world that changes over simulated days. The seeded World (src/data) is the state at day 0; a
 * DriftSchedule lists changes, each switchable, and a DriftWorld answers "what is true on day t":
 *
 * - new category: a share of the catalog is re-homed into a category that did not exist, available
 *   from its launch day, with latents pulled towards a fresh direction (some users love it) and a
 *   novelty appeal. Moves inputs (category mix) and labels.
 * - seasonality: each top category's appeal swings sinusoidally (phase per category). Moves labels;
 *   inputs move only through which items users click, not through the candidates' features.
 * - price inflation: nominal prices grow by a daily rate; users judge the real price, so the click
 *   model does not change. Moves inputs without moving labels — the false alarm case.
 * - user mix: traffic shifts towards a cohort (the smallest countries, ~10 % of users at day 0) whose
 *   day-0 taste estimate is poor (new, cold users). Moves inputs (country mix) and quality.
 * - taste change: every user's taste rotates towards one direction. Moves labels without moving any
 *   input — the case PSI cannot see.
 *
 * The click model extends the world's choice model (src/data/choice-model.ts) with the seasonal,
 * novelty and real-price terms; with every drift off it is the world's model plus a fixed price term.
 */
import { UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { World } from '../../data/world-types.js';

export interface DriftSchedule {
  newCategory: { enabled: boolean; day: number; itemShare: number; appeal: number };
  seasonality: { enabled: boolean; amplitude: number; periodDays: number };
  priceInflation: { enabled: boolean; startDay: number; ratePerDay: number };
  userMix: { enabled: boolean; startDay: number; rampDays: number; share: number };
  tasteChange: { enabled: boolean; day: number; rampDays: number; strength: number };
}

export type DriftKind = keyof DriftSchedule;
export const DRIFT_KINDS: readonly DriftKind[] = ['newCategory', 'seasonality', 'priceInflation', 'userMix', 'tasteChange'];

/** Defaults for a 90-day timeline: changes staggered so each can be told apart on the charts. */
export function defaultSchedule(): DriftSchedule {
  return {
    newCategory: { enabled: true, day: 20, itemShare: 0.05, appeal: 1.0 },
    seasonality: { enabled: true, amplitude: 0.6, periodDays: 60 },
    priceInflation: { enabled: true, startDay: 10, ratePerDay: 0.008 },
    userMix: { enabled: true, startDay: 40, rampDays: 10, share: 0.5 },
    tasteChange: { enabled: true, day: 60, rampDays: 5, strength: 0.6 },
  };
}

/** The same schedule with only `kind` enabled (or nothing, for 'none'). */
export function onlyDrift(schedule: DriftSchedule, kind: DriftKind | 'none'): DriftSchedule {
  const out = structuredClone(schedule);
  for (const k of DRIFT_KINDS) out[k].enabled = k === kind && schedule[k].enabled;
  return out;
}

/** logit per unit of log real price, below the catalog mean: users prefer cheaper items a little */
export const PRICE_SENSITIVITY = 0.3;
/** std of the noise in the day-0 taste estimate (what a two-tower model learned), warm and cohort users */
export const TASTE_ESTIMATE_NOISE = 0.6;
export const COHORT_ESTIMATE_NOISE = 2.0;

function ramp(t: number, start: number, days: number): number {
  if (t < start) return 0;
  return days <= 0 ? 1 : Math.min(1, (t - start) / days);
}

function randomUnit(rng: Rng, dim: number): Float32Array {
  const v = new Float32Array(dim);
  let s = 0;
  for (let d = 0; d < dim; d++) {
    v[d] = rng.normal();
    s += v[d] * v[d];
  }
  const inv = 1 / Math.sqrt(s);
  for (let d = 0; d < dim; d++) v[d] *= inv;
  return v;
}

/** The drifting state of a World: day-independent parts precomputed, day-dependent parts as functions. */
export class DriftWorld {
  readonly world: World;
  readonly schedule: DriftSchedule;
  readonly dim: number;
  /** top categories including the launched one (index numTopCategories) */
  readonly numTop: number;
  /** top category per item (after the launch re-homing) */
  readonly itemTop: Int32Array;
  /** item latents after the launch re-homing */
  readonly latent: Float32Array;
  /** day from which an item can be shown */
  readonly availableFrom: Float32Array;
  /** 1 for users in the shifted-mix cohort */
  readonly cohort: Uint8Array;
  /** the cohort's share of users at day 0 */
  readonly cohortBaseShare: number;
  /** day-0 taste estimate (frozen retrieval embedding), users × dim */
  readonly tasteEstimate: Float32Array;
  readonly logPop: Float32Array;
  readonly logPrice: Float32Array;
  readonly meanLogPrice: number;
  private readonly seasonPhase: Float64Array;
  private readonly tasteDirection: Float32Array;

  constructor(world: World, schedule: DriftSchedule, rng: Rng) {
    validateSchedule(schedule);
    this.world = world;
    this.schedule = schedule;
    const { items, users, config } = world;
    const D = config.latentDim;
    this.dim = D;
    const T = config.numTopCategories;
    this.numTop = T + 1;
    this.itemTop = new Int32Array(items.count);
    for (let i = 0; i < items.count; i++) this.itemTop[i] = items.categoryParent[items.category[i]];
    this.latent = Float32Array.from(items.latent);
    this.availableFrom = Float32Array.from(items.createdDay, (d) => Math.min(d, 0));
    this.rehomeLaunchItems(rng.fork('launch'));
    this.logPop = Float32Array.from(items.popularity, Math.log);
    this.logPrice = Float32Array.from(items.price, (p) => Math.log(Math.max(p, 1e-3)));
    let s = 0;
    for (let i = 0; i < items.count; i++) s += this.logPrice[i];
    this.meanLogPrice = s / items.count;
    this.seasonPhase = Float64Array.from({ length: this.numTop }, (_, c) => (2 * Math.PI * c) / this.numTop);
    this.tasteDirection = randomUnit(rng.fork('taste-direction'), D);
    [this.cohort, this.cohortBaseShare] = pickCohort(world);
    this.tasteEstimate = estimateTastes(world, this.cohort, rng.fork('taste-estimate'));
  }

  /** Moves `itemShare` of the catalog into the new top category, available from the launch day. */
  private rehomeLaunchItems(rng: Rng): void {
    const nc = this.schedule.newCategory;
    if (!nc.enabled) return;
    const n = this.world.items.count;
    const D = this.dim;
    const direction = randomUnit(rng.fork('direction'), D);
    const chosen = rng.sampleWithoutReplacement(n, Math.max(1, Math.round(nc.itemShare * n)));
    for (const i of chosen) {
      this.itemTop[i] = this.numTop - 1;
      this.availableFrom[i] = nc.day;
      let norm = 0;
      let newNorm = 0;
      for (let d = 0; d < D; d++) norm += this.latent[i * D + d] ** 2;
      for (let d = 0; d < D; d++) {
        this.latent[i * D + d] = 0.4 * this.latent[i * D + d] + direction[d] * Math.sqrt(norm);
        newNorm += this.latent[i * D + d] ** 2;
      }
      const scale = Math.sqrt(norm / newNorm);
      for (let d = 0; d < D; d++) this.latent[i * D + d] *= scale;
    }
  }

  /** Price index (nominal / real) on day t. */
  priceIndex(t: number): number {
    const p = this.schedule.priceInflation;
    return p.enabled && t > p.startDay ? Math.pow(1 + p.ratePerDay, t - p.startDay) : 1;
  }

  /** Share of traffic from the cohort on day t. */
  cohortShare(t: number): number {
    const m = this.schedule.userMix;
    if (!m.enabled) return this.cohortBaseShare;
    return this.cohortBaseShare + (m.share - this.cohortBaseShare) * ramp(t, m.startDay, m.rampDays);
  }

  /** Additive logit of each top category on day t (seasonality and the launch's novelty). */
  categoryLogits(t: number, out = new Float64Array(this.numTop)): Float64Array {
    const s = this.schedule.seasonality;
    for (let c = 0; c < this.numTop; c++) {
      out[c] = s.enabled ? s.amplitude * Math.sin((2 * Math.PI * t) / s.periodDays + this.seasonPhase[c]) : 0;
    }
    if (this.schedule.newCategory.enabled) out[this.numTop - 1] += this.schedule.newCategory.appeal;
    return out;
  }

  /** The user's true taste on day t, written into `out` (rotated towards the drift direction). */
  tasteAt(u: number, t: number, out: Float32Array): Float32Array {
    const D = this.dim;
    const taste = this.world.users.taste;
    const tc = this.schedule.tasteChange;
    const lambda = tc.enabled ? tc.strength * ramp(t, tc.day, tc.rampDays) : 0;
    let s = 0;
    for (let d = 0; d < D; d++) {
      out[d] = (1 - lambda) * taste[u * D + d] + lambda * this.tasteDirection[d];
      s += out[d] * out[d];
    }
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < D; d++) out[d] *= inv;
    return out;
  }

  /**
   * True engagement logit without the position term: affinityWeight·⟨taste_u(t), latent_i⟩ +
   * popularityWeight·ln pop + category logit − PRICE_SENSITIVITY·(ln real price − mean) + clickBias.
   */
  baseLogit(taste: Float32Array, i: number, catLogit: Float64Array): number {
    const D = this.dim;
    let a = 0;
    for (let d = 0; d < D; d++) a += taste[d] * this.latent[i * D + d];
    const c = this.world.config;
    return c.affinityWeight * a + c.popularityWeight * this.logPop[i] + catLogit[this.itemTop[i]]
      - PRICE_SENSITIVITY * (this.logPrice[i] - this.meanLogPrice) + c.clickBias;
  }
}

/** The smallest countries whose users add up to ≥ 10 % of users: the cohort the user mix shifts to. */
function pickCohort(world: World): [Uint8Array, number] {
  const { users, config } = world;
  const perCountry = new Int32Array(config.numCountries);
  for (let u = 0; u < users.count; u++) perCountry[users.country[u]]++;
  const order = Array.from(perCountry.keys()).sort((a, b) => perCountry[a] - perCountry[b] || b - a);
  const inCohort = new Uint8Array(config.numCountries);
  let total = 0;
  for (const c of order) {
    if (total >= 0.1 * users.count) break;
    inCohort[c] = 1;
    total += perCountry[c];
  }
  const cohort = Uint8Array.from(users.country, (c) => inCohort[c]);
  return [cohort, total / users.count];
}

/** Day-0 taste plus noise (more for the cohort), renormalised: the frozen retrieval embedding. */
function estimateTastes(world: World, cohort: Uint8Array, rng: Rng): Float32Array {
  const D = world.config.latentDim;
  const out = Float32Array.from(world.users.taste);
  for (let u = 0; u < world.users.count; u++) {
    const sigma = (cohort[u] ? COHORT_ESTIMATE_NOISE : TASTE_ESTIMATE_NOISE) / Math.sqrt(D);
    let s = 0;
    for (let d = 0; d < D; d++) {
      out[u * D + d] += sigma * rng.normal();
      s += out[u * D + d] ** 2;
    }
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < D; d++) out[u * D + d] *= inv;
  }
  return out;
}

function validateSchedule(s: DriftSchedule): void {
  const bad = (what: string, v: number, range: string) => new UsageError(`drift schedule: ${what} must be ${range}, got ${v}`);
  if (!(s.newCategory.itemShare > 0 && s.newCategory.itemShare < 0.5)) throw bad('newCategory.itemShare', s.newCategory.itemShare, 'in (0, 0.5)');
  if (!(s.seasonality.periodDays >= 2)) throw bad('seasonality.periodDays', s.seasonality.periodDays, '≥ 2');
  if (!(s.priceInflation.ratePerDay > -0.5 && s.priceInflation.ratePerDay < 1)) throw bad('priceInflation.ratePerDay', s.priceInflation.ratePerDay, 'in (−0.5, 1)');
  if (!(s.userMix.share >= 0 && s.userMix.share <= 1)) throw bad('userMix.share', s.userMix.share, 'in [0, 1]');
  if (!(s.tasteChange.strength >= 0 && s.tasteChange.strength <= 1)) throw bad('tasteChange.strength', s.tasteChange.strength, 'in [0, 1]');
}
