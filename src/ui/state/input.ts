/**
 * Key press → action, pure. In a text field (the home filter, a knob being typed, a drill answer) printable keys are
 * text; otherwise the screen's bindings from the keymap decide, and unbound printable keys fall back
 * to text (typing on home starts a filter, a digit on a number knob starts an edit).
 */
import { commandFor, screenCommands, type Command, type KeyFlags } from '../keymap.js';
import { drillPhase } from './drill-view.js';
import type { Action, State } from './types.js';

const isPrintable = (input: string, key: KeyFlags) =>
  input.length > 0 && !key.ctrl && !key.meta && !/[\x00-\x1f\x7f]/.test(input);

/** The commands still live while typing: leaving the field, confirming it, moving, Ctrl-C. */
const IN_TEXT_FIELD: Command[] = ['select', 'back', 'nav.up', 'nav.down', 'quit'];
/** In a drill answer: Enter (a new line), Esc, Ctrl-C, Ctrl-D (finish), Tab (the other mode). */
const IN_DRILL_ANSWER: Command[] = ['select', 'back', 'quit', 'drill.finish', 'drill.mode'];

/** The commands of the text field that has the keys, or undefined when none has. */
function textField(state: State): Command[] | undefined {
  if ((state.screen === 'home' && state.home.filtering) || (state.screen === 'scenario' && state.knobs.edit !== undefined)) return IN_TEXT_FIELD;
  if (state.screen === 'drill' && state.drill && drillPhase(state.drill) === 'write') return IN_DRILL_ANSWER;
  return undefined;
}

/** A command; Ctrl-C's quit is marked `force` (it quits at once where q would ask first) and `interrupt` (exit 130). */
function commandAction(command: Command, key: KeyFlags, at: number): Action {
  return command === 'quit' && key.ctrl ? { type: 'command', command, at, force: true, interrupt: true } : { type: 'command', command, at };
}

export function interpret(state: State, input: string, key: KeyFlags, at: number): Action | undefined {
  const erase = key.backspace || key.delete;
  const field = textField(state);
  if (field) {
    if (erase) return { type: 'backspace' };
    // only the named keys and Ctrl-C act as commands here: 'q', 'b', 'j' … are letters of the text
    const named = commandFor(input, key, field);
    if (named && (!isPrintable(input, key) || key.return || key.escape)) return commandAction(named, key, at);
    if (isPrintable(input, key)) return { type: 'text', text: input };
    return named ? commandAction(named, key, at) : undefined;
  }
  const command = commandFor(input, key, screenCommands[state.screen]);
  if (command) return commandAction(command, key, at);
  if (erase && state.screen === 'home') return { type: 'backspace' };
  if (isPrintable(input, key) && (state.screen === 'home' || state.screen === 'scenario')) return { type: 'text', text: input };
  return undefined;
}
