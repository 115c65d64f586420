/**
 * The interview drill screen, pure: open a lesson's drill; pick mode (move, toggle picks, submit) or write mode
 * (type an answer, finish it, mark it against the outline, score it); the timer of either; switch mode; leave or
 * quit (asking first over an answer in progress); and the record written to the drill history. Loading the bank,
 * the timer, appending the record and measuring are effects.
 */
import type { Command } from '../keymap.js';
import { DEFAULT_DRILL_MINUTES, pickOptionsForSeed, scorePick, scoreWrite, type DrillMode, type DrillQuestion } from '../../scenario/drill/index.js';
import { drillRecord as buildDrillRecord, type DrillRecord } from '../../scenario/drill/history.js';
import { drillPhase, resultRows } from './drill-view.js';
import type { DrillState, State } from './types.js';

/** A fresh drill for the lesson in the given mode; the effect loads its question. */
export function openDrill(lesson: string, at: number, mode: DrillMode = 'pick'): DrillState {
  return { lesson, mode, cursor: 0, picked: [], openedAt: at };
}

/** The question arrived: options shuffled by the session seed (the CLI's fork, so the same seed gives the same order). */
export function drillLoaded(drill: DrillState, question: DrillQuestion, seed: number, at: number): DrillState {
  if (drill.lesson !== question.lesson) return drill;
  return { ...drill, question, options: pickOptionsForSeed(question, seed), startedAt: at, error: undefined };
}

/** When the timer ends the answer in the drill's current mode; undefined before the question is on screen. */
export function answerDeadline(d: DrillState): number | undefined {
  return d.startedAt === undefined ? undefined : d.startedAt + DEFAULT_DRILL_MINUTES[d.mode] * 60_000;
}

/**
 * Tab before answering: the other mode. The timer starts again (the new mode is a new attempt); picks and any typed
 * answer are kept, so switching back loses nothing.
 */
export function switchMode(d: DrillState, at: number): DrillState {
  const phase = drillPhase(d);
  if (phase !== 'pick' && phase !== 'write') return d;
  const mode: DrillMode = d.mode === 'pick' ? 'write' : 'pick';
  return { ...d, mode, startedAt: at, cursor: 0, answer: mode === 'write' ? (d.answer ?? '') : d.answer };
}

export function typeText(d: DrillState, text: string): DrillState {
  return drillPhase(d) === 'write' ? { ...d, answer: (d.answer ?? '') + text, confirmLeave: undefined } : d;
}

/** Backspace erases the last character (a whole code point, so an emoji or accented letter goes at once). */
export function eraseChar(d: DrillState): DrillState {
  if (drillPhase(d) !== 'write') return d;
  return { ...d, answer: Array.from(d.answer ?? '').slice(0, -1).join(''), confirmLeave: undefined };
}

/** Ctrl-D or the timer: the answer is fixed and marking starts, every part not covered until marked. */
export function finishWriting(d: DrillState, at: number, timedOut: boolean): DrillState {
  if (drillPhase(d) !== 'write') return d;
  return { ...d, writtenAt: at, timedOut, cursor: 0, marks: d.question!.outline.map(() => false), answer: d.answer ?? '', confirmLeave: undefined };
}

/** Enter or the timer: the picks so far are scored exactly as the CLI scores them (scorePick), and the history append is asked for. */
export function submitPicks(d: DrillState, at: number, timedOut: boolean): DrillState {
  if (drillPhase(d) !== 'pick') return d;
  return { ...d, score: scorePick(d.options!, d.picked), endedAt: at, timedOut, save: 'pending', confirmLeave: undefined };
}

/**
 * The timer's effect fired: end the answer if the current mode's deadline has passed — a pick is scored with the
 * picks made, a written answer goes to marking. A stale timer from before a mode switch is ignored.
 */
export function drillTimeUp(d: DrillState, at: number): DrillState {
  const deadline = answerDeadline(d);
  if (deadline === undefined || at < deadline) return d;
  const phase = drillPhase(d);
  return phase === 'pick' ? submitPicks(d, at, true) : phase === 'write' ? finishWriting(d, at, true) : d;
}

/** An answer not yet scored that leaving would drop: a pick made, or text typed (in either mode, since Tab keeps both). */
export function answerInProgress(d: DrillState): boolean {
  const phase = drillPhase(d);
  if (phase !== 'pick' && phase !== 'write' && phase !== 'mark') return false;
  return d.picked.length > 0 || (d.answer ?? '').trim() !== '';
}

/**
 * Esc/b ('back') or q ('quit') over the drill: undefined means go ahead. Over an answer in progress the first press
 * asks (confirmLeave) and the same key again goes; any other key — including the other of the two — keeps the
 * drill. Esc while measuring cancels the measurement instead.
 */
