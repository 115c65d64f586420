/**
 * Keys are data: one map from Command to its bindings and a description (the help screen is drawn from
 * it), and which commands each screen listens to. `commandFor` is a pure lookup, tested without ink.
 */
import type { Key } from 'ink';

export type Command =
  | 'nav.up' | 'nav.down' | 'nav.left' | 'nav.right' | 'nav.pageUp' | 'nav.pageDown' | 'nav.top' | 'nav.bottom'
  | 'select' | 'back' | 'quit' | 'help' | 'filter' | 'cancel'
  | 'lesson' | 'compare' | 'export' | 'rerun' | 'reset' | 'mark' | 'drill' | 'drill.home' | 'toggle'
  | 'drill.mode' | 'drill.finish' | 'drill.measure'
  | 'predict.up' | 'predict.down' | 'predict.same' | 'predict.skip';

export type KeyName = 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'home' | 'end'
  | 'return' | 'escape' | 'tab' | 'backspace' | 'delete';

/** One binding: a named key, or a typed character (optionally with Ctrl). */
export interface Binding {
  key?: KeyName;
  input?: string;
  ctrl?: boolean;
}

export interface CommandInfo {
  bindings: Binding[];
  /** how the key is written in hints and help */
  label: string;
  description: string;
}

export const keymap: Record<Command, CommandInfo> = {
  'nav.up': { bindings: [{ key: 'upArrow' }, { input: 'k' }], label: '↑/k', description: 'move up' },
  'nav.down': { bindings: [{ key: 'downArrow' }, { input: 'j' }], label: '↓/j', description: 'move down' },
  'nav.left': { bindings: [{ key: 'leftArrow' }], label: '←', description: 'knob a step down / previous' },
  'nav.right': { bindings: [{ key: 'rightArrow' }], label: '→', description: 'knob a step up / next choice' },
  'nav.pageUp': { bindings: [{ key: 'pageUp' }, { input: 'u', ctrl: true }], label: 'PgUp', description: 'scroll a page up' },
  'nav.pageDown': { bindings: [{ key: 'pageDown' }, { input: 'd', ctrl: true }, { input: ' ' }], label: 'PgDn/space', description: 'scroll a page down' },
  'nav.top': { bindings: [{ key: 'home' }, { input: 'g' }], label: 'g/Home', description: 'go to the top' },
  'nav.bottom': { bindings: [{ key: 'end' }, { input: 'G' }], label: 'G/End', description: 'go to the bottom' },
  select: { bindings: [{ key: 'return' }], label: 'Enter', description: 'open / run / confirm a value' },
  back: { bindings: [{ key: 'escape' }, { input: 'b' }], label: 'Esc', description: 'back; leave a filter or edit' },
  quit: { bindings: [{ input: 'q' }, { input: 'c', ctrl: true }], label: 'q', description: 'quit' },
  help: { bindings: [{ input: '?' }], label: '?', description: 'show or hide this help' },
  filter: { bindings: [{ input: '/' }], label: '/', description: 'filter scenarios by typing' },
  cancel: { bindings: [{ key: 'escape' }, { input: 'c', ctrl: true }], label: 'Esc/Ctrl-C', description: 'cancel the run' },
  lesson: { bindings: [{ input: 'l' }], label: 'l', description: "read the scenario's lesson" },
  compare: { bindings: [{ input: 'c' }], label: 'c', description: 'compare runs of a scenario' },
  export: { bindings: [{ input: 'e' }], label: 'e', description: 'export the run as markdown' },
  rerun: { bindings: [{ input: 'r' }], label: 'r', description: 'run again, same knobs' },
  reset: { bindings: [{ input: '0' }], label: '0', description: 'reset the knob to default' },
  mark: { bindings: [{ input: 'm' }, { input: ' ' }], label: 'm', description: 'compare against this run' },
  drill: { bindings: [{ input: 'd' }], label: 'd', description: "drill the lesson's interview question" },
  'drill.home': { bindings: [{ input: 'D' }], label: 'D', description: 'drill the lesson under the cursor' },
  toggle: { bindings: [{ input: ' ' }, { input: 'x' }], label: 'space/x', description: 'pick / mark covered (drill)' },
  'drill.mode': { bindings: [{ key: 'tab' }], label: 'Tab', description: 'drill: pick ⇄ write mode' },
  'drill.finish': { bindings: [{ input: 'd', ctrl: true }], label: 'Ctrl-D', description: 'drill: finish the answer' },
  'drill.measure': { bindings: [{ input: 'm' }], label: 'm', description: 'drill: measure its scenarios' },
  'predict.up': { bindings: [{ input: 'u' }, { input: '+' }], label: 'u', description: 'predict: goes up' },
  'predict.down': { bindings: [{ input: 'd' }, { input: '-' }], label: 'd', description: 'predict: goes down' },
  'predict.same': { bindings: [{ input: 's' }, { input: '=' }], label: 's', description: 'predict: about the same' },
  'predict.skip': { bindings: [{ key: 'tab' }, { key: 'rightArrow' }], label: 'Tab', description: 'skip this prediction' },
};

