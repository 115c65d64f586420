/**
 * Every TUI state transition, pure (time arrives in the action). Screens render this state; hooks run
 * the effects it asks for (start or cancel a run, load a lesson, write an export, exit).
 */
import type { Command, KeyFlags } from '../keymap.js';
import type { Scale } from '../../scenario/types.js';
import { interpret } from './input.js';
import * as knobs from './knobs.js';
import { predictionQuestions } from './predictions.js';
import { foldRunEvent } from './run.js';
import { drillCommand, drillLeave, drillLoaded, drillTimeUp, eraseChar, keepDrill, openDrill, quitApp, typeText, withDrill } from './drill.js';
import { canMeasure, drillMeasureUpdate, requestMeasure } from './drill-measure.js';
import { currentScenario, scenarioHistory, visibleScenarios } from './selectors.js';
import type { Action, Direction, RunStatus, ScreenName, State } from './types.js';

/** The smallest terminal the layout is drawn for; below it the app only says so. */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export function isTooSmall(state: Pick<State, 'size'>): boolean {
  return state.size.columns < MIN_COLUMNS || state.size.rows < MIN_ROWS;
}

export function initialState(options: { scale?: Scale; seed?: number; seeds?: number; columns?: number; rows?: number } = {}): State {
  return {
    screen: 'home',
    stack: [],
    size: { columns: options.columns ?? 80, rows: options.rows ?? 24 },
    scale: options.scale ?? 'small',
    // the runner's DEFAULT_SEED; not imported, because the runner module pulls in every experiment
    seed: options.seed ?? 42,
    seeds: options.seeds ?? 1,
    home: { filter: '', filtering: false, cursor: 0 },
    knobs: { values: {}, touched: {}, cursor: 0 },
    predict: { cursor: 0, answers: {} },
    history: {},
    compare: { cursor: 0 },
    lesson: { scroll: 0 },
    results: { scroll: 0 },
  };
}

function push(state: State, screen: ScreenName): State {
  return { ...state, stack: [...state.stack, state.screen], screen };
}

function pop(state: State): State {
  if (state.stack.length === 0) return state;
  return { ...state, screen: state.stack[state.stack.length - 1], stack: state.stack.slice(0, -1) };
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
const page = (state: State) => Math.max(1, state.size.rows - 8);

export function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'resize':
      return { ...state, size: { columns: action.columns, rows: action.rows } };
    case 'scenarios-loaded': {
      const problems = action.problems ?? [];
      const message = problems.length
        ? { kind: 'error' as const, text: `${problems.length} scenario file${problems.length > 1 ? 's' : ''} skipped: ${problems.join('; ')}` }
        : state.message;
      return { ...state, scenarios: action.scenarios, loadError: undefined, message };
    }
    case 'scenarios-failed':
      return { ...state, loadError: action.message };
    case 'history-loaded': {
      // runs finished before the file was read are newer than everything in it
      const history = { ...action.history };
      for (const [id, runs] of Object.entries(state.history)) history[id] = [...(history[id] ?? []), ...runs];
      return { ...state, history };
    }
    case 'command':
      return onCommand({ ...state, message: undefined }, action.command, action.at, action.force === true, action.interrupt === true);
    case 'key':
      return onKey(state, action);
    case 'text':
      return onText(state, action.text);
    case 'backspace':
      return onBackspace(state);
    case 'run-event':
      return onRunEvent(state, action);
    case 'run-failed':
      if (state.run?.id !== action.runId || isOver(state.run.status)) return state;
      return { ...state, run: { ...state.run, status: 'failed', error: action.message }, screen: 'scenario', stack: ['home'],
        message: { kind: 'error', text: `run failed: ${action.message}` } };
    case 'lesson-loaded':
      return { ...state, lesson: { ...state.lesson, id: action.id, markdown: action.markdown, error: undefined } };
    case 'lesson-failed':
      return { ...state, lesson: { ...state.lesson, id: action.id, markdown: undefined, error: action.message } };
    case 'drill-loaded':
      return withDrill(state, (d) => drillLoaded(d, action.question, state.seed, action.at));
    case 'drill-failed':
      return withDrill(state, (d) => (d.lesson === action.lesson ? { ...d, error: action.message } : d));
    case 'drill-saved':
      return withDrill(state, (d) => ({ ...d, save: 'saved' }));
    case 'drill-save-failed':
      return { ...withDrill(state, (d) => ({ ...d, save: 'failed' as const })), message: { kind: 'error', text: `drill not saved: ${action.message}` } };
    case 'drill-time-up':
      return withDrill(state, (d) => drillTimeUp(d, action.at));
    case 'drill-measure':
      return withDrill(state, (d) => drillMeasureUpdate(d, action.id, action.update));
    case 'exported':
      return { ...state, exportRequest: undefined, message: { kind: 'info', text: `exported to ${action.path}` } };
    case 'export-failed':
      return { ...state, exportRequest: undefined, message: { kind: 'error', text: `export failed: ${action.message}` } };
    case 'notice':
      return { ...state, message: { kind: action.kind, text: action.text } };
    case 'scroll-clamp': {
      const pane = state[action.pane];
      const max = Math.max(0, action.max);
      // same state when nothing changed: the view reports after every render
      if (pane.max === max && pane.scroll <= max) return state;
      return { ...state, [action.pane]: { ...pane, max, scroll: Math.min(pane.scroll, max) } };
    }
  }
}

