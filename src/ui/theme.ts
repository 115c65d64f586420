/**
 * Semantic colours: components ask for `theme.status.error`, never for "red". One place to change the
 * look; NO_COLOR, FORCE_COLOR=0 or a non-TTY give the plain theme (every colour undefined), and the
 * screens never carry meaning by colour alone (✓/✗, ↑/↓ and the › cursor say it in characters).
 */
export interface Theme {
  color: boolean;
  text: { primary?: string; secondary?: string; accent?: string; link?: string };
  status: { success?: string; error?: string; warning?: string; info?: string };
  ui: { selected?: string; border?: string; heading?: string; bar?: string; barEmpty?: string; key?: string };
}

export const colourTheme: Theme = {
  color: true,
  text: { primary: undefined, secondary: 'gray', accent: 'cyan', link: 'blue' },
  status: { success: 'green', error: 'red', warning: 'yellow', info: 'cyan' },
  ui: { selected: 'cyan', border: 'gray', heading: 'magenta', bar: 'cyan', barEmpty: 'gray', key: 'yellow' },
};

export const plainTheme: Theme = { color: false, text: {}, status: {}, ui: {} };

/** Whether to colour: NO_COLOR (any value, per no-color.org) or FORCE_COLOR=0 turn it off, as does a non-TTY. */
export function wantsColour(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR === '0') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return true;
  return isTTY;
}

export function themeFor(colour: boolean): Theme {
  return colour ? colourTheme : plainTheme;
}
