/**
 * Starts each requested run once through the scenario runner, feeds its events to the reducer,
 * aborts it when the state says "cancelling", and appends finished runs to the persisted history.
 */
import { useEffect, useRef, type Dispatch } from 'react';
import { RunCancelledError } from '../../core/errors.js';
import type { TuiServices } from '../services.js';
import type { Action, State } from '../state/types.js';

export function useRun(state: State, dispatch: Dispatch<Action>, services: TuiServices): void {
  const controller = useRef<{ id: number; abort: AbortController } | undefined>(undefined);
  const run = state.run;

  useEffect(() => {
    if (!run || run.status !== 'requested' || controller.current?.id === run.id) return;
    const scenario = state.scenarios?.find((s) => s.id === run.scenario);
    if (!scenario) return;
    const abort = new AbortController();
    controller.current = { id: run.id, abort };
    const runId = run.id;
    services
      .runScenario(scenario, {
        params: run.params,
        scale: run.scale,
        seed: run.seed,
        signal: abort.signal,
        onEvent: (event) => dispatch({ type: 'run-event', runId, event, at: Date.now() }),
      })
      .then((result) => services.history.append(result).catch((err: Error) =>
        dispatch({ type: 'notice', kind: 'error', text: `could not save the run to history: ${err.message}` })))
      .catch((err: unknown) => {
        if (err instanceof RunCancelledError || abort.signal.aborted) {
          dispatch({ type: 'run-event', runId, event: { type: 'cancelled' }, at: Date.now() });
        } else {
          dispatch({ type: 'run-failed', runId, message: err instanceof Error ? err.message : String(err) });
        }
      });
  }, [run, state.scenarios, services, dispatch]);

  useEffect(() => {
    if (run?.status === 'cancelling' && controller.current?.id === run.id) controller.current.abort.abort();
  }, [run?.status, run?.id]);

  // quitting mid-run must not leave the experiment computing behind a closed screen
  useEffect(() => () => controller.current?.abort.abort(), []);
}