/** The exit code of a quit by Ctrl-C: the CLI's EXIT.interrupted (src/cli/exit-codes.ts), as the README promises. */
const INTERRUPTED = 130;

function onCommand(state: State, command: Command, at: number, force = false, interrupt = false): State {
  if (command === 'quit') {
    const next = quitApp(state, force);
    return interrupt && next.exit === 0 ? { ...next, exit: INTERRUPTED } : next;
  }
  if (command === 'help') return state.screen === 'help' ? pop(state) : push(keepDrill(state), 'help');
  switch (state.screen) {
    case 'home': return homeCommand(state, command, at);
    case 'scenario': return scenarioCommand(state, command, at);
    case 'predict': return predictCommand(state, command, at);
    case 'running': return command === 'cancel' && state.run ? cancelRun(state) : state;
    case 'results': return resultsCommand(state, command, at);
    case 'compare': return compareCommand(state, command);
    case 'lesson':
      return command === 'drill' && state.lesson.id ? startDrill(state, state.lesson.id, at) : scrollCommand(state, 'lesson', command);
    case 'drill': return drillScreenCommand(state, command, at);
    case 'help': return command === 'back' ? pop(state) : state;
  }
}

function homeCommand(state: State, command: Command, at: number): State {
  const count = visibleScenarios(state).length;
  const move = (d: number) => ({ ...state, home: { ...state.home, cursor: clamp(state.home.cursor + d, 0, Math.max(0, count - 1)) } });
  switch (command) {
    case 'nav.up': return move(-1);
    case 'nav.down': return move(1);
    case 'nav.pageUp': return move(-page(state));
    case 'nav.pageDown': return move(page(state));
    case 'filter': return { ...state, home: { ...state.home, filtering: true } };
    case 'back': return { ...state, home: { filter: '', filtering: false, cursor: 0 } };
    case 'select': return openScenario(state);
    case 'drill.home': {
      const scenario = visibleScenarios(state)[state.home.cursor];
      return scenario ? startDrill({ ...state, home: { ...state.home, filtering: false } }, scenario.lesson, at) : state;
    }
    default: return state;
  }
}

/** Open the drill screen on a lesson's question, in the mode the last drill used; the bank is loaded by an effect. */
function startDrill(state: State, lesson: string, at: number): State {
  return { ...push(state, 'drill'), drill: openDrill(lesson, at, state.drillMode) };
}

