/**
 * Semantic colours: components ask for `theme.status.error`, never for "red"; the colours come from the one palette
 * (scenario/format/palette.ts). NO_COLOR, FORCE_COLOR=0, TERM=dumb or a non-TTY give the plain theme (every colour
 * undefined; wantsColour decides), and the screens never carry meaning by colour alone (✓/✗, ↑/↓ and the › cursor
 * say it in characters).
 */
import { PALETTE } from '../scenario/format/palette.js';

export { wantsColour } from '../scenario/format/palette.js';

export interface Theme {
  color: boolean;
  text: { primary?: string; secondary?: string; accent?: string; link?: string };
  status: { success?: string; error?: string; warning?: string; info?: string };
  ui: { selected?: string; border?: string; heading?: string; bar?: string; barEmpty?: string; key?: string };
}

const P = PALETTE;

export const colourTheme: Theme = {
  color: true,
  text: { primary: undefined, secondary: P.muted, accent: P.accent, link: P.link },
  status: { success: P.success, error: P.error, warning: P.warning, info: P.info },
  ui: { selected: P.accent, border: P.muted, heading: P.heading, bar: P.accent, barEmpty: P.muted, key: P.key },
};

export const plainTheme: Theme = { color: false, text: {}, status: {}, ui: {} };

export function themeFor(colour: boolean): Theme {
  return colour ? colourTheme : plainTheme;
}
