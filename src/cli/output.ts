/** Terminal output helpers: colour only on a TTY without NO_COLOR, progress on stderr (--out files: out-file.ts). */
import chalk, { Chalk } from 'chalk';
import type { Styler } from '../scenario/format/text.js';
import type { RunEvent } from '../scenario/types.js';

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
}

export function styler(enabled: boolean): Styler {
  const c = enabled ? chalk : new Chalk({ level: 0 });
  return { heading: (s) => c.bold.cyan(s), dim: (s) => c.dim(s), good: (s) => c.green(s), bad: (s) => c.red(s), warn: (s) => c.yellow(s) };
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
