/**
 * Generation is written as generators that yield progress at checkpoints, so one body serves a
 * synchronous driver (generateWorld) and an asynchronous one that gives the event loop a turn
 * between chunks (generateWorldAsync: Ctrl-C and TUI repaints get through during a long build).
 */
import { RunCancelledError } from '../core/errors.js';

export interface StepProgress {
  stage: string;
  fraction: number;
}

export type Step<T> = Generator<StepProgress, T, void>;

export interface DriveOptions {
  onProgress?: (stage: string, fraction: number) => void;
  signal?: AbortSignal;
}

function check(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RunCancelledError('world generation cancelled');
}

/** Run a step to completion synchronously; the signal is checked at every checkpoint. */
export function driveSync<T>(step: Step<T>, options: DriveOptions): T {
  for (;;) {
    check(options.signal);
    const r = step.next();
    if (r.done) return r.value;
    options.onProgress?.(r.value.stage, r.value.fraction);
  }
}

/** Run a step, yielding to the event loop at least every `sliceMs` milliseconds. */
export async function driveAsync<T>(step: Step<T>, options: DriveOptions, sliceMs = 40): Promise<T> {
  let last = performance.now();
  for (;;) {
    check(options.signal);
    const r = step.next();
    if (r.done) return r.value;
    options.onProgress?.(r.value.stage, r.value.fraction);
    if (performance.now() - last > sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      last = performance.now();
    }
  }
}
