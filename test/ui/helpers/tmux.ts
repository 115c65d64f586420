/**
 * Drive a real terminal: start a command in a detached tmux session of a given size, send keys,
 * capture the screen. Used by the real-terminal TUI test and the TUI benchmark.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

export interface TmuxSession {
  name: string;
  /** the screen as text; with escapes, tmux re-encodes the cells' colours and attributes as SGR sequences */
  capture(options?: { escapes?: boolean }): string;
  /** tmux key names (Enter, Escape, Right, C-c) or literal text with { literal: true } */
  send(keys: string[], options?: { literal?: boolean }): void;
  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<string>;
  kill(): void;
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

// one server of our own per session (tmux -L <name>): tests never touch the user's tmux sessions and a
// server still shutting down never meets the next session; -u keeps UTF-8 cells (◂ █ ✓) intact whatever
// the locale of the CI shell
const tmuxArgs = (socket: string, args: string[]) => ['-u', '-L', socket, ...args];

/**
 * `maxPollMs`: the longest gap between two looks at the screen while waiting (default 25: every look, as a benchmark
 * timing a screen wants; the tests allow 200, fewer tmux processes for a few tenths of a second more per long wait).
 */
export function startTmux(command: string, options: { columns?: number; rows?: number; cwd?: string; env?: Record<string, string>; maxPollMs?: number } = {}): TmuxSession {
  const maxPollMs = Math.max(25, options.maxPollMs ?? 25);
  const name = `recsys-lab-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (args: string[]) => tmuxArgs(name, args);
  // CI=false: ink (through is-in-ci) renders only the last frame when it thinks it runs on CI, and the tmux server
  // inherits CI=true from the test runner on CI; this terminal is a real, interactive one
  const env = Object.entries({ CI: 'false', ...(options.env ?? {}) }).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
  // keep the pane after the command ends so the test can read the exit line
  const shell = `cd ${JSON.stringify(options.cwd ?? process.cwd())} && env ${env} ${command}; echo "[exit $?]"; sleep 600`;
  execFileSync('tmux', tmux(['new-session', '-d', '-s', name, '-x', String(options.columns ?? 120), '-y', String(options.rows ?? 40), shell]));
  const session: TmuxSession = {
    name,
    capture: (o = {}) => execFileSync('tmux', tmux(['capture-pane', '-p', ...(o.escapes ? ['-e'] : []), '-t', name]), { encoding: 'utf8' }),
    send(keys, opts = {}) {
      execFileSync('tmux', tmux(['send-keys', '-t', name, ...(opts.literal ? ['-l'] : []), ...keys]));
    },
    async waitFor(pattern, timeoutMs = 30_000) {
      const t0 = Date.now();
      // each look is a tmux process (~20 ms of CPU from a test worker): look again soon after a key, which the screen
      // answers within a few frames, and less often the longer the wait (a launch, a run), at most maxPollMs apart
      for (let gap = 25; ; gap = Math.min(maxPollMs, gap * 1.5)) {
        const screen = session.capture();
        if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
        if (Date.now() - t0 > timeoutMs) throw new Error(`tmux: timed out after ${timeoutMs} ms waiting for ${String(pattern)}; screen:\n${screen}`);
        await sleep(gap);
      }
    },
    kill() {
      spawnSync('tmux', tmux(['kill-session', '-t', name]), { stdio: 'ignore' });
      spawnSync('tmux', tmux(['kill-server']), { stdio: 'ignore' });
      // tmux leaves the socket file behind
      rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, name), { force: true });
    },
  };
  return session;
}
