/** Errors that carry a meaning for the user and an exit code (see src/cli/exit-codes.ts; pure, so every layer may throw them). */

/** Bad input from the user: a scenario file, a --set value, an unknown name. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The run was cancelled (Ctrl-C, Esc in the TUI, an aborted signal). Exit 130. */
export class RunCancelledError extends Error {
  override name = 'RunCancelledError';
  constructor(message = 'run cancelled') {
    super(message);
  }
}

/** A run that would not fit in memory: refused up front with the estimate and the knob to turn. Exit 2. */
export class ResourceLimitError extends UsageError {
  override name = 'ResourceLimitError';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RunCancelledError();
}

/** "ENOSPC: no space left on device" from a Node errno error: the code and its meaning, without the syscall or path. */
export function errnoText(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e && typeof e.message === 'string') return typeof e.code === 'string' ? e.message.split(',')[0] : e.message;
  return String(err);
}