function drillScreenCommand(state: State, command: Command, at: number): State {
  const d = state.drill;
  if (!d) return command === 'back' ? pop(state) : state;
  if (command === 'back') {
    const stay = drillLeave(d, 'back');
    return stay ? { ...state, drill: stay } : { ...pop(state), drill: undefined };
  }
  if (command === 'drill.measure') {
    if (!canMeasure(d)) return keepDrill(state);
    const id = (state.measureSeq ?? 0) + 1;
    return { ...state, measureSeq: id, drill: requestMeasure(d, id) };
  }
  const next = drillCommand(d, command, at);
  return next.mode !== d.mode ? { ...state, drill: next, drillMode: next.mode } : { ...state, drill: next };
}

function openScenario(state: State): State {
  const scenario = visibleScenarios(state)[state.home.cursor];
  if (!scenario) return state;
  const kept = state.scenarioId === scenario.id ? state.knobs.touched : {};
  return {
    ...push({ ...state, home: { ...state.home, filtering: false } }, 'scenario'),
    scenarioId: scenario.id,
    knobs: knobs.initKnobs(scenario, state.scale, kept),
    compare: { cursor: 0 },
  };
}

/**
 * Esc (or Ctrl-C) while running: the run is over for the screen at once — back to the knobs, nothing added to the
 * history; the run effect aborts the worker (and terminates it if it does not stop), and later events are ignored.
 */
function cancelRun(state: State): State {
  if (!state.run || isOver(state.run.status)) return state;
  return { ...state, run: { ...state.run, status: 'cancelled' }, screen: 'scenario', stack: ['home'], message: { kind: 'info', text: 'run cancelled' } };
}

const isOver = (status: RunStatus): boolean => status === 'done' || status === 'cancelled' || status === 'failed';

function scenarioCommand(state: State, command: Command, at: number): State {
  const scenario = currentScenario(state);
  if (!scenario) return pop(state);
  const k = state.knobs;
  const onScale = knobs.isScaleRow(scenario, k);
  const onSeeds = knobs.isSeedsRow(scenario, k);
  const withScale = (scale: Scale) => ({ ...state, scale, knobs: knobs.initKnobs(scenario, scale, k.touched, k.cursor) });
  switch (command) {
    case 'nav.up': return { ...state, knobs: knobs.moveCursor(k, scenario, -1) };
    case 'nav.down': return { ...state, knobs: knobs.moveCursor(k, scenario, 1) };
    case 'nav.left':
    case 'nav.right': {
      const dir = command === 'nav.left' ? -1 : 1;
      if (k.edit !== undefined) return state;
      if (onSeeds) return { ...state, seeds: knobs.stepSeeds(state.seeds, dir) };
      return onScale ? withScale(knobs.nextScale(state.scale, dir)) : { ...state, knobs: knobs.stepKnob(k, scenario, state.scale, dir) };
    }
    case 'reset':
      if (onSeeds) return { ...state, seeds: knobs.SEEDS_SPEC.default as number };
      return onScale ? state : { ...state, knobs: knobs.resetKnob(k, scenario, state.scale) };
    case 'select':
      if (k.edit !== undefined && onSeeds) {
        const next = knobs.commitSeeds(k);
        return { ...state, knobs: next.knobs, seeds: next.seeds ?? state.seeds };
      }
      if (k.edit !== undefined) return { ...state, knobs: knobs.commitEdit(k, scenario, state.scale) };
      return startRunFlow(state, at);
    case 'back':
      if (k.edit !== undefined || k.error) return { ...state, knobs: { ...k, edit: undefined, error: undefined } };
      return pop(state);
    case 'lesson': return openLesson(state, scenario.lesson);
    case 'compare': return push(state, 'compare');
    default: return state;
  }
}

function openLesson(state: State, id: string): State {
  const lesson = state.lesson.id === id ? { ...state.lesson, scroll: 0 } : { id, scroll: 0 };
  return { ...push(state, 'lesson'), lesson };
}

/** Enter on the scenario screen (or r on results): ask for predictions when there is a run to compare with. */
function startRunFlow(state: State, at: number): State {
  const scenario = currentScenario(state);
  if (!scenario) return state;
  const hasBaseline = scenarioHistory(state).length > 0;
  if (hasBaseline && predictionQuestions(scenario).length > 0) {
    return { ...state, screen: 'predict', stack: ['home', 'scenario'], predict: { cursor: 0, answers: {} } };
  }
  return requestRun(state, at, {});
}

