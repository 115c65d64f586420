/** Shared knobs of the drift experiments (drift-psi, retraining-policy): schedule and traffic from params. */
import { ResourceLimitError } from '../core/errors.js';
import { defaultSchedule, DriftWorld, type DriftKind, type DriftSchedule } from '../production/drift/drift-schedule.js';
import { estimateTimelineBytes, type TimelineOptions } from '../production/drift/timeline.js';
import type { PolicySpec } from '../production/drift/retrain-policies.js';
import { bool, num, type ParamSource } from './param-readers.js';
import type { ExperimentContext } from './types.js';


/** The drift schedule the knobs describe (every kind switchable, its size and day a knob). */
export function scheduleFromParams(src: ParamSource): DriftSchedule {
  const s = defaultSchedule();
  s.newCategory.enabled = bool(src, 'newCategory');
  s.newCategory.day = num(src, 'newCategoryDay');
  s.seasonality.enabled = bool(src, 'seasonality');
  s.seasonality.amplitude = num(src, 'seasonalityAmplitude');
  s.priceInflation.enabled = bool(src, 'priceInflation');
  s.priceInflation.ratePerDay = num(src, 'inflationPerDay');
  s.userMix.enabled = bool(src, 'userMix');
  s.userMix.share = num(src, 'userMixShare');
  s.tasteChange.enabled = bool(src, 'tasteChange');
  s.tasteChange.day = num(src, 'tasteChangeDay');
  s.tasteChange.strength = num(src, 'tasteChangeStrength');
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

export function timelineFromParams(src: ParamSource, policies: PolicySpec[]): TimelineOptions {
  return {
    days: num(src, 'days'),
    warmupDays: 7,
    requestsPerDay: num(src, 'requestsPerDay'),
    candidatesPerRequest: num(src, 'candidatesPerRequest'),
    windowDays: num(src, 'windowDays'),
    epochs: num(src, 'epochs'),
    learningRate: num(src, 'learningRate'),
    l2: 1e-4,
    psiBins: num(src, 'psiBins'),
    explorationShare: num(src, 'explorationShare'),
    countryWindowDays: num(src, 'countryWindowDays'),
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
