/** Loading effects: the catalog and history at start, a lesson when its pane opens, exports on request. */
import { useEffect, type Dispatch } from 'react';
import type { TuiServices } from '../services.js';
import type { Action, State } from '../state/types.js';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function useCatalog(dispatch: Dispatch<Action>, services: TuiServices): void {
  useEffect(() => {
    services.listScenarios().then(
      ({ scenarios, problems }) => dispatch({ type: 'scenarios-loaded', scenarios, problems }),
      (err) => dispatch({ type: 'scenarios-failed', message: message(err) }),
    );
    // history is a convenience: a missing or unreadable state dir starts empty
    services.history.load().then((history) => dispatch({ type: 'history-loaded', history }), () => {});
  }, [dispatch, services]);
}

export function useLesson(state: State, dispatch: Dispatch<Action>, services: TuiServices): void {
  const { id, markdown, error } = state.lesson;
  const open = state.screen === 'lesson';
  useEffect(() => {
    if (!open || !id || markdown !== undefined || error !== undefined) return;
    services.loadLesson(id).then(
      (md) => dispatch({ type: 'lesson-loaded', id, markdown: md }),
      (err) => dispatch({ type: 'lesson-failed', id, message: message(err) }),
    );
  }, [open, id, markdown, error, dispatch, services]);
}

export function useExport(state: State, dispatch: Dispatch<Action>, services: TuiServices): void {
  const request = state.exportRequest;
  useEffect(() => {
    if (!request) return;
    const result = state.history[request.scenario]?.[request.index];
    const scenario = state.scenarios?.find((s) => s.id === request.scenario);
    if (!result || !scenario) {
      dispatch({ type: 'export-failed', message: 'no such run' });
      return;
    }
    services.exportRun(result, scenario).then(
      (path) => dispatch({ type: 'exported', path }),
      (err) => dispatch({ type: 'export-failed', message: message(err) }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- run once per request object
  }, [request]);
}
