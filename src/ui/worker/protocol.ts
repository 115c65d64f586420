/**
 * The messages between the TUI and its run worker. The worker runs the scenario (or a drill's scenarios) on its
 * own thread, so rendering and key handling never land inside a timed region; everything travels as messages.
 */
import type { ParamValue, RunEvent, RunResult, Scale, Scenario } from '../../scenario/types.js';
import type { MeasuredScenario } from '../../scenario/drill/measure-format.js';

export type RunJob =
  | { kind: 'run'; scenario: Scenario; params: Record<string, ParamValue>; scale: Scale; seed: number; seeds: number }
  /** the drill's "measured on this machine": the lesson's scenarios, one after another */
  | { kind: 'measure'; lesson: string; named: string[]; scale: Scale };

export type ToWorker = { type: 'start'; id: number; job: RunJob } | { type: 'abort'; id: number };

/** Every message names its job; the last one for a job is `result`, `measured`, `cancelled` or `failed`. */
export type FromWorker =
  /** the runner's events, except `done` (the result travels once, in `result`), `cancelled` and `error` */
  | { type: 'event'; id: number; event: RunEvent }
  | { type: 'scenario'; id: number; scenario: string; index: number; total: number }
  | { type: 'result'; id: number; result: RunResult }
  | { type: 'measured'; id: number; measured: MeasuredScenario[] }
  | { type: 'cancelled'; id: number }
  /** `usage`: bad input from the user (a UsageError), shown as such */
  | { type: 'failed'; id: number; message: string; usage: boolean };

export const isFinal = (m: FromWorker): boolean => m.type === 'result' || m.type === 'measured' || m.type === 'cancelled' || m.type === 'failed';
