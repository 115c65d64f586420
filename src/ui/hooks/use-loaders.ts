/** Loading effects: the catalog and history at start, a lesson when its pane opens, exports on request. */
import { useEffect, type Dispatch } from 'react';
import type { TuiServices } from '../services.js';
import type { Action, State } from '../state/types.js';
import { answerDeadline, drillRecord } from '../state/drill.js';
import { drillPhase } from '../state/drill-view.js';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function useCatalog(dispatch: Dispatch<Action>, services: TuiServices): void {
  useEffect(() => {
    services.listScenarios().then(
      ({ scenarios, problems }) => dispatch({ type: 'scenarios-loaded', scenarios, problems }),
      (err) => dispatch({ type: 'scenarios-failed', message: message(err) }),
    );
    // history is a convenience: a missing or unreadable state dir starts empty; records left out are counted
    services.history.load().then(({ runs, skipped }) => {
      dispatch({ type: 'history-loaded', history: runs });
      if (skipped > 0) {
        const text = `run history: left out ${skipped} unreadable record${skipped > 1 ? 's' : ''} (torn or incomplete lines) in ${services.history.dir}`;
        dispatch({ type: 'notice', kind: 'info', text });
      }
    }, () => {});
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
  // biome-ignore lint/correctness/useExhaustiveDependencies: run once per request object
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
  }, [request]);
}

/** The drill screen's effects: load its lesson's question from the bank, end the answer (picked or written) when its time is up, and append the drill once scored. */
export function useDrill(state: State, dispatch: Dispatch<Action>, services: TuiServices): void {
  const drill = state.screen === 'drill' ? state.drill : undefined;
  const lesson = drill && !drill.question && drill.error === undefined ? drill.lesson : undefined;
  useEffect(() => {
    if (!lesson) return;
    services.loadDrillBank().then(
      (bank) => {
        const question = bank.find((q) => q.lesson === lesson);
        if (question) dispatch({ type: 'drill-loaded', question, at: Date.now() });
        else dispatch({ type: 'drill-failed', lesson, message: `lesson ${lesson} has no interview question with an outline to drill` });
      },
      (err) => dispatch({ type: 'drill-failed', lesson, message: message(err) }),
    );
  }, [lesson, dispatch, services]);
  // the answer's timer, in either mode: one timeout per deadline (a mode switch restarts the clock and re-arms it)
  const phase = drill ? drillPhase(drill) : undefined;
  const deadline = drill && (phase === 'pick' || phase === 'write') ? answerDeadline(drill) : undefined;
  useEffect(() => {
    if (deadline === undefined) return;
    // a few ms past the deadline, so the reducer's at >= deadline holds even if the timer fires a hair early
    const timer = setTimeout(() => dispatch({ type: 'drill-time-up', at: Math.max(Date.now(), deadline) }), Math.max(0, deadline - Date.now()) + 5);
    return () => clearTimeout(timer);
  }, [deadline, dispatch]);
  const pending = state.drill?.save === 'pending' ? state.drill : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per submitted drill
  useEffect(() => {
    if (!pending) return;
    const record = drillRecord(pending, state.seed);
    if (!record) return;
    services.appendDrill(record).then(
      () => dispatch({ type: 'drill-saved' }),
      (err) => dispatch({ type: 'drill-save-failed', message: message(err) }),
    );
  }, [pending]);
}
