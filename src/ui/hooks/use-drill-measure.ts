/**
 * The drill's "measured on this machine": runs the lesson's scenarios once per request through the CLI drill's
 * measureLesson (the shared runner), reports progress to the reducer, and aborts when the state says "cancelling",
 * when the drill closes, or when the app quits.
 */
import { useEffect, useRef, type Dispatch } from 'react';
import { RunCancelledError } from '../../core/errors.js';
import type { TuiServices } from '../services.js';
import type { Action, DrillMeasureUpdate, State } from '../state/types.js';

export function useDrillMeasure(state: State, dispatch: Dispatch<Action>, services: TuiServices): void {
  const controller = useRef<{ id: number; abort: AbortController } | undefined>(undefined);
  const drill = state.drill;
  const m = drill?.measure;
  const question = drill?.question;

  useEffect(() => {
    if (!m || !question || m.status !== 'requested' || controller.current?.id === m.id) return;
    const abort = new AbortController();
    const id = m.id;
    controller.current = { id, abort };
    const report = (update: DrillMeasureUpdate) => dispatch({ type: 'drill-measure', id, update });
    services
      .measureLesson(question.lesson, question.scenarioIds, {
        scale: m.scale,
        signal: abort.signal,
        onEvent: (event) => report({ kind: 'event', event }),
        onScenario: (scenario, index, total) => report({ kind: 'scenario', scenario, index, total }),
      })
      .then(
        (measured) => report({ kind: 'done', measured }),
        (err: unknown) => report(err instanceof RunCancelledError || abort.signal.aborted
          ? { kind: 'cancelled' }
          : { kind: 'failed', message: err instanceof Error ? err.message : String(err) }),
      );
  }, [m, question, services, dispatch]);

  useEffect(() => {
    if (m?.status === 'cancelling' && controller.current?.id === m.id) controller.current.abort.abort();
  }, [m?.status, m?.id]);

  // leaving the drill must not leave its scenarios computing behind another screen
  const open = drill !== undefined;
  useEffect(() => {
    if (!open) controller.current?.abort.abort();
  }, [open]);
  useEffect(() => () => controller.current?.abort.abort(), []);
}
