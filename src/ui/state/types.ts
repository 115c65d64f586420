/** The whole TUI state and the actions that change it. Screens are functions of this; effects live in hooks. */
import type { Command, KeyFlags, ScreenName } from '../keymap.js';
import type { ParamValue, RunEvent, RunResult, Scale, Scenario, Series } from '../../scenario/types.js';
import type { DrillMode, DrillPart, DrillQuestion, DrillScore, MeasuredScenario } from '../../scenario/drill/index.js';

export type { ScreenName } from '../keymap.js';
export type Direction = 'up' | 'down' | 'same';

export interface KnobState {
  /** resolved values for every param of the scenario at the current scale */
  values: Record<string, ParamValue>;
  /** params the user changed (kept when the scale changes; the others follow the scale's defaults) */
  touched: Record<string, ParamValue>;
  /** row under the cursor: 0..params-1 are knobs, params is the scale selector, params+1 the seed count */
  cursor: number;
  /** text being typed into the knob under the cursor */
  edit?: string;
  /** a refused value, shown inline under its knob */
  error?: { name: string; message: string };
}

export interface StageState {
  name: string;
  fraction: number;
  startedAt: number;
  endedAt?: number;
  detail?: string;
  /** the runner's estimate, when it gave one */
  etaMs?: number;
}

/** A cancelled run is over at once for the screen: the effect aborts the worker, and later events are ignored. */
export type RunStatus = 'requested' | 'running' | 'done' | 'cancelled' | 'failed';

export interface RunState {
  /** increments per run so effects start each run exactly once */
  id: number;
  scenario: string;
  status: RunStatus;
  params: Record<string, ParamValue>;
  scale: Scale;
  seed: number;
  /** runs under this many seeds derived from `seed` (1: the seed alone) */
  seeds: number;
  requestedAt: number;
  stages: StageState[];
  /** sweep points published so far */
  partialPoints: number;
  /** the latest partial sweep series, shown while the rest runs */
  partialSeries?: Series;
  logs: string[];
  result?: RunResult;
  error?: string;
  /** the run this one is compared with (the previous run of the scenario), if any */
  baseline?: RunResult;
  predictions: Record<string, Direction>;
}

/**
 * "Measured on this machine" after a drill: the lesson's scenarios run by an effect (the CLI drill's measureLesson),
 * their progress folded in here, cancellable.
 */
export interface DrillMeasureState {
  /** unique per request in the session, so the effect starts each measurement once and ignores stale reports */
  id: number;
  status: 'requested' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';
  scale: Scale;
  /** the scenario running now: its id, 0-based position and how many there are */
  scenario?: string;
  index?: number;
  total?: number;
  /** the runner's current stage and its fraction done */
  stage?: string;
  fraction?: number;
  measured?: MeasuredScenario[];
  error?: string;
}

/** What the measuring effect reports back. */
export type DrillMeasureUpdate =
  | { kind: 'scenario'; scenario: string; index: number; total: number }
  | { kind: 'event'; event: RunEvent }
  | { kind: 'done'; measured: MeasuredScenario[] }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/**
 * The drill of one lesson: loaded by an effect, answered here (pick: choose options; write: type an answer, then
 * mark it against the outline), appended to the history by an effect, then optionally measured.
 */
export interface DrillState {
  lesson: string;
  mode: DrillMode;
  question?: DrillQuestion;
  /** outline parts and distractors, shuffled by the session seed */
  options?: DrillPart[];
  error?: string;
  cursor: number;
  /** indices into options, ascending */
  picked: number[];
  openedAt: number;
  /** when the question was on screen, or the mode last switched (the timer starts here) */
  startedAt?: number;
  endedAt?: number;
  score?: DrillScore;
  /** first row of the scored view shown (↑/↓ scroll it after submitting) */
  scroll?: number;
  /** the history append: asked for on submit, then done or failed */
  save?: 'pending' | 'saved' | 'failed';
  /** write mode: the answer typed so far (lines separated by \n) */
  answer?: string;
  /** write mode: when the answer was finished (Ctrl-D or the timer); marking follows */
  writtenAt?: number;
  /** the timer ended the answer (pick: scored with the picks made; write: marking followed) */
  timedOut?: boolean;
  /** write mode: covered or not, per outline part (the cursor walks them) */
  marks?: boolean[];
  /** Esc/b ('back') or q ('quit') pressed once over an answer in progress: the same key again leaves and drops it */
  confirmLeave?: 'back' | 'quit';
  measure?: DrillMeasureState;
}