function requestRun(state: State, at: number, predictions: Record<string, Direction>): State {
  const scenarioId = state.scenarioId!;
  const previous = scenarioHistory(state);
  return {
    ...state,
    screen: 'running',
    stack: ['home', 'scenario'],
    run: {
      id: (state.run?.id ?? 0) + 1,
      scenario: scenarioId,
      status: 'requested',
      params: state.knobs.values,
      scale: state.scale,
      seed: state.seed,
      seeds: state.seeds,
      requestedAt: at,
      stages: [],
      partialPoints: 0,
      logs: [],
      baseline: previous[previous.length - 1],
      predictions,
    },
  };
}

function predictCommand(state: State, command: Command, at: number): State {
  const scenario = currentScenario(state);
  if (!scenario) return pop(state);
  const questions = predictionQuestions(scenario);
  const { cursor, answers } = state.predict;
  const advance = (next: Record<string, Direction>) => (cursor + 1 >= questions.length
    ? requestRun(state, at, next)
    : { ...state, predict: { cursor: cursor + 1, answers: next } });
  const answer = (d: Direction) => advance({ ...answers, [questions[cursor].metric]: d });
  switch (command) {
    case 'predict.up': return answer('up');
    case 'predict.down': return answer('down');
    case 'predict.same': return answer('same');
    case 'predict.skip': return advance(answers);
    case 'nav.up': return { ...state, predict: { ...state.predict, cursor: clamp(cursor - 1, 0, questions.length - 1) } };
    case 'nav.down': return { ...state, predict: { ...state.predict, cursor: clamp(cursor + 1, 0, questions.length - 1) } };
    case 'select': return requestRun(state, at, answers);
    case 'back': return { ...state, screen: 'scenario', stack: ['home'] };
    default: return state;
  }
}

function resultsCommand(state: State, command: Command, at: number): State {
  switch (command) {
    case 'rerun': return startRunFlow(state, at);
    case 'compare': return state.results.index !== undefined ? pop(state) : push({ ...state, compare: { cursor: 0 } }, 'compare');
    case 'export': {
      const n = scenarioHistory(state).length;
      return n > 0 ? { ...state, exportRequest: { scenario: state.scenarioId!, index: state.results.index ?? n - 1 } } : state;
    }
    case 'lesson': {
      const scenario = currentScenario(state);
      return scenario ? openLesson(state, scenario.lesson) : state;
    }
    case 'back': return state.results.index !== undefined ? { ...pop(state), results: { scroll: 0 } } : { ...state, screen: 'scenario', stack: ['home'] };
    default: return scrollCommand(state, 'results', command);
  }
}

function compareCommand(state: State, command: Command): State {
  const n = scenarioHistory(state).length;
  const move = (d: number) => ({ ...state, compare: { ...state.compare, cursor: clamp(state.compare.cursor + d, 0, Math.max(0, n - 1)) } });
  switch (command) {
    case 'nav.up': return move(-1);
    case 'nav.down': return move(1);
    case 'mark': {
      // marking the marked run again clears it (back to "each run against the one before")
      const index = n - 1 - state.compare.cursor;
      return n > 0 ? { ...state, compare: { ...state.compare, baseline: state.compare.baseline === index ? undefined : index } } : state;
    }
    // the list shows newest first, so cursor 0 is the last run in history
    case 'export': return n > 0 ? { ...state, exportRequest: { scenario: state.scenarioId!, index: n - 1 - state.compare.cursor } } : state;
    case 'select': return n > 0 ? { ...push(state, 'results'), results: { scroll: 0, index: n - 1 - state.compare.cursor } } : state;
    case 'back': return pop(state);
    default: return state;
  }
}

