/**
 * The one colour palette and the one decision whether to colour, shared by the TUI theme (ui/theme.ts), the CLI's
 * styler (cli/output.ts) and the lesson renderer (terminal-markdown.ts). Colours are named by role, never by hue
 * at the call site; the names are the 16 basic terminal colours, which chalk and ink's <Text color> both take.
 */
import { Chalk } from 'chalk';

export const PALETTE = {
  /** secondary text, borders, rules and block quotes */
  muted: 'gray',
  /** accents: subheadings, code, the selection, bars */
  accent: 'cyan',
  /** top-level headings */
  heading: 'magenta',
  link: 'blue',
  key: 'yellow',
  success: 'green',
  error: 'red',
  warning: 'yellow',
  info: 'cyan',
} as const;

export type PaletteRole = keyof typeof PALETTE;

/**
 * Whether to colour: NO_COLOR set to a non-empty value turns it off (no-color.org: an empty value does not), so does
 * FORCE_COLOR=0 or TERM=dumb; another non-empty FORCE_COLOR turns it on; otherwise colour exactly when the output is
 * a terminal.
 */
export function wantsColour(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR === '0') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return true;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

/**
 * ANSI styling once colour is decided: level 1 (the 16 basic colours) is all the palette uses and works on every
 * terminal; with colour off every style returns its text unchanged.
 */
export function ansi(colour: boolean): InstanceType<typeof Chalk> {
  return new Chalk({ level: colour ? 1 : 0 });
}
