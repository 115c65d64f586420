/**
 * Knob transitions, pure: values always come from the scenario layer's ParamSpec helpers
 * (resolveParams, stepParam, parseParamValue), so the TUI validates exactly like `--set`.
 */
import { UsageError } from '../../core/errors.js';
import { SCALES } from '../../data/world-types.js';
import { parseParamValue, resolveParams, stepParam } from '../../scenario/params.js';
import { MAX_SEEDS, type ParamSpec, type ParamValue, type Scale, type Scenario } from '../../scenario/types.js';
import type { KnobState } from './types.js';

/**
 * The run's seed count, drawn and edited like a knob (the same stepping, parsing and range message) but kept
 * beside the scale: it is a setting of the run, not of the scenario.
 */
export const SEEDS_SPEC: ParamSpec = {
  name: 'seeds',
  type: 'int',
  default: 1,
  min: 1,
  max: MAX_SEEDS,
  description: 'run under this many seeds derived from the seed: metrics as mean ± interval, claims as "holds in k of N"',
};

export function initKnobs(scenario: Scenario, scale: Scale, touched: Record<string, ParamValue> = {}, cursor = 0): KnobState {
  return { values: resolveParams(scenario, touched, scale), touched, cursor };
}

/** Rows on the scenario screen: one per knob, then the scale selector, then the seed count. */
export function rowCount(scenario: Scenario): number {
  return scenario.params.length + 2;
}

export function isScaleRow(scenario: Scenario, knobs: KnobState): boolean {
  return knobs.cursor === scenario.params.length;
}

export function isSeedsRow(scenario: Scenario, knobs: KnobState): boolean {
  return knobs.cursor === scenario.params.length + 1;
}

/** ←/→ on the seeds row: one more or one fewer, within 1 … MAX_SEEDS. */
export function stepSeeds(seeds: number, direction: 1 | -1): number {
  return Number(stepParam(SEEDS_SPEC, seeds, direction));
}

/** Enter on a typed seed count: the count, or the knob state with the refusal shown under the row. */
export function commitSeeds(knobs: KnobState): { knobs: KnobState; seeds?: number } {
  if (knobs.edit === undefined) return { knobs };
  try {
    const seeds = Number(parseParamValue(SEEDS_SPEC, knobs.edit));
    return { knobs: { ...knobs, edit: undefined, error: undefined }, seeds };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    // the seed count is a setting of the run, not a param of the scenario
    return { knobs: { ...knobs, error: { name: SEEDS_SPEC.name, message: err.message.replace(/^param "seeds"/, 'seeds') } } };
  }
}

export function moveCursor(knobs: KnobState, scenario: Scenario, delta: number): KnobState {
  const n = rowCount(scenario);
  return { ...knobs, cursor: (knobs.cursor + delta + n) % n, edit: undefined, error: undefined };
}

export function nextScale(scale: Scale, direction: 1 | -1): Scale {
  const i = SCALES.indexOf(scale);
  return SCALES[Math.min(SCALES.length - 1, Math.max(0, i + direction))];
}

/** ←/→ on a knob: one step (numbers clamp, enums and booleans cycle). */
export function stepKnob(knobs: KnobState, scenario: Scenario, scale: Scale, direction: 1 | -1): KnobState {
  const spec = scenario.params[knobs.cursor];
  if (!spec) return knobs;
  const value = stepParam(spec, knobs.values[spec.name], direction);
  return initKnobs(scenario, scale, { ...knobs.touched, [spec.name]: value }, knobs.cursor);
}

export function resetKnob(knobs: KnobState, scenario: Scenario, scale: Scale): KnobState {
  const spec = scenario.params[knobs.cursor];
  if (!spec) return knobs;
  const { [spec.name]: _dropped, ...rest } = knobs.touched;
  return initKnobs(scenario, scale, rest, knobs.cursor);
}

/** Whether typed text may start or continue an edit of the knob under the cursor. */
export function acceptsText(knobs: KnobState, scenario: Scenario, text: string): boolean {
  const spec = isSeedsRow(scenario, knobs) ? SEEDS_SPEC : scenario.params[knobs.cursor];
  if (!spec) return false;
  if (knobs.edit !== undefined) return true;
  // numbers start with a digit, sign or point; enums and booleans are chosen with ←/→
  return (spec.type === 'int' || spec.type === 'number') && /^[-+.\d]/.test(text);
}

export function typeIntoKnob(knobs: KnobState, text: string): KnobState {
  return { ...knobs, edit: (knobs.edit ?? '') + text, error: undefined };
}

export function backspaceKnob(knobs: KnobState): KnobState {
  if (knobs.edit === undefined) return knobs;
  return { ...knobs, edit: knobs.edit.slice(0, -1), error: undefined };
}

/** Enter on an edit: accept the typed value, or refuse it inline with the param's range. */
export function commitEdit(knobs: KnobState, scenario: Scenario, scale: Scale): KnobState {
  const spec = scenario.params[knobs.cursor];
  if (!spec || knobs.edit === undefined) return knobs;
  try {
    const value = parseParamValue(spec, knobs.edit);
    return initKnobs(scenario, scale, { ...knobs.touched, [spec.name]: value }, knobs.cursor);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return { ...knobs, error: { name: spec.name, message: err.message } };
  }
}