export function drillLeave(d: DrillState, via: 'back' | 'quit'): DrillState | undefined {
  const m = d.measure;
  if (via === 'back' && m && (m.status === 'requested' || m.status === 'running')) return { ...d, measure: { ...m, status: 'cancelling' } };
  if (via === 'back' && m?.status === 'cancelling') return d;
  if (!answerInProgress(d) || d.confirmLeave === via) return undefined;
  return { ...d, confirmLeave: d.confirmLeave ? undefined : via };
}

/** q anywhere: quit, unless a drill answer is in progress (on screen, or under the help screen), which asks on the drill first. Ctrl-C (force) never asks. */
export function quitApp(state: State, force: boolean): State {
  const ask = !force && state.drill ? drillLeave(state.drill, 'quit') : undefined;
  if (!ask) return { ...state, exit: 0 };
  // the help screen opened over the drill closes, so the question is seen where it is answered
  const overDrill = state.screen === 'help' && state.stack[state.stack.length - 1] === 'drill';
  return overDrill ? { ...state, screen: 'drill', stack: state.stack.slice(0, -1), drill: ask } : { ...state, drill: ask };
}

/** A key that does nothing on the drill still answers a pending "leave?" question: stay. */
export function keepDrill(state: State): State {
  return state.drill?.confirmLeave ? { ...state, drill: { ...state.drill, confirmLeave: undefined } } : state;
}

function scrollCommand(d: DrillState, command: Command): DrillState {
  // after submitting, ↑/↓ scroll the score, the outline, the measured numbers and the follow-ups
  const scroll = d.scroll ?? 0;
  const max = Math.max(0, resultRows(d) - 1);
  if (command === 'nav.up') return scroll > 0 ? { ...d, scroll: scroll - 1 } : d;
  if (command === 'nav.down') return scroll < max ? { ...d, scroll: scroll + 1 } : d;
  return d;
}

function pickCommand(d: DrillState, command: Command, at: number): DrillState {
  const n = d.options!.length;
  switch (command) {
    case 'nav.up': return { ...d, cursor: Math.max(0, d.cursor - 1) };
    case 'nav.down': return { ...d, cursor: Math.min(n - 1, d.cursor + 1) };
    case 'toggle': {
      // an ordered question keeps the picks in the order made (that order is scored); the others sort them
      const added = [...d.picked, d.cursor];
      const picked = d.picked.includes(d.cursor) ? d.picked.filter((i) => i !== d.cursor) : d.question?.ordered ? added : added.sort((a, b) => a - b);
      return { ...d, picked };
    }
    case 'select': return submitPicks(d, at, false);
    default: return d;
  }
}

/** Marking: the cursor walks the outline parts, space flips covered/not, Enter scores exactly as the CLI does (scoreWrite). */
function markCommand(d: DrillState, command: Command, at: number): DrillState {
  const marks = d.marks ?? [];
  const n = d.question!.outline.length;
  switch (command) {
    case 'nav.up': return { ...d, cursor: Math.max(0, d.cursor - 1) };
    case 'nav.down': return { ...d, cursor: Math.min(Math.max(0, n - 1), d.cursor + 1) };
    case 'toggle': return { ...d, marks: marks.map((m, i) => (i === d.cursor ? !m : m)) };
    case 'select': return { ...d, score: scoreWrite(d.question!, marks), endedAt: at, save: 'pending', scroll: 0 };
    default: return d;
  }
}

export function drillCommand(drill: DrillState, command: Command, at: number): DrillState {
  // any key but the one that asked keeps the answer: the question goes
  const d = drill.confirmLeave ? { ...drill, confirmLeave: undefined } : drill;
  switch (drillPhase(d)) {
    case 'loading': return d;
    case 'scored': return scrollCommand(d, command);
    case 'pick': return command === 'drill.mode' ? switchMode(d, at) : pickCommand(d, command, at);
    case 'write':
      if (command === 'drill.mode') return switchMode(d, at);
      if (command === 'drill.finish') return finishWriting(d, at, false);
      // Enter in the text area starts a new line
      return command === 'select' ? typeText(d, '\n') : d;
    case 'mark': return markCommand(d, command, at);
  }
}

/** What the history keeps of a scored drill, as the CLI keeps it: the mode's minutes, whether the timer ended it, and (write) the answer. */
export function drillRecord(drill: DrillState, seed: number): DrillRecord | undefined {
  if (!drill.score) return undefined;
  const write = drill.mode === 'write';
  return buildDrillRecord({
    lesson: drill.lesson,
    mode: drill.mode,
    seed,
    minutes: DEFAULT_DRILL_MINUTES[drill.mode],
    elapsedMs: Math.max(0, (drill.endedAt ?? 0) - (drill.startedAt ?? drill.openedAt)),
    timedOut: drill.timedOut === true,
    score: drill.score,
    answer: write ? (drill.answer ?? '') : undefined,
    at: new Date(drill.endedAt ?? Date.now()),
  });
}

/** The drill screen's state in the whole state, or the state unchanged when no drill is open. */
export function withDrill(state: State, f: (d: DrillState) => DrillState): State {
  return state.drill ? { ...state, drill: f(state.drill) } : state;
}
