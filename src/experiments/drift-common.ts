/** Shared knobs of the drift experiments (drift-psi, retraining-policy): schedule and traffic from params. */
import { ResourceLimitError } from '../core/errors.js';
import { defaultSchedule, DriftWorld, type DriftKind, type DriftSchedule } from '../production/drift/drift-schedule.js';
import { estimateTimelineBytes, type TimelineOptions } from '../production/drift/timeline.js';
import type { PolicySpec } from '../production/drift/retrain-policies.js';
import type { ExperimentContext, ParamValue } from './types.js';

const num = (p: Record<string, ParamValue>, k: string, d: number): number => (p[k] === undefined ? d : Number(p[k]));
const bool = (p: Record<string, ParamValue>, k: string, d: boolean): boolean => (p[k] === undefined ? d : p[k] === true || p[k] === 'true');

/** The drift schedule the knobs describe (every kind switchable, its size and day a knob). */
export function scheduleFromParams(p: Record<string, ParamValue>): DriftSchedule {
  const s = defaultSchedule();
  s.newCategory.enabled = bool(p, 'newCategory', true);
  s.newCategory.day = num(p, 'newCategoryDay', s.newCategory.day);
  s.seasonality.enabled = bool(p, 'seasonality', true);
  s.seasonality.amplitude = num(p, 'seasonalityAmplitude', s.seasonality.amplitude);
  s.priceInflation.enabled = bool(p, 'priceInflation', true);
  s.priceInflation.ratePerDay = num(p, 'inflationPerDay', s.priceInflation.ratePerDay);
  s.userMix.enabled = bool(p, 'userMix', true);
  s.userMix.share = num(p, 'userMixShare', s.userMix.share);
  s.tasteChange.enabled = bool(p, 'tasteChange', true);
  s.tasteChange.day = num(p, 'tasteChangeDay', s.tasteChange.day);
  s.tasteChange.strength = num(p, 'tasteChangeStrength', s.tasteChange.strength);
  return s;
}

/** kebab/snake names used in metric keys and tables */
export const KIND_LABEL: Record<DriftKind, string> = {
  newCategory: 'new_category',
  seasonality: 'seasonality',
  priceInflation: 'price_inflation',
  userMix: 'user_mix',
  tasteChange: 'taste_change',
};

export function timelineFromParams(p: Record<string, ParamValue>, policies: PolicySpec[]): TimelineOptions {
  return {
    days: num(p, 'days', 90),
    warmupDays: 7,
    requestsPerDay: num(p, 'requestsPerDay', 1000),
    candidatesPerRequest: num(p, 'candidatesPerRequest', 100),
    windowDays: num(p, 'windowDays', 7),
    epochs: num(p, 'epochs', 2),
    learningRate: num(p, 'learningRate', 0.05),
    l2: 1e-4,
    psiBins: num(p, 'psiBins', 10),
    explorationShare: num(p, 'explorationShare', 0.1),
    countryWindowDays: num(p, 'countryWindowDays', 7),
    policies,
  };
}

/** Memory guard: refuse a timeline whose live state would not fit, naming the knob to turn. */
export function checkTimelineFits(dw: DriftWorld, o: TimelineOptions, limitBytes = 2 * 2 ** 30): void {
  const bytes = estimateTimelineBytes(dw, o);
  if (bytes > limitBytes) {
    throw new ResourceLimitError(
      `drift timeline: ~${(bytes / 2 ** 30).toFixed(1)} GiB of live state (requestsPerDay × candidatesPerRequest × window) exceeds ${(limitBytes / 2 ** 30).toFixed(0)} GiB; lower requestsPerDay or candidatesPerRequest`,
    );
  }
}

/** A day hook for the timeline: progress and cancellation through the context. */
export function dayHook(ctx: ExperimentContext, stage: string, days: number, runs = 1, run = 0): (day: number) => Promise<void> {
  return async (day) => {
    ctx.progress(stage, (run + (day + 1) / days) / runs);
    await ctx.tick();
  };
}

export const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;
