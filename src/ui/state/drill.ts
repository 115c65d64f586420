/**
 * The pick-mode interview drill screen, pure: open a lesson's drill, move, toggle picks, submit, and the
 * record written to the drill history. Loading the bank and appending the record are effects (use-loaders).
 */
import type { Command } from '../keymap.js';
import { Rng } from '../../core/rng.js';
import { pickOptions, scorePick, type DrillQuestion } from '../../scenario/drill.js';
import { drillRecord as buildDrillRecord, type DrillRecord } from '../../scenario/drill-history.js';
import type { DrillState, State } from './types.js';

/** A fresh drill for the lesson; the effect loads its question. */
export function openDrill(lesson: string, at: number): DrillState {
  return { lesson, cursor: 0, picked: [], openedAt: at };
}

/** The question arrived: options shuffled by the session seed (the CLI's fork, so the same seed gives the same order). */
export function drillLoaded(drill: DrillState, question: DrillQuestion, seed: number, at: number): DrillState {
  if (drill.lesson !== question.lesson) return drill;
  return { ...drill, question, options: pickOptions(question, new Rng(seed).fork(`options:${question.lesson}`)), startedAt: at, error: undefined };
}

/** Rows of the scored view below the fixed question: one per part, the outline, the follow-ups, and their headings. */
export function resultRows(drill: Pick<DrillState, 'question' | 'options'>): number {
  const q = drill.question;
  if (!q) return 0;
  return (drill.options?.length ?? 0) + 2 + q.outline.length + (q.followUps.length ? 2 + q.followUps.length : 0);
}

export function drillCommand(drill: DrillState, command: Command, at: number): DrillState {
  const n = drill.options?.length ?? 0;
  if (n === 0) return drill;
  if (drill.score) {
    // after submitting, ↑/↓ scroll the score, the outline and the follow-ups
    const scroll = drill.scroll ?? 0;
    const max = Math.max(0, resultRows(drill) - 1);
    if (command === 'nav.up') return scroll > 0 ? { ...drill, scroll: scroll - 1 } : drill;
    if (command === 'nav.down') return scroll < max ? { ...drill, scroll: scroll + 1 } : drill;
    return drill;
  }
  switch (command) {
    case 'nav.up': return { ...drill, cursor: Math.max(0, drill.cursor - 1) };
    case 'nav.down': return { ...drill, cursor: Math.min(n - 1, drill.cursor + 1) };
    case 'toggle': {
      const picked = drill.picked.includes(drill.cursor) ? drill.picked.filter((i) => i !== drill.cursor) : [...drill.picked, drill.cursor].sort((a, b) => a - b);
      return { ...drill, picked };
    }
    case 'select': return { ...drill, score: scorePick(drill.options!, drill.picked), endedAt: at, save: 'pending' };
    default: return drill;
  }
}

/** What the history keeps of a submitted drill (pick mode, untimed). */
export function drillRecord(drill: DrillState, seed: number): DrillRecord | undefined {
  if (!drill.score) return undefined;
  return buildDrillRecord({
    lesson: drill.lesson,
    mode: 'pick',
    seed,
    minutes: 0,
    elapsedMs: Math.max(0, (drill.endedAt ?? 0) - (drill.startedAt ?? drill.openedAt)),
    timedOut: false,
    score: drill.score,
    at: new Date(drill.endedAt ?? Date.now()),
  });
}

/** The drill screen's state in the whole state, or the state unchanged when no drill is open. */
export function withDrill(state: State, f: (d: DrillState) => DrillState): State {
  return state.drill ? { ...state, drill: f(state.drill) } : state;
}
