/** Folding the runner's event stream into the running screen's state. Pure; `at` comes from the caller. */
import type { RunEvent } from '../../scenario/types.js';
import type { RunState, StageState } from './types.js';

function upsertStage(stages: StageState[], name: string, at: number, patch: Partial<StageState>): StageState[] {
  const i = stages.findIndex((s) => s.name === name);
  if (i < 0) return [...stages, { name, fraction: 0, startedAt: at, ...patch }];
  return stages.map((s, j) => (j === i ? { ...s, ...patch } : s));
}

export function foldRunEvent(run: RunState, event: RunEvent, at: number): RunState {
  switch (event.type) {
    case 'start':
      // with --seeds each seed's run starts afresh: its stages and sweep replace the previous seed's
      return { ...run, status: 'running', params: event.params, stages: [], partialPoints: 0, partialSeries: undefined };
    case 'stage-start':
      return { ...run, stages: upsertStage(run.stages, event.stage, at, { startedAt: at, fraction: 0, endedAt: undefined }) };
    case 'stage-end':
      return { ...run, stages: upsertStage(run.stages, event.stage, at, { fraction: 1, endedAt: at }) };
    case 'progress':
      return {
        ...run,
        stages: upsertStage(run.stages, event.stage, at, {
          fraction: Math.min(1, Math.max(0, event.fraction)),
          detail: event.detail,
          etaMs: event.etaMs,
        }),
      };
    case 'partial': {
      const series = event.output.series ?? [];
      const longest = series.reduce<typeof series[number] | undefined>((a, s) => (!a || s.points.length > a.points.length ? s : a), undefined);
      return {
        ...run,
        partialPoints: Math.max(run.partialPoints, longest?.points.length ?? 0),
        partialSeries: longest ?? run.partialSeries,
      };
    }
    case 'log':
      return { ...run, logs: [...run.logs, event.message].slice(-5) };
    case 'done':
      return { ...run, status: 'done', result: event.result };
    case 'cancelled':
      return { ...run, status: 'cancelled' };
    case 'error':
      return { ...run, status: 'failed', error: event.message };
  }
}

/**
 * Time left for a stage: the runner's estimate when it gave one, else linear extrapolation of the
 * elapsed time over the fraction done (undefined before any progress, when it would be a guess).
 */
export function etaMs(stage: StageState, now: number): number | undefined {
  if (stage.endedAt !== undefined) return 0;
  if (stage.etaMs !== undefined) return stage.etaMs;
  if (stage.fraction <= 0.01) return undefined;
  const elapsed = now - stage.startedAt;
  return (elapsed / stage.fraction) * (1 - stage.fraction);
}
