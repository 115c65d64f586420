/**
 * "Measured on this machine" on the drill screen, pure: ask for the lesson's scenarios to run (an effect runs them
 * through the CLI drill's measureLesson), fold its progress reports, and where the numbers land in the view.
 */
import type { Scale } from '../../scenario/types.js';
import { drillPhase, isMeasuring, measuredRow } from './drill-view.js';
import type { DrillMeasureState, DrillMeasureUpdate, DrillState } from './types.js';

/** The drill measures at tiny, as the CLI drill does by default: every scenario in a few seconds. */
export const MEASURE_SCALE: Scale = 'tiny';

/** After scoring, when nothing is running and nothing has been measured yet (a cancelled or failed run may be retried). */
export function canMeasure(d: DrillState): boolean {
  return drillPhase(d) === 'scored' && !isMeasuring(d) && d.measure?.status !== 'done';
}

export function requestMeasure(d: DrillState, id: number): DrillState {
  return canMeasure(d) ? { ...d, measure: { id, status: 'requested', scale: MEASURE_SCALE } } : d;
}

export function foldMeasure(m: DrillMeasureState, u: DrillMeasureUpdate): DrillMeasureState {
  // a cancel asked for stays asked for until the run stops
  const live = m.status === 'cancelling' ? m.status : 'running';
  switch (u.kind) {
    case 'scenario':
      return { ...m, status: live, scenario: u.scenario, index: u.index, total: u.total, stage: undefined, fraction: 0 };
    case 'event': {
      const e = u.event;
      if (e.type === 'stage-start') return { ...m, status: live, stage: e.stage, fraction: 0 };
      if (e.type === 'progress') return { ...m, status: live, stage: e.stage, fraction: Math.min(1, Math.max(0, e.fraction)) };
      if (e.type === 'stage-end') return { ...m, stage: e.stage, fraction: 1 };
      return m;
    }
    case 'done': return { ...m, status: 'done', measured: u.measured, stage: undefined };
    case 'cancelled': return { ...m, status: 'cancelled', stage: undefined };
    case 'failed': return { ...m, status: 'failed', error: u.message, stage: undefined };
  }
}

/** A report from the measuring effect; one for an older request is ignored. When the numbers arrive the view scrolls to them. */
export function drillMeasureUpdate(d: DrillState, id: number, u: DrillMeasureUpdate): DrillState {
  if (!d.measure || d.measure.id !== id) return d;
  const next = { ...d, measure: foldMeasure(d.measure, u) };
  return u.kind === 'done' ? { ...next, scroll: measuredRow(next) } : next;
}
