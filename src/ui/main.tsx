/**
 * TUI entry, loaded lazily by the CLI (`recsys-lab` with no arguments on a TTY): ink and react are
 * imported here and nowhere on the `run`/`list` paths. Resolves with the exit code when the user quits.
 */
import { render } from 'ink';
import { App } from './App.js';
import { initialState } from './state/reducer.js';
import { realServices, type TuiServices } from './services.js';
import { themeFor, wantsColour } from './theme.js';
import type { Scale } from '../scenario/types.js';

export interface StartTuiOptions {
  scale?: Scale;
  seed?: number;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  services?: TuiServices;
}

const ENTER_ALT_SCREEN = '\x1b[?1049h';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';

export async function startTui(options: StartTuiOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const services = options.services ?? (await realServices());
  const theme = themeFor(wantsColour(process.env, stdout.isTTY === true));
  const initial = initialState({ scale: options.scale, seed: options.seed, columns: stdout.columns, rows: stdout.rows });
  let code = 0;
  // the alternate screen keeps the user's scrollback intact and gives the app the whole window
  if (stdout.isTTY) stdout.write(ENTER_ALT_SCREEN);
  // a SIGTERM exits without unwinding (src/cli/main.ts): still give the user their screen back
  const leaveOnExit = (): void => void stdout.write(LEAVE_ALT_SCREEN);
  if (stdout.isTTY) process.once('exit', leaveOnExit);
  try {
    const instance = render(<App initial={initial} services={services} theme={theme} onExit={(c) => { code = c; }} />, {
      stdout,
      stdin,
      exitOnCtrlC: false, // Ctrl-C cancels a run first; the keymap decides
    });
    await instance.waitUntilExit();
  } finally {
    process.off('exit', leaveOnExit);
    if (stdout.isTTY) stdout.write(LEAVE_ALT_SCREEN);
    // a run still going stops with the app (its worker is terminated)
    await services.dispose?.().catch(() => {});
  }
  return code;
}
