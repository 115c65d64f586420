/**
 * Starts each requested run once (the real services run it on the run worker's thread), feeds its events to the
 * reducer, aborts it when the state says the run was cancelled, and appends a finished run to the persisted history
 * once the reducer has taken it as done (a cancelled run's late result never reaches the history).
 */
import { useEffect, useRef, type Dispatch } from 'react';
import { RunCancelledError } from '../../core/errors.js';
import type { TuiServices } from '../services.js';
import type { Action, State } from '../state/types.js';

export function useRun(state: State, dispatch: Dispatch<Action>, services: TuiServices): void {
  const controller = useRef<{ id: number; abort: AbortController } | undefined>(undefined);
  const saved = useRef(0);
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
        seeds: run.seeds,
        signal: abort.signal,
        onEvent: (event) => dispatch({ type: 'run-event', runId, event, at: Date.now() }),
      })
      .catch((err: unknown) => {
        // a cancel was already shown by the reducer; anything else is a failure (a crashed worker included)
        if (err instanceof RunCancelledError || abort.signal.aborted) return;
        dispatch({ type: 'run-failed', runId, message: err instanceof Error ? err.message : String(err) });
      });
  }, [run, state.scenarios, services, dispatch]);

  useEffect(() => {
    if (run?.status === 'cancelled' && controller.current?.id === run.id) controller.current.abort.abort();
  }, [run?.status, run?.id]);

  const done = run?.status === 'done' ? run : undefined;
  useEffect(() => {
    if (!done?.result || saved.current >= done.id) return;
    saved.current = done.id;
    services.history.append(done.result).catch((err: Error) =>
      dispatch({ type: 'notice', kind: 'error', text: `could not save the run to history: ${err.message}` }));
  }, [done, services, dispatch]);

  // quitting mid-run must not leave the experiment computing behind a closed screen
  useEffect(() => () => controller.current?.abort.abort(), []);
}