export type ScreenName = 'home' | 'scenario' | 'predict' | 'running' | 'results' | 'compare' | 'lesson' | 'drill' | 'help';

/** The commands each screen listens to, in the order its footer shows them. */
export const screenCommands: Record<ScreenName, Command[]> = {
  home: ['nav.up', 'nav.down', 'nav.pageUp', 'nav.pageDown', 'select', 'filter', 'drill.home', 'back', 'help', 'quit'],
  scenario: ['nav.up', 'nav.down', 'nav.left', 'nav.right', 'select', 'reset', 'lesson', 'compare', 'back', 'help', 'quit'],
  predict: ['predict.up', 'predict.down', 'predict.same', 'predict.skip', 'nav.up', 'nav.down', 'select', 'back', 'help', 'quit'],
  running: ['cancel'],
  results: ['nav.up', 'nav.down', 'nav.pageUp', 'nav.pageDown', 'nav.top', 'nav.bottom', 'rerun', 'compare', 'export', 'lesson', 'back', 'help', 'quit'],
  compare: ['nav.up', 'nav.down', 'mark', 'select', 'export', 'back', 'help', 'quit'],
  lesson: ['nav.up', 'nav.down', 'nav.pageUp', 'nav.pageDown', 'nav.top', 'nav.bottom', 'drill', 'back', 'help', 'quit'],
  // one list for every phase of the drill (the reducer ignores what a phase does not use; the footer shows the phase's keys)
  drill: ['nav.up', 'nav.down', 'toggle', 'select', 'drill.mode', 'drill.finish', 'drill.measure', 'back', 'help', 'quit'],
  help: ['back', 'help', 'quit'],
};

/** The raw key press as ink reports it, narrowed to what the bindings look at. */
export type KeyFlags = Partial<Pick<Key, KeyName | 'ctrl' | 'meta' | 'shift'>>;

export function matches(binding: Binding, input: string, key: KeyFlags): boolean {
  if (binding.key) return key[binding.key] === true;
  if (binding.input === undefined) return false;
  if ((binding.ctrl ?? false) !== (key.ctrl ?? false)) return false;
  return input === binding.input;
}

/** The first command among `active` bound to this key press, or undefined. Pure. */
export function commandFor(input: string, key: KeyFlags, active: readonly Command[]): Command | undefined {
  return active.find((c) => keymap[c].bindings.some((b) => matches(b, input, key)));
}

/** A short footer hint for a screen: "↑/k move up · Enter open …". */
export function hintsFor(screen: ScreenName, skip: readonly Command[] = ['nav.pageUp', 'nav.pageDown', 'nav.top', 'nav.bottom', 'nav.left']): string[] {
  return screenCommands[screen].filter((c) => !skip.includes(c)).map((c) => `${keymap[c].label} ${SCREEN_HINTS[screen]?.[c] ?? shortName(c)}`);
}

/** What Enter (and a few others) mean on a given screen, for the footer. */
const SCREEN_HINTS: Partial<Record<ScreenName, Partial<Record<Command, string>>>> = {
  home: { select: 'open' },
  scenario: { select: 'run', 'nav.right': 'step' },
  predict: { select: 'run now' },
  compare: { select: 'open run' },
  drill: { select: 'submit' },
};

function shortName(c: Command): string {
  const names: Partial<Record<Command, string>> = {
    'nav.up': 'up', 'nav.down': 'down', 'nav.right': 'change', select: 'enter', back: 'back', quit: 'quit', help: 'help',
    filter: 'filter', cancel: 'cancel', lesson: 'lesson', compare: 'compare', export: 'export', rerun: 'rerun',
    reset: 'default', mark: 'baseline', 'predict.up': 'up', 'predict.down': 'down', 'predict.same': 'same', 'predict.skip': 'skip',
    drill: 'drill', 'drill.home': 'drill', toggle: 'pick', 'drill.mode': 'mode', 'drill.finish': 'finish', 'drill.measure': 'measure',
  };
  return names[c] ?? c;
}