function scrollCommand(state: State, pane: 'results' | 'lesson', command: Command): State {
  const at = state[pane].scroll;
  // until the view has measured the content, allow any offset; it clamps with scroll-clamp
  const max = state[pane].max ?? Number.MAX_SAFE_INTEGER;
  const to = (v: number) => ({ ...state, [pane]: { ...state[pane], scroll: clamp(v, 0, max) } });
  switch (command) {
    case 'nav.up': return to(at - 1);
    case 'nav.down': return to(at + 1);
    case 'nav.pageUp': return to(at - page(state));
    case 'nav.pageDown': return to(at + page(state));
    case 'nav.top': return to(0);
    case 'nav.bottom': return to(max);
    case 'back': return pop(state);
    default: return state;
  }
}

/**
 * Keys typed quickly (or sent by a script) can arrive as one chunk, "jj"; each character is
 * interpreted against the state the previous one produced, as if pressed one at a time.
 */
function onKey(state: State, action: Extract<Action, { type: 'key' }>): State {
  if (isTooSmall(state)) {
    // nothing is drawn but the size warning: keys must not act on screens the user cannot see
    // the warning says q quits: it does, without asking over a drill the user cannot see
    const next = interpret({ ...state, screen: 'help' }, action.input, action.key, action.at);
    return next?.type === 'command' && next.command === 'quit' ? reducer(state, { ...next, force: true }) : state;
  }
  const named = Object.entries(action.key).some(([k, v]) => v === true && k !== 'shift');
  if (named || action.input.length <= 1) {
    const next = interpret(state, action.input, action.key, action.at);
    return next ? reducer(state, next) : keepDrill(state);
  }
  return Array.from(action.input).reduce((s, ch) => {
    const next = interpret(s, ch, CONTROL_KEYS[ch] ?? {}, action.at);
    return next ? reducer(s, next) : keepDrill(s);
  }, state);
}

/** Control characters inside a chunk ("32\r" typed fast) mean the keys ink would have named alone. */
const CONTROL_KEYS: Record<string, KeyFlags> = { '\r': { return: true }, '\n': { return: true }, '\t': { tab: true }, '\x7f': { backspace: true }, '\b': { backspace: true } };

function onText(state: State, text: string): State {
  if (state.screen === 'drill') return withDrill(state, (d) => typeText(d, text));
  if (state.screen === 'home') {
    return { ...state, home: { filter: state.home.filter + text, filtering: true, cursor: 0 } };
  }
  if (state.screen === 'scenario') {
    const scenario = currentScenario(state);
    if (scenario && knobs.acceptsText(state.knobs, scenario, text)) return { ...state, knobs: knobs.typeIntoKnob(state.knobs, text) };
  }
  return state;
}

function onBackspace(state: State): State {
  if (state.screen === 'drill') return withDrill(state, eraseChar);
  if (state.screen === 'home') return { ...state, home: { ...state.home, filter: state.home.filter.slice(0, -1), cursor: 0 } };
  if (state.screen === 'scenario') return { ...state, knobs: knobs.backspaceKnob(state.knobs) };
  return state;
}

function onRunEvent(state: State, action: Extract<Action, { type: 'run-event' }>): State {
  const run = state.run;
  // a cancelled run's late events (the worker stopping) change nothing: the screen has moved on
  if (!run || run.id !== action.runId || isOver(run.status)) return state;
  const next = foldRunEvent(run, action.event, action.at);
  if (action.event.type === 'done') {
    const result = action.event.result;
    const history = { ...state.history, [run.scenario]: [...(state.history[run.scenario] ?? []), result] };
    return { ...state, run: next, history, screen: 'results', stack: ['home', 'scenario'], results: { scroll: 0 } };
  }
  if (action.event.type === 'cancelled') {
    return { ...state, run: next, screen: 'scenario', stack: ['home'], message: { kind: 'info', text: 'run cancelled' } };
  }
  if (action.event.type === 'error') {
    return { ...state, run: next, screen: 'scenario', stack: ['home'], message: { kind: 'error', text: `run failed: ${action.event.message}` } };
  }
  return { ...state, run: next };
}