export interface State {
  screen: ScreenName;
  /** screens to return to with Esc */
  stack: ScreenName[];
  size: { columns: number; rows: number };
  scale: Scale;
  seed: number;
  /** how many seeds a run takes (the seeds row beside the scale; 1 by default) */
  seeds: number;
  scenarios?: Scenario[];
  loadError?: string;
  home: { filter: string; filtering: boolean; cursor: number };
  scenarioId?: string;
  knobs: KnobState;
  predict: { cursor: number; answers: Record<string, Direction> };
  run?: RunState;
  /** past runs per scenario id, oldest first */
  history: Record<string, RunResult[]>;
  /** cursor over the runs (newest first); `baseline` (oldest-first index) is the run marked to compare against */
  compare: { cursor: number; baseline?: number };
  /** `max` is the largest useful scroll offset, as last measured by the view */
  lesson: { id?: string; markdown?: string; error?: string; scroll: number; max?: number };
  /** `index` picks a past run of the scenario (from compare); absent means the latest */
  results: { scroll: number; max?: number; index?: number };
  /** the drill screen's drill, while one is open */
  drill?: DrillState;
  /** the mode the last drill used: the next one opens in it */
  drillMode?: DrillMode;
  /** measurements requested so far this session (ids for DrillMeasureState) */
  measureSeq?: number;
  /** a one-line status message (export written, load failed …) */
  message?: { kind: 'info' | 'error'; text: string };
  /** a run to write out as markdown; an effect does it and reports back */
  exportRequest?: { scenario: string; index: number };
  /** set when the app should exit with this code */
  exit?: number;
}

export type Action =
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'scenarios-loaded'; scenarios: Scenario[]; problems?: string[] }
  | { type: 'scenarios-failed'; message: string }
  | { type: 'history-loaded'; history: Record<string, RunResult[]> }
  /**
   * `force`: Ctrl-C's quit, which never asks (q over a drill answer in progress does);
   * `interrupt`: it came from Ctrl-C, so quitting exits 130 as the CLI does (q exits 0)
   */
  | { type: 'command'; command: Command; at: number; force?: boolean; interrupt?: boolean }
  /** a raw key press (or several typed characters arriving together), interpreted against the state */
  | { type: 'key'; input: string; key: KeyFlags; at: number }
  | { type: 'text'; text: string }
  | { type: 'backspace' }
  | { type: 'run-event'; runId: number; event: RunEvent; at: number }
  | { type: 'run-failed'; runId: number; message: string }
  | { type: 'lesson-loaded'; id: string; markdown: string }
  | { type: 'lesson-failed'; id: string; message: string }
  | { type: 'drill-loaded'; question: DrillQuestion; at: number }
  | { type: 'drill-failed'; lesson: string; message: string }
  | { type: 'drill-saved' }
  | { type: 'drill-save-failed'; message: string }
  /** the drill's timer ran out, pick or write (an effect fires it at the deadline) */
  | { type: 'drill-time-up'; at: number }
  | { type: 'drill-measure'; id: number; update: DrillMeasureUpdate }
  | { type: 'exported'; path: string }
  | { type: 'export-failed'; message: string }
  | { type: 'scroll-clamp'; pane: 'results' | 'lesson'; max: number }
  | { type: 'notice'; kind: 'info' | 'error'; text: string };
