/** Terminal output helpers: colour as the palette's wantsColour decides (a TTY, no NO_COLOR), progress on stderr (--out files: out-file.ts). */
import { ansi, PALETTE, wantsColour } from '../scenario/format/palette.js';
import type { Styler } from '../scenario/format/text.js';
import type { RunEvent } from '../scenario/types.js';

/** Whether to colour what goes to `stream` (stdout by default). Not a React hook, despite the name. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return wantsColour(process.env, Boolean(stream.isTTY));
}

export function styler(enabled: boolean): Styler {
  const c = ansi(enabled);
  const P = PALETTE;
  return { heading: (s) => c.bold[P.accent](s), dim: (s) => c.dim(s), good: (s) => c[P.success](s), bad: (s) => c[P.error](s), warn: (s) => c[P.warning](s) };
}

export function terminalWidth(): number {
  return Math.min(100, Math.max(60, process.stdout.columns ?? 80));
}

function bar(fraction: number, width = 24): string {
  const full = Math.round(fraction * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

function seconds(ms: number): string {
  return ms >= 60_000 ? `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s` : `${(ms / 1000).toFixed(1)}s`;
}

/**
 * Progress for `run` on stderr: an updating bar on a TTY; on a pipe, one line per stage (so logs stay readable).
 * Returns the event handler and a function that clears the line.
 */
export function progressReporter(quiet: boolean): { onEvent: (e: RunEvent) => void; done: () => void } {
  const err = process.stderr;
  const tty = Boolean(err.isTTY);
  let lastDraw = 0;
  let drawn = false;
  const clear = (): void => {
    if (tty && drawn) err.write('\r\x1b[2K');
    drawn = false;
  };
  const onEvent = (e: RunEvent): void => {
    if (quiet) return;
    if (e.type === 'stage-start' && !tty) err.write(`… ${e.stage}\n`);
    else if (e.type === 'stage-end') {
      clear();
      err.write(`✓ ${e.stage} (${seconds(e.ms)})\n`);
    } else if (e.type === 'progress' && tty) {
      const now = Date.now();
      if (now - lastDraw < 80 && e.fraction < 1) return;
      lastDraw = now;
      const eta = e.etaMs !== undefined ? ` eta ${seconds(e.etaMs)}` : '';
      const detail = e.detail ? ` ${e.detail}` : '';
      err.write(`\r\x1b[2K${e.stage} ${bar(e.fraction)} ${Math.round(e.fraction * 100)}%${eta}${detail}`.slice(0, (err.columns ?? 100) - 1));
      drawn = true;
    } else if (e.type === 'log') {
      clear();
      err.write(`${e.message}\n`);
    }
  };
  return { onEvent, done: clear };
}
